import TCPStateModel

/// One connection (or listener) on `top`'s screen: the socket as the latest
/// dump saw it, plus what only two dumps can tell: rates, retransmissions in
/// the interval and how long it has been in its state.
public struct TopRow: Sendable {
  public var socket: Socket
  /// `nginx[812]` and further owners after a comma; nil without `-p` or when unknown.
  public var process: String?
  /// Bytes per second acknowledged by the peer (`tcpi_bytes_acked` delta); nil
  /// for a socket seen for the first time, without tcp_info, or whose counter went back.
  public var sendRate: Double?
  /// Bytes per second received (`tcpi_bytes_received` delta); nil as `sendRate`.
  public var recvRate: Double?
  /// Segments retransmitted during the interval (`tcpi_total_retrans` delta).
  public var retransInterval: UInt32?
  /// Seconds in the current state, as far as `top` has watched.
  public var stateSeconds: Double?
  /// The state was already there when `top` first saw the socket: `stateSeconds` is a lower bound.
  public var stateAtLeast: Bool

  public init(
    socket: Socket, process: String? = nil, sendRate: Double? = nil, recvRate: Double? = nil,
    retransInterval: UInt32? = nil, stateSeconds: Double? = nil, stateAtLeast: Bool = true
  ) {
    self.socket = socket
    self.process = process
    self.sendRate = sendRate
    self.recvRate = recvRate
    self.retransInterval = retransInterval
    self.stateSeconds = stateSeconds
    self.stateAtLeast = stateAtLeast
  }

  public var cookie: UInt64 { socket.cookie }
  /// Smoothed RTT in microseconds.
  public var rtt: UInt32? { socket.tcpInfo?.rtt }
  public var cwnd: UInt32? { socket.tcpInfo?.cwnd }
  public var retransTotal: UInt32? { socket.tcpInfo?.totalRetrans }
  /// For a listener: how full its accept queue is, 0...1 (Recv-Q over the backlog).
  public var acceptFill: Double? {
    guard socket.state == .listen, socket.sendQ > 0 else { return nil }
    return min(1, Double(socket.recvQ) / Double(socket.sendQ))
  }

  /// Bytes per second between two readings of a byte counter; nil when
  /// either is missing, no time passed, or the counter went back (a reused
  /// cookie cannot happen, but a wrapped or corrupt value must not show as a huge rate).
  static func rate(_ old: UInt64?, _ new: UInt64?, seconds: Double) -> Double? {
    guard let old, let new, seconds > 0, new >= old else { return nil }
    return Double(new - old) / seconds
  }
}
