/// A set of TCP states as a bit mask, bit N for state N: the same layout as
/// `idiag_states` in `struct inet_diag_req_v2`, so it goes to the kernel as is.
public struct StateSet: OptionSet, Hashable, Sendable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  public init(_ state: TCPState) {
    self.rawValue = state.rawValue < 32 ? 1 << UInt32(state.rawValue) : 0
  }

  public init(_ states: [TCPState]) {
    self = states.reduce(into: StateSet()) { $0.insert(StateSet($1)) }
  }

  public func contains(_ state: TCPState) -> Bool {
    state.rawValue < 32 && rawValue & (1 << UInt32(state.rawValue)) != 0
  }

  public var states: [TCPState] { TCPState.known.filter { contains($0) } }

  /// Every TCP state but BOUND_INACTIVE, which, as in `ss`, must be asked for by name.
  public static let all = StateSet(TCPState.known.filter { $0 != .boundInactive })
  /// ss's `connected`: all but LISTEN, CLOSE, TIME_WAIT and SYN_RECV (ss.c's `SS_CONN`).
  public static let connected = all.subtracting(StateSet([.listen, .close, .timeWait, .synRecv]))
  /// ss's `synchronized`: the connected states but SYN_SENT.
  public static let synchronized = connected.subtracting(StateSet(.synSent))
  /// ss's `bucket`: the states kept as minisockets (time-wait and request sockets).
  public static let bucket = StateSet([.synRecv, .timeWait])
  /// ss's `big`: the opposite of `bucket`.
  public static let big = all.subtracting(bucket)
}
