import TCPStateModel

/// A connection's 4-tuple and family: how a tracepoint event (keyed by the
/// kernel's socket address) is joined to a destroy notification (keyed by cookie).
public struct ConnectionKey: Hashable, Sendable {
  public var family: AddressFamily
  public var local: Endpoint
  public var peer: Endpoint

  public init(family: AddressFamily, local: Endpoint, peer: Endpoint) {
    self.family = family
    self.local = local
    self.peer = peer
  }

  /// What survives of a connection's key in the destroy notification of a
  /// socket closed by a reset (close() with SO_LINGER 0, or tcp_disconnect()):
  /// the peer port is cleared, and so is the local address unless it was
  /// bound explicitly. The local port and the peer address remain.
  public var resetRemains: ConnectionKey {
    let any = family == .inet6 ? IPAddress.anyV6 : IPAddress.anyV4
    return ConnectionKey(
      family: family, local: Endpoint(address: any, port: local.port), peer: Endpoint(address: peer.address, port: 0))
  }
}
