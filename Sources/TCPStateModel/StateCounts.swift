/// Sockets counted per state and family: `list --summary`, the live section
/// of `explain`, the diagram's numbers.
public struct StateCounts: Sendable, Equatable {
  public private(set) var byState: [TCPState: (inet: Int, inet6: Int)] = [:]

  public init() {}

  public mutating func add(_ socket: Socket) {
    add(state: socket.state, family: socket.family)
  }

  public mutating func add(state: TCPState, family: AddressFamily) {
    var entry = byState[state] ?? (0, 0)
    if family == .inet { entry.inet += 1 } else { entry.inet6 += 1 }
    byState[state] = entry
  }

  /// Adds another tally to this one.
  public mutating func add(_ other: StateCounts) {
    for (state, entry) in other.byState {
      let mine = byState[state] ?? (0, 0)
      byState[state] = (mine.inet + entry.inet, mine.inet6 + entry.inet6)
    }
  }

  public func count(_ state: TCPState) -> Int {
    byState[state].map { $0.inet + $0.inet6 } ?? 0
  }

  public var total: Int { byState.values.reduce(0) { $0 + $1.inet + $1.inet6 } }
  public var totalIPv4: Int { byState.values.reduce(0) { $0 + $1.inet } }
  public var totalIPv6: Int { byState.values.reduce(0) { $0 + $1.inet6 } }

  public static func == (a: StateCounts, b: StateCounts) -> Bool {
    a.byState.count == b.byState.count
      && a.byState.allSatisfy { key, value in b.byState[key].map { $0 == value } ?? false }
  }
}
