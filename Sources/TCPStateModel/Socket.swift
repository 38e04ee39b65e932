/// One TCP socket as inet_diag describes it: `struct inet_diag_msg` plus the
/// attributes that followed it. Optional fields were not sent by the kernel
/// (time-wait and request sockets carry no tcp_info, for one).
public struct Socket: Sendable {
  public var family: AddressFamily
  public var state: TCPState
  public var local: Endpoint
  public var peer: Endpoint
  /// Bound interface index (`id.idiag_if`), 0 when unbound.
  public var interface: UInt32
  /// The kernel's socket cookie: unique for the socket's life, stable across dumps.
  public var cookie: UInt64
  public var timer: SocketTimer
  /// Bytes received but not read; for LISTEN, connections waiting in the accept queue.
  public var recvQ: UInt32
  /// Bytes sent but not acknowledged; for LISTEN, the accept queue's limit (the backlog).
  public var sendQ: UInt32
  public var uid: UInt32
  public var inode: UInt32

  public var tcpInfo: TCPInfo?
  /// Congestion-control algorithm (`INET_DIAG_CONG`), e.g. "cubic", "bbr".
  public var congestion: String?
  public var memory: SocketMemory?
  /// `INET_DIAG_SHUTDOWN`: bit 0 receive side shut, bit 1 send side shut.
  public var shutdown: UInt8?
  public var tos: UInt8?
  public var trafficClass: UInt8?
  public var ipv6Only: Bool?
  public var mark: UInt32?
  public var cgroupID: UInt64?
  /// The network namespace's inode when the listing covers several (set by
  /// the sweep, not the kernel: inet_diag does not say which namespace).
  public var netns: UInt64?
  /// Attribute types this build does not decode, kept so they can be shown.
  public var unknownAttributes: [UInt16]

  public init(
    family: AddressFamily, state: TCPState, local: Endpoint, peer: Endpoint, interface: UInt32 = 0,
    cookie: UInt64 = 0, timer: SocketTimer = SocketTimer(kind: .none, expiresMs: 0, retransmits: 0),
    recvQ: UInt32 = 0, sendQ: UInt32 = 0, uid: UInt32 = 0, inode: UInt32 = 0
  ) {
    self.family = family
    self.state = state
    self.local = local
    self.peer = peer
    self.interface = interface
    self.cookie = cookie
    self.timer = timer
    self.recvQ = recvQ
    self.sendQ = sendQ
    self.uid = uid
    self.inode = inode
    self.unknownAttributes = []
  }

  /// Send rate as `ss` computes it: cwnd × mss × 8 / rtt, in bits per second.
  public var sendRateBps: UInt64? { tcpInfo.flatMap(Self.sendRate(of:)) }

  /// The same from any tcp_info (a watch summary's final one).
  public static func sendRate(of info: TCPInfo) -> UInt64? {
    guard let cwnd = info.cwnd, let mss = info.sndMss, let rtt = info.rtt, rtt > 0 else {
      return nil
    }
    // cwnd × mss × 8e6 needs up to 96 bits: multiply and divide at full width,
    // and saturate when even the quotient does not fit (only corrupt tcp_info).
    let product = (UInt64(cwnd) * UInt64(mss)).multipliedFullWidth(by: 8_000_000)
    guard product.high < UInt64(rtt) else { return UInt64.max }
    return UInt64(rtt).dividingFullWidth(product).quotient
  }
}
