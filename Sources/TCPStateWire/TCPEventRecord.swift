import TCPStateModel

/// One record of a TCP trouble tracepoint: a retransmission
/// (`tcp:tcp_retransmit_skb`, `tcp:tcp_retransmit_synack`), a reset sent or
/// received (`tcp:tcp_send_reset`, `tcp:tcp_receive_reset`) or a dropped
/// packet (`skb:kfree_skb`). Fields a tracepoint does not carry are nil.
public struct TCPEventRecord: Equatable, Sendable {
  public enum Kind: UInt8, Sendable, CaseIterable {
    case retransmit, retransmitSynack, sendReset, receiveReset, drop

    /// `system/name` under tracefs `events/`.
    public var tracepoint: String {
      switch self {
      case .retransmit: "tcp/tcp_retransmit_skb"
      case .retransmitSynack: "tcp/tcp_retransmit_synack"
      case .sendReset: "tcp/tcp_send_reset"
      case .receiveReset: "tcp/tcp_receive_reset"
      case .drop: "skb/kfree_skb"
      }
    }

    /// `system:name`, as perf and the documentation spell it.
    public var displayName: String { String(tracepoint.map { $0 == "/" ? ":" : $0 }) }
  }

  public var kind: Kind
  /// The socket's kernel address (`skaddr`, kfree_skb's `rx_sk`); 0 when none.
  public var socketAddress: UInt64 = 0
  /// The packet's kernel address (`skbaddr`: send_reset, kfree_skb): a reset
  /// sent for a packet no socket wanted and that packet's drop share it.
  public var packetAddress: UInt64 = 0
  public var family: AddressFamily?
  public var local: Endpoint?
  public var peer: Endpoint?
  /// The socket's state when it happened (retransmit_skb, send_reset).
  public var state: TCPState?
  /// The kernel's reason value and its name from the format's print table.
  public var reason: UInt64?
  public var reasonName: String?
  /// tcp_receive_reset's socket cookie (the one sock_diag reports).
  public var cookie: UInt64?
  /// kfree_skb: the code address that freed the packet, and the packet's
  /// link-layer protocol (ETH_P_IP 0x0800, ETH_P_IPV6 0x86DD).
  public var location: UInt64?
  public var packetProtocol: UInt16?
  /// tcp_retransmit_skb's `err`: non-zero when the retransmission failed locally.
  public var error: Int32?
  public var commonFlags: UInt8 = 0
  public var commonPID: Int32 = 0

  public init(kind: Kind) { self.kind = kind }

  /// The CPU was serving an interrupt (a timer, a received packet): the pid is not the owner.
  public var inInterrupt: Bool { commonFlags & 0x18 != 0 }
}

/// A decoder for one tracepoint, built from its format file.
public protocol TCPEventDecoder: Sendable {
  var kind: TCPEventRecord.Kind { get }
  /// Bytes a record must have to hold every field read.
  var minimumSize: Int { get }
  func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> TCPEventRecord
}

/// A field the decoder needs is missing, or has an unexpected size.
public struct MissingTracepointField: Error, Equatable, CustomStringConvertible {
  public var tracepoint: String
  public var name: String
  public var description: String { "tracepoint \(tracepoint) has no field '\(name)' of the expected size" }
}

extension TCPEventRecord.Kind {
  /// The decoder for this tracepoint, with offsets (and reason names) from `format`.
  public func decoder(format: TracepointFormat) throws(MissingTracepointField) -> any TCPEventDecoder {
    switch self {
    case .retransmit: try RetransmitDecoder(format: format)
    case .retransmitSynack: try SynackRetransmitDecoder(format: format)
    case .sendReset: try SendResetDecoder(format: format)
    case .receiveReset: try ReceiveResetDecoder(format: format)
    case .drop: try DropDecoder(format: format)
    }
  }
}

/// Looks fields up by name, checks their size, and remembers how far the
/// furthest one reaches.
struct FieldLookup {
  let format: TracepointFormat
  let tracepoint: String
  private(set) var end = 0

  init(_ format: TracepointFormat, _ tracepoint: String) {
    self.format = format
    self.tracepoint = tracepoint
  }

  mutating func field(_ name: String, size: Int? = nil) throws(MissingTracepointField) -> TracepointFormat.Field {
    guard let field = format.fields[name], size == nil || field.size == size else {
      throw MissingTracepointField(tracepoint: tracepoint, name: name)
    }
    end = max(end, field.offset + field.size)
    return field
  }
}

/// The common fields and the `TP_STORE_ADDR_PORTS` block (family, ports in
/// host order, v4 and v6 addresses) several tcp tracepoints share.
struct FlowLayout: Sendable {
  var flags, pid, sport, dport, family, saddr, daddr, saddrV6, daddrV6: TracepointFormat.Field

  init(_ lookup: inout FieldLookup) throws(MissingTracepointField) {
    flags = try lookup.field("common_flags", size: 1)
    pid = try lookup.field("common_pid", size: 4)
    sport = try lookup.field("sport", size: 2)
    dport = try lookup.field("dport", size: 2)
    family = try lookup.field("family", size: 2)
    saddr = try lookup.field("saddr", size: 4)
    daddr = try lookup.field("daddr", size: 4)
    saddrV6 = try lookup.field("saddr_v6", size: 16)
    daddrV6 = try lookup.field("daddr_v6", size: 16)
  }

  /// Fills the common and flow fields of `record` from `reader`.
  func read(_ reader: ByteReader, into record: inout TCPEventRecord) throws(DecodeError) {
    record.commonFlags = reader.u8(flags.offset)
    record.commonPID = Int32(bitPattern: reader.u32(pid.offset))
    let familyRaw = UInt8(truncatingIfNeeded: reader.u16(family.offset))
    guard let decoded = AddressFamily(rawValue: familyRaw) else {
      throw DecodeError(offset: family.offset, "unknown address family \(familyRaw)")
    }
    let source = decoded == .inet ? saddr : saddrV6
    let destination = decoded == .inet ? daddr : daddrV6
    record.family = decoded
    record.local = Endpoint(
      address: IPAddress(family: decoded, bytes: reader.slice(source.offset, source.size)) ?? .anyV4,
      port: reader.u16(sport.offset))
    record.peer = Endpoint(
      address: IPAddress(family: decoded, bytes: reader.slice(destination.offset, destination.size)) ?? .anyV4,
      port: reader.u16(dport.offset))
  }
}

extension ByteReader {
  /// Checks a record is long enough before any field is read.
  static func checked(_ raw: UnsafeRawBufferPointer, minimum: Int, _ tracepoint: String) throws(DecodeError)
    -> ByteReader
  {
    guard raw.count >= minimum else {
      throw DecodeError(offset: 0, "\(tracepoint) record has \(raw.count) bytes, needs \(minimum)")
    }
    return ByteReader(raw)
  }
}
