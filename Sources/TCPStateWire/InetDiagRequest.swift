import TCPStateModel

/// Encodes a sock_diag dump request: `struct nlmsghdr`, `struct
/// inet_diag_req_v2` (56 bytes), and an optional `INET_DIAG_REQ_BYTECODE`
/// attribute carrying the filter program.
public struct InetDiagRequest: Sendable {
  /// Which extra attributes to ask for (`idiag_ext`: bit N-1 for attribute N).
  public struct Extensions: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let info = Extensions(rawValue: 1 << 1)
    public static let congestion = Extensions(rawValue: 1 << 3)
    public static let tos = Extensions(rawValue: 1 << 4)
    public static let trafficClass = Extensions(rawValue: 1 << 5)
    public static let skMemInfo = Extensions(rawValue: 1 << 6)
    public static let shutdown = Extensions(rawValue: 1 << 7)
  }

  public var family: AddressFamily
  public var states: StateSet
  public var extensions: Extensions
  public var bytecode: [UInt8]
  /// Ask for one socket by its 4-tuple instead of dumping (`inet_diag_find_one_icsk`).
  public var exact: (local: Endpoint, peer: Endpoint)?
  /// With `exact`: the socket's cookie, so the kernel acts only on that very
  /// socket (`sock_diag_check_cookie`: ESTALE when a new socket took the 4-tuple).
  /// Nil sends INET_DIAG_NOCOOKIE (any socket with the 4-tuple).
  public var cookie: UInt64?
  /// With `exact`: the bound interface (`idiag_if`), 0 for any.
  public var interface: UInt32 = 0
  /// `SOCK_DIAG_BY_FAMILY` (a dump or lookup) or `SOCK_DESTROY`.
  public var type: UInt16 = NetlinkHeader.typeSockDiagByFamily

  public init(family: AddressFamily, states: StateSet, extensions: Extensions = [], bytecode: [UInt8] = []) {
    self.family = family
    self.states = states
    self.extensions = extensions
    self.bytecode = bytecode
  }

  /// A lookup of the socket with exactly these endpoints (established, or time-wait).
  public static func lookup(family: AddressFamily, local: Endpoint, peer: Endpoint, extensions: Extensions = [])
    -> InetDiagRequest
  {
    var request = InetDiagRequest(family: family, states: .all, extensions: extensions)
    request.exact = (local, peer)
    return request
  }

  /// A SOCK_DESTROY request for exactly this socket, as `ss -K` sends it:
  /// the 4-tuple, interface and cookie from its dump, acknowledged (NLM_F_ACK)
  /// so every destroy gets its own success or errno back.
  public static func destroy(_ socket: Socket) -> InetDiagRequest {
    var request = InetDiagRequest(family: socket.family, states: .all)
    request.exact = (socket.local, socket.peer)
    request.cookie = socket.cookie
    request.interface = socket.interface
    request.type = NetlinkHeader.typeSockDestroy
    return request
  }

  static let ipprotoTCP: UInt8 = 6
  static let requestBytecode: UInt16 = 1
  static let bodySize = 56

  /// The request as it goes to the kernel.
  public func encode(sequence: UInt32) -> [UInt8] {
    var states = states
    // inet_diag reports request sockets only when SYN_RECV is asked for; make
    // NEW_SYN_RECV imply it too.
    if states.contains(.newSynRecv) { states.insert(StateSet(.synRecv)) }
    let attributeLength = bytecode.isEmpty ? 0 : 4 + bytecode.count
    let length = NetlinkHeader.size + Self.bodySize + NetlinkHeader.aligned(attributeLength)
    var out: [UInt8] = []
    out.reserveCapacity(length)
    NetlinkHeader(
      length: UInt32(length), type: type, flags: flags, sequence: sequence, portID: 0
    ).encode(into: &out)
    out.append(family.rawValue)
    out.append(Self.ipprotoTCP)
    out.append(extensions.rawValue)
    out.append(0)
    withUnsafeBytes(of: states.rawValue) { out.append(contentsOf: $0) }
    appendSocketID(to: &out)
    if !bytecode.isEmpty {
      withUnsafeBytes(of: UInt16(attributeLength)) { out.append(contentsOf: $0) }
      withUnsafeBytes(of: Self.requestBytecode) { out.append(contentsOf: $0) }
      out.append(contentsOf: bytecode)
      out.append(contentsOf: [UInt8](repeating: 0, count: NetlinkHeader.aligned(attributeLength) - attributeLength))
    }
    return out
  }

  /// A dump, a lookup, or an acknowledged destroy.
  var flags: UInt16 {
    if type == NetlinkHeader.typeSockDestroy { return NetlinkHeader.flagRequest | NetlinkHeader.flagAck }
    return NetlinkHeader.flagRequest | (exact == nil ? NetlinkHeader.flagDump : 0)
  }

  /// `struct inet_diag_sockid`: ports and addresses big-endian, interface,
  /// cookie (two host-order u32, low word first). Zero for a dump; the 4-tuple
  /// and the cookie (or INET_DIAG_NOCOOKIE) for a lookup or destroy.
  func appendSocketID(to out: inout [UInt8]) {
    guard let (local, peer) = exact else {
      out.append(contentsOf: [UInt8](repeating: 0, count: 48))
      return
    }
    out.append(contentsOf: [
      UInt8(local.port >> 8), UInt8(local.port & 0xff), UInt8(peer.port >> 8), UInt8(peer.port & 0xff),
    ])
    for address in [local.address, peer.address] {
      for i in 0..<16 { out.append(i < address.byteCount ? address.byte(i) : 0) }
    }
    withUnsafeBytes(of: interface) { out.append(contentsOf: $0) }
    if let cookie {
      withUnsafeBytes(of: UInt32(truncatingIfNeeded: cookie)) { out.append(contentsOf: $0) }
      withUnsafeBytes(of: UInt32(truncatingIfNeeded: cookie >> 32)) { out.append(contentsOf: $0) }
    } else {
      out.append(contentsOf: [UInt8](repeating: 0xff, count: 8))  // INET_DIAG_NOCOOKIE
    }
  }
}
