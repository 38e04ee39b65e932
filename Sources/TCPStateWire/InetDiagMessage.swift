import TCPStateModel

/// Decodes one `SOCK_DIAG_BY_FAMILY` reply: `struct nlmsghdr`, then
/// `struct inet_diag_msg` (72 bytes), then attributes (`INET_DIAG_*`).
///
/// Mirrors include/uapi/linux/inet_diag.h. Ports and addresses in
/// `inet_diag_sockid` are big-endian; everything else is host order.
public enum InetDiagMessage {
  /// Size of `struct inet_diag_msg`.
  public static let bodySize = 72

  /// `INET_DIAG_*` attribute types.
  public enum AttributeType {
    public static let memInfo: UInt16 = 1
    public static let info: UInt16 = 2
    public static let vegasInfo: UInt16 = 3
    public static let congestion: UInt16 = 4
    public static let tos: UInt16 = 5
    public static let trafficClass: UInt16 = 6
    public static let skMemInfo: UInt16 = 7
    public static let shutdown: UInt16 = 8
    public static let dctcpInfo: UInt16 = 9
    public static let protocolNumber: UInt16 = 10
    public static let ipv6Only: UInt16 = 11
    public static let pad: UInt16 = 14
    public static let mark: UInt16 = 15
    public static let bbrInfo: UInt16 = 16
    public static let classID: UInt16 = 17
    public static let md5Signature: UInt16 = 18
    public static let ulpInfo: UInt16 = 19
    public static let bpfStorages: UInt16 = 20
    public static let cgroupID: UInt16 = 21
    public static let socketOptions: UInt16 = 22

    /// Types this build understands, decoded or deliberately skipped.
    static let understood: Set<UInt16> = Set(1...22)
  }

  /// Decodes a whole netlink message (header included). Offsets in errors are
  /// relative to the message start. A bad attribute does not lose the socket:
  /// what decoded before it is returned with the error alongside.
  public static func decode(_ message: UnsafeRawBufferPointer) -> (Socket?, DecodeError?) {
    let header: NetlinkHeader
    do {
      header = try NetlinkHeader.decode(message)
    } catch {
      return (nil, error)
    }
    let reader = ByteReader(message)
    let base = NetlinkHeader.size
    let total = Int(header.length)
    guard total - base >= bodySize else {
      return (nil, DecodeError(offset: base, "inet_diag_msg needs \(bodySize) bytes, message has \(total - base)"))
    }
    guard let family = AddressFamily(rawValue: reader.u8(base)) else {
      return (nil, DecodeError(offset: base, "unknown address family \(reader.u8(base))"))
    }
    let addressLength = family == .inet ? 4 : 16
    let source = IPAddress(family: family, bytes: reader.slice(base + 8, addressLength))
    let destination = IPAddress(family: family, bytes: reader.slice(base + 24, addressLength))
    guard let source, let destination else {
      return (nil, DecodeError(offset: base + 8, "address field too short"))
    }
    let cookie = UInt64(reader.u32(base + 44)) | UInt64(reader.u32(base + 48)) << 32
    var socket = Socket(
      family: family,
      state: TCPState(rawValue: reader.u8(base + 1)),
      local: Endpoint(address: source, port: reader.u16BigEndian(base + 4)),
      peer: Endpoint(address: destination, port: reader.u16BigEndian(base + 6)),
      interface: reader.u32(base + 40),
      cookie: cookie,
      timer: SocketTimer(
        kind: SocketTimer.Kind(raw: reader.u8(base + 2)),
        expiresMs: Int64(Int32(bitPattern: reader.u32(base + 52))),
        retransmits: reader.u8(base + 3)),
      recvQ: reader.u32(base + 56),
      sendQ: reader.u32(base + 60),
      uid: reader.u32(base + 64),
      inode: reader.u32(base + 68))

    let attributesStart = base + bodySize
    var cursor = AttributeCursor(reader.slice(attributesStart, total - attributesStart))
    var problem: DecodeError?
    while let attribute = cursor.next() {
      if let error = decodeAttribute(attribute, into: &socket) {
        problem = problem ?? error.shifted(by: attributesStart)
      }
    }
    if let error = cursor.error { problem = problem ?? error.shifted(by: attributesStart) }
    return (socket, problem)
  }

  /// Returns an error for a known attribute with an impossible size; the
  /// attribute is then left out rather than guessed at.
  static func decodeAttribute(_ attribute: AttributeCursor.Attribute, into socket: inout Socket) -> DecodeError? {
    let payload = attribute.payload
    let reader = ByteReader(payload)
    func tooShort(_ name: String, _ need: Int) -> DecodeError {
      DecodeError(offset: attribute.offset, "\(name) attribute has \(payload.count) bytes, needs \(need)")
    }
    switch attribute.type {
    case AttributeType.info:
      // Any length is valid: decode what arrived (older kernels send less).
      socket.tcpInfo = TCPInfo(bytes: payload)
    case AttributeType.congestion:
      socket.congestion = String(decoding: payload.prefix { $0 != 0 }, as: UTF8.self)
    case AttributeType.tos:
      guard payload.count >= 1 else { return tooShort("INET_DIAG_TOS", 1) }
      socket.tos = reader.u8(0)
    case AttributeType.trafficClass:
      guard payload.count >= 1 else { return tooShort("INET_DIAG_TCLASS", 1) }
      socket.trafficClass = reader.u8(0)
    case AttributeType.shutdown:
      guard payload.count >= 1 else { return tooShort("INET_DIAG_SHUTDOWN", 1) }
      socket.shutdown = reader.u8(0)
    case AttributeType.ipv6Only:
      guard payload.count >= 1 else { return tooShort("INET_DIAG_SKV6ONLY", 1) }
      socket.ipv6Only = reader.u8(0) != 0
    case AttributeType.mark:
      guard payload.count >= 4 else { return tooShort("INET_DIAG_MARK", 4) }
      socket.mark = reader.u32(0)
    case AttributeType.cgroupID:
      guard payload.count >= 8 else { return tooShort("INET_DIAG_CGROUP_ID", 8) }
      socket.cgroupID = reader.u64(0)
    case AttributeType.skMemInfo:
      // SK_MEMINFO_VARS grew over time: 7 values originally, 9 today.
      guard payload.count >= 28 else { return tooShort("INET_DIAG_SKMEMINFO", 28) }
      socket.memory = SocketMemory(
        rmemAlloc: reader.u32(0), rcvbuf: reader.u32(4), wmemAlloc: reader.u32(8), sndbuf: reader.u32(12),
        fwdAlloc: reader.u32(16), wmemQueued: reader.u32(20), optmem: reader.u32(24),
        backlog: payload.count >= 32 ? reader.u32(28) : nil, drops: payload.count >= 36 ? reader.u32(32) : nil)
    default:
      if !AttributeType.understood.contains(attribute.type) {
        socket.unknownAttributes.append(attribute.type)
      }
    }
    return nil
  }
}
