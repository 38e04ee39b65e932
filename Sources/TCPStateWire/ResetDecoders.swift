import TCPStateModel

/// `tcp:tcp_send_reset`: this host sent a RST. Since Linux 6.10 the record
/// holds the addresses as two `sockaddr_in`/`sockaddr_in6` (28 bytes, port
/// and address big-endian) and the reset's `reason` (`enum sk_rst_reason`,
/// named by the print format's table); older kernels have the shared
/// ports-and-addresses block instead. `skaddr` is 0 and `state` 0 when no
/// socket matched the packet (a closed port).
public struct SendResetDecoder: TCPEventDecoder {
  public let kind = TCPEventRecord.Kind.sendReset
  public let minimumSize: Int
  let flags, pid, skaddr, state: TracepointFormat.Field
  let skbaddr, reason: TracepointFormat.Field?
  let reasons: PrintSymbols
  /// The 6.10+ sockaddr form, else the shared block.
  let sockaddrs: (saddr: TracepointFormat.Field, daddr: TracepointFormat.Field)?
  let flow: FlowLayout?

  public init(format: TracepointFormat) throws(MissingTracepointField) {
    var lookup = FieldLookup(format, "tcp:tcp_send_reset")
    flags = try lookup.field("common_flags", size: 1)
    pid = try lookup.field("common_pid", size: 4)
    skaddr = try lookup.field("skaddr", size: 8)
    state = try lookup.field("state", size: 4)
    reason = try? lookup.field("reason", size: 4)
    skbaddr = try? lookup.field("skbaddr", size: 8)
    reasons = PrintSymbols.parse(format.printFormat, field: "reason")
    if format.fields["saddr"]?.size == 28 {
      sockaddrs = (try lookup.field("saddr", size: 28), try lookup.field("daddr", size: 28))
      flow = nil
    } else {
      sockaddrs = nil
      flow = try FlowLayout(&lookup)
    }
    minimumSize = lookup.end
  }

  public func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> TCPEventRecord {
    let reader = try ByteReader.checked(raw, minimum: minimumSize, "tcp_send_reset")
    var record = TCPEventRecord(kind: kind)
    if let flow {
      try flow.read(reader, into: &record)
    } else if let sockaddrs {
      let local = try Self.sockaddr(reader, sockaddrs.saddr.offset)
      let peer = try Self.sockaddr(reader, sockaddrs.daddr.offset)
      record.family = local.0
      record.local = local.1
      record.peer = peer.1
    }
    record.commonFlags = reader.u8(flags.offset)
    record.commonPID = Int32(bitPattern: reader.u32(pid.offset))
    record.socketAddress = reader.u64(skaddr.offset)
    record.packetAddress = skbaddr.map { reader.u64($0.offset) } ?? 0
    let stateValue = reader.u32(state.offset)
    record.state = stateValue == 0 ? nil : TCPState(rawValue: UInt8(truncatingIfNeeded: stateValue))
    if let reason {
      let value = UInt64(reader.u32(reason.offset))
      record.reason = value
      record.reasonName = reasons.name(of: value)
    }
    return record
  }

  /// A `sockaddr_in` or `sockaddr_in6` stored in 28 bytes: family in host order, then big-endian port and address.
  static func sockaddr(_ reader: ByteReader, _ offset: Int) throws(DecodeError) -> (AddressFamily, Endpoint) {
    let raw = UInt8(truncatingIfNeeded: reader.u16(offset))
    guard let family = AddressFamily(rawValue: raw) else {
      throw DecodeError(offset: offset, "unknown address family \(raw) in a sockaddr")
    }
    let port = reader.u16BigEndian(offset + 2)
    let address =
      family == .inet
      ? IPAddress(family: family, bytes: reader.slice(offset + 4, 4))
      : IPAddress(
        family: family, bytes: reader.slice(offset + 8, 16))
    return (family, Endpoint(address: address ?? .anyV4, port: port))
  }
}

/// `tcp:tcp_receive_reset`: a RST arrived for this socket (connect refused,
/// peer aborted). Since Linux 6.x it also carries the socket's cookie.
public struct ReceiveResetDecoder: TCPEventDecoder {
  public let kind = TCPEventRecord.Kind.receiveReset
  public let minimumSize: Int
  let flow: FlowLayout
  let skaddr: TracepointFormat.Field
  let cookie: TracepointFormat.Field?

  public init(format: TracepointFormat) throws(MissingTracepointField) {
    var lookup = FieldLookup(format, "tcp:tcp_receive_reset")
    flow = try FlowLayout(&lookup)
    skaddr = try lookup.field("skaddr", size: 8)
    cookie = try? lookup.field("sock_cookie", size: 8)
    minimumSize = lookup.end
  }

  public func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> TCPEventRecord {
    let reader = try ByteReader.checked(raw, minimum: minimumSize, "tcp_receive_reset")
    var record = TCPEventRecord(kind: kind)
    try flow.read(reader, into: &record)
    record.socketAddress = reader.u64(skaddr.offset)
    record.cookie = cookie.map { reader.u64($0.offset) }
    return record
  }
}
