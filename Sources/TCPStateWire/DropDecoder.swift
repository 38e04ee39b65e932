/// `skb:kfree_skb` (include/trace/events/skb.h): a packet was dropped. The
/// record has no addresses: only the receiving socket (`rx_sk`, Linux 6.12+,
/// 0 when none had been found), the link-layer protocol (host order), the
/// code address that dropped it (`location`) and, since 5.17, the
/// `skb_drop_reason`, named by the print format's `__print_symbolic` table.
public struct DropDecoder: TCPEventDecoder {
  public let kind = TCPEventRecord.Kind.drop
  public let minimumSize: Int
  let flags, pid, skbaddr, location, protocolNumber: TracepointFormat.Field
  let rxSocket, reason: TracepointFormat.Field?
  public let reasons: PrintSymbols

  public static let ethernetIPv4: UInt16 = 0x0800
  public static let ethernetIPv6: UInt16 = 0x86DD

  public init(format: TracepointFormat) throws(MissingTracepointField) {
    var lookup = FieldLookup(format, "skb:kfree_skb")
    flags = try lookup.field("common_flags", size: 1)
    pid = try lookup.field("common_pid", size: 4)
    skbaddr = try lookup.field("skbaddr", size: 8)
    location = try lookup.field("location", size: 8)
    protocolNumber = try lookup.field("protocol", size: 2)
    rxSocket = try? lookup.field("rx_sk", size: 8)
    reason = try? lookup.field("reason", size: 4)
    reasons = PrintSymbols.parse(format.printFormat, field: "reason")
    minimumSize = lookup.end
  }

  public func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> TCPEventRecord {
    let reader = try ByteReader.checked(raw, minimum: minimumSize, "kfree_skb")
    var record = TCPEventRecord(kind: kind)
    record.commonFlags = reader.u8(flags.offset)
    record.commonPID = Int32(bitPattern: reader.u32(pid.offset))
    record.packetAddress = reader.u64(skbaddr.offset)
    record.location = reader.u64(location.offset)
    record.packetProtocol = reader.u16(protocolNumber.offset)
    record.socketAddress = rxSocket.map { reader.u64($0.offset) } ?? 0
    if let reason {
      let value = UInt64(reader.u32(reason.offset))
      record.reason = value
      record.reasonName = reasons.name(of: value)
    }
    return record
  }
}
