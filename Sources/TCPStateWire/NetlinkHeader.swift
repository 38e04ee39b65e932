/// Mirrors `struct nlmsghdr` (include/uapi/linux/netlink.h): 16 bytes, host order.
public struct NetlinkHeader: Equatable, Sendable {
  public static let size = 16
  /// Messages and attributes are padded to 4 bytes (`NLMSG_ALIGNTO`, `NLA_ALIGNTO`).
  public static let alignment = 4

  public var length: UInt32
  public var type: UInt16
  public var flags: UInt16
  public var sequence: UInt32
  public var portID: UInt32

  public static let typeNoop: UInt16 = 1
  public static let typeError: UInt16 = 2
  public static let typeDone: UInt16 = 3
  public static let typeOverrun: UInt16 = 4
  /// `NLMSG_MIN_TYPE`: types below it are netlink's own control messages.
  public static let firstProtocolType: UInt16 = 16
  /// `SOCK_DIAG_BY_FAMILY`: the request and reply type of sock_diag.
  public static let typeSockDiagByFamily: UInt16 = 20
  /// `SOCK_DESTROY` (include/uapi/linux/sock_diag.h): close one socket, as `ss -K`.
  public static let typeSockDestroy: UInt16 = 21

  public static let flagRequest: UInt16 = 0x1
  public static let flagMulti: UInt16 = 0x2
  public static let flagAck: UInt16 = 0x4
  /// `NLM_F_DUMP_INTR`: the table changed during the dump; the result may be inconsistent.
  public static let flagDumpInterrupted: UInt16 = 0x10
  /// `NLM_F_DUMP` (`NLM_F_ROOT | NLM_F_MATCH`).
  public static let flagDump: UInt16 = 0x300

  public init(length: UInt32, type: UInt16, flags: UInt16, sequence: UInt32, portID: UInt32) {
    self.length = length
    self.type = type
    self.flags = flags
    self.sequence = sequence
    self.portID = portID
  }

  /// Reads the header at the start of `bytes`; the length is checked against what is there.
  public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> NetlinkHeader {
    let reader = ByteReader(bytes)
    guard reader.has(size, at: 0) else {
      throw DecodeError(offset: 0, "netlink header needs \(size) bytes, \(bytes.count) left")
    }
    let header = NetlinkHeader(
      length: reader.u32(0), type: reader.u16(4), flags: reader.u16(6), sequence: reader.u32(8),
      portID: reader.u32(12))
    guard header.length >= UInt32(size) else {
      throw DecodeError(offset: 0, "netlink message length \(header.length) is shorter than its header")
    }
    guard Int(header.length) <= bytes.count else {
      throw DecodeError(offset: 0, "netlink message claims \(header.length) bytes, only \(bytes.count) arrived")
    }
    return header
  }

  public static func aligned(_ length: Int) -> Int { (length + alignment - 1) & ~(alignment - 1) }

  public func encode(into out: inout [UInt8]) {
    withUnsafeBytes(of: length) { out.append(contentsOf: $0) }
    withUnsafeBytes(of: type) { out.append(contentsOf: $0) }
    withUnsafeBytes(of: flags) { out.append(contentsOf: $0) }
    withUnsafeBytes(of: sequence) { out.append(contentsOf: $0) }
    withUnsafeBytes(of: portID) { out.append(contentsOf: $0) }
  }
}
