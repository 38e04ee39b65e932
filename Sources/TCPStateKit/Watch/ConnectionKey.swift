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
}
