/// A connection's life in one line, printed when it ends (like bcc's
/// tcplife, with more): from the final tcp_info of the destroy notification.
public struct ConnectionSummary: Sendable {
  public var timestampNs: UInt64
  public var family: AddressFamily
  public var local: Endpoint
  public var peer: Endpoint
  /// The state the socket was in when it was freed (CLOSE for a normal end).
  public var finalState: TCPState
  /// From the first transition tcpstate saw to the end; nil if it began before the watch.
  public var lifetimeNs: UInt64?
  public var cookie: UInt64
  public var info: TCPInfo?
  public var congestion: String?
  /// `watch --events retransmit` / `reset`: how many tcpstate showed for this
  /// connection (nil when that kind is not watched).
  public var retransmitsSeen: Int?
  public var resetsSeen: Int?

  public init(
    timestampNs: UInt64, family: AddressFamily, local: Endpoint, peer: Endpoint, finalState: TCPState,
    lifetimeNs: UInt64?, cookie: UInt64, info: TCPInfo?, congestion: String?
  ) {
    self.timestampNs = timestampNs
    self.family = family
    self.local = local
    self.peer = peer
    self.finalState = finalState
    self.lifetimeNs = lifetimeNs
    self.cookie = cookie
    self.info = info
    self.congestion = congestion
  }
}
