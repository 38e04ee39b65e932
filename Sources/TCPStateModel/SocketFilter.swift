/// What to list: states, families and a conjunction of clauses, each clause a
/// disjunction of conditions. `--port 80` is one clause "sport 80 or dport 80";
/// `--sport 80 --dst 10.0.0.0/8` is two clauses. The same value is compiled to
/// inet_diag bytecode (so the kernel skips what we would drop) and matched in
/// user space (so the result is right even where the kernel ignores the bytecode).
public struct SocketFilter: Sendable, Equatable {
  public enum Side: Sendable, Equatable {
    case source, destination
  }

  public enum Condition: Sendable, Equatable {
    case port(Side, ClosedRange<UInt16>)
    case address(Side, IPAddress, prefix: Int)
  }

  public var states: StateSet
  /// Empty means both.
  public var families: Set<AddressFamily>
  public var clauses: [[Condition]] {
    didSet { indexed = clauses.map(IndexedClause.init) }
  }
  /// Per clause, its `PortSet` form when it has many port conditions (nil
  /// otherwise): derived from `clauses`, kept in step with them.
  private var indexed: [IndexedClause?]

  public init(states: StateSet = .all, families: Set<AddressFamily> = [], clauses: [[Condition]] = []) {
    self.states = states
    self.families = families
    self.clauses = clauses
    self.indexed = clauses.map(IndexedClause.init)
  }

  /// Whether every clause has a condition that holds for these endpoints.
  func clausesMatch(local: Endpoint, peer: Endpoint) -> Bool {
    for (clause, index) in zip(clauses, indexed) {
      if let index {
        if !index.matches(local: local, peer: peer) { return false }
      } else if !clause.contains(where: { $0.matches(local: local, peer: peer) }) {
        return false
      }
    }
    return true
  }

  public var wantsIPv4: Bool { families.isEmpty || families.contains(.inet) }
  public var wantsIPv6: Bool { families.isEmpty || families.contains(.inet6) }

  public func matches(_ socket: Socket) -> Bool {
    guard states.contains(socket.state) || (socket.state == .newSynRecv && states.contains(.synRecv)) else {
      return false
    }
    guard families.isEmpty || families.contains(socket.family) else { return false }
    return clausesMatch(local: socket.local, peer: socket.peer)
  }
}

extension SocketFilter {
  /// For a transition: the family and endpoints must match, and either the
  /// old or the new state must be one asked for.
  public func matches(family: AddressFamily, local: Endpoint, peer: Endpoint, states touched: [TCPState]) -> Bool {
    guard families.isEmpty || families.contains(family) else { return false }
    if states != .all && !touched.contains(where: { states.contains($0) }) { return false }
    return clausesMatch(local: local, peer: peer)
  }
}

extension SocketFilter.Condition {
  public func matches(_ socket: Socket) -> Bool { matches(local: socket.local, peer: socket.peer) }

  public func matches(local: Endpoint, peer: Endpoint) -> Bool {
    switch self {
    case .port(let side, let range):
      return range.contains(side == .source ? local.port : peer.port)
    case .address(let side, let network, let prefix):
      let address = side == .source ? local.address : peer.address
      return address.matches(network: network, prefix: prefix)
    }
  }
}
