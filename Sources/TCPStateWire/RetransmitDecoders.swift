import TCPStateModel

/// `tcp:tcp_retransmit_skb` (include/trace/events/tcp.h): the socket, its
/// state (SYN_SENT means the SYN itself was sent again), ports and addresses,
/// and, since Linux 6.10, `err` (non-zero: the retransmission failed locally).
public struct RetransmitDecoder: TCPEventDecoder {
  public let kind = TCPEventRecord.Kind.retransmit
  public let minimumSize: Int
  let flow: FlowLayout
  let skaddr, state: TracepointFormat.Field
  let err: TracepointFormat.Field?

  public init(format: TracepointFormat) throws(MissingTracepointField) {
    var lookup = FieldLookup(format, "tcp:tcp_retransmit_skb")
    flow = try FlowLayout(&lookup)
    skaddr = try lookup.field("skaddr", size: 8)
    state = try lookup.field("state", size: 4)
    err = try? lookup.field("err", size: 4)
    minimumSize = lookup.end
  }

  public func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> TCPEventRecord {
    let reader = try ByteReader.checked(raw, minimum: minimumSize, "tcp_retransmit_skb")
    var record = TCPEventRecord(kind: kind)
    try flow.read(reader, into: &record)
    record.socketAddress = reader.u64(skaddr.offset)
    record.state = TCPState(rawValue: UInt8(truncatingIfNeeded: reader.u32(state.offset)))
    record.error = err.map { Int32(bitPattern: reader.u32($0.offset)) }
    return record
  }
}

/// `tcp:tcp_retransmit_synack`: a listener sent a SYN-ACK again for a
/// request socket (the client's ACK did not arrive). `skaddr` is the listener.
public struct SynackRetransmitDecoder: TCPEventDecoder {
  public let kind = TCPEventRecord.Kind.retransmitSynack
  public let minimumSize: Int
  let flow: FlowLayout
  let skaddr: TracepointFormat.Field

  public init(format: TracepointFormat) throws(MissingTracepointField) {
    var lookup = FieldLookup(format, "tcp:tcp_retransmit_synack")
    flow = try FlowLayout(&lookup)
    skaddr = try lookup.field("skaddr", size: 8)
    minimumSize = lookup.end
  }

  public func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> TCPEventRecord {
    let reader = try ByteReader.checked(raw, minimum: minimumSize, "tcp_retransmit_synack")
    var record = TCPEventRecord(kind: kind)
    try flow.read(reader, into: &record)
    record.socketAddress = reader.u64(skaddr.offset)
    record.state = .synRecv
    return record
  }
}
