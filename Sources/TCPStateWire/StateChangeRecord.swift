import TCPStateModel

/// One `sock:inet_sock_set_state` record (include/trace/events/sock.h):
/// the socket's kernel address, old and new state, ports (host order) and
/// addresses, plus the trace entry's common fields.
public struct StateChangeRecord: Equatable, Sendable {
  public var socketAddress: UInt64
  public var oldState: TCPState
  public var newState: TCPState
  public var family: AddressFamily
  public var protocolNumber: UInt16
  public var local: Endpoint
  public var peer: Endpoint
  /// `common_flags`: TRACE_FLAG_HARDIRQ (0x08) and TRACE_FLAG_SOFTIRQ (0x10)
  /// mean the CPU was serving an interrupt, so `commonPID` is not the owner.
  public var commonFlags: UInt8
  public var commonPID: Int32

  public var inInterrupt: Bool { commonFlags & 0x18 != 0 }

  public static let ipprotoTCP: UInt16 = 6
}

/// Decodes records using offsets from the tracepoint's format.
public struct StateChangeDecoder: Sendable {
  struct Layout: Sendable {
    var skaddr, oldstate, newstate, sport, dport, family, protocolNumber: TracepointFormat.Field
    var saddr, daddr, saddrV6, daddrV6, flags, pid: TracepointFormat.Field
  }

  let layout: Layout
  /// Bytes a record must have to hold every field.
  public let minimumSize: Int

  public struct MissingField: Error, CustomStringConvertible {
    public var name: String
    public var description: String { "tracepoint sock:inet_sock_set_state has no field '\(name)'" }
  }

  public init(format: TracepointFormat) throws(MissingField) {
    func field(_ name: String, size: Int? = nil) throws(MissingField) -> TracepointFormat.Field {
      guard let field = format.fields[name], size == nil || field.size == size else { throw MissingField(name: name) }
      return field
    }
    layout = Layout(
      skaddr: try field("skaddr", size: 8), oldstate: try field("oldstate", size: 4),
      newstate: try field("newstate", size: 4), sport: try field("sport", size: 2), dport: try field("dport", size: 2),
      family: try field("family", size: 2), protocolNumber: try field("protocol", size: 2),
      saddr: try field("saddr", size: 4), daddr: try field("daddr", size: 4), saddrV6: try field("saddr_v6", size: 16),
      daddrV6: try field("daddr_v6", size: 16), flags: try field("common_flags", size: 1),
      pid: try field("common_pid", size: 4))
    let all = [
      layout.skaddr, layout.oldstate, layout.newstate, layout.sport, layout.dport, layout.family,
      layout.protocolNumber, layout.saddr, layout.daddr, layout.saddrV6, layout.daddrV6, layout.flags, layout.pid,
    ]
    minimumSize = all.map { $0.offset + $0.size }.max() ?? 0
  }

  public func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> StateChangeRecord {
    guard raw.count >= minimumSize else {
      throw DecodeError(offset: 0, "tracepoint record has \(raw.count) bytes, needs \(minimumSize)")
    }
    let reader = ByteReader(raw)
    let familyRaw = UInt8(truncatingIfNeeded: reader.u16(layout.family.offset))
    guard let family = AddressFamily(rawValue: familyRaw) else {
      throw DecodeError(offset: layout.family.offset, "unknown address family \(familyRaw)")
    }
    let sourceField = family == .inet ? layout.saddr : layout.saddrV6
    let destinationField = family == .inet ? layout.daddr : layout.daddrV6
    let source = IPAddress(family: family, bytes: reader.slice(sourceField.offset, sourceField.size)) ?? .anyV4
    let destination =
      IPAddress(family: family, bytes: reader.slice(destinationField.offset, destinationField.size)) ?? .anyV4
    return StateChangeRecord(
      socketAddress: reader.u64(layout.skaddr.offset),
      oldState: TCPState(rawValue: UInt8(truncatingIfNeeded: reader.u32(layout.oldstate.offset))),
      newState: TCPState(rawValue: UInt8(truncatingIfNeeded: reader.u32(layout.newstate.offset))),
      family: family,
      protocolNumber: reader.u16(layout.protocolNumber.offset),
      local: Endpoint(address: source, port: reader.u16(layout.sport.offset)),
      peer: Endpoint(address: destination, port: reader.u16(layout.dport.offset)),
      commonFlags: reader.u8(layout.flags.offset),
      commonPID: Int32(bitPattern: reader.u32(layout.pid.offset)))
  }
}
