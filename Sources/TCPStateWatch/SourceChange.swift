/// `watch` changed where its transitions come from: a fallback to polling,
/// a switch between tracepoint readers, a return to the tracepoint, or a
/// source whose delivery was switched off from outside and back on. Shown
/// on stderr and, with --json, as an `"event": "source"` line in the stream,
/// so a consumer knows from which moment the record is complete again.
public struct SourceChange: Sendable, Equatable {
  public enum Kind: String, Sendable {
    /// Now reading from `to`, which loses less than `from` (or as much).
    case switched
    /// Now polling: short states can be missed from here on.
    case fallback
    /// Back on a tracepoint after a fallback.
    case returned
    /// Same source, delivery restored after an outside switch-off.
    case restored
  }

  /// Wall-clock time, nanoseconds since the Unix epoch.
  public var timestampNs: UInt64
  public var kind: Kind
  public var from: String
  public var to: String
  public var reason: String
  /// For a fallback: whether tcpstate keeps checking and returns by itself.
  public var willReturn: Bool

  public init(timestampNs: UInt64, kind: Kind, from: String, to: String, reason: String, willReturn: Bool = false) {
    self.timestampNs = timestampNs
    self.kind = kind
    self.from = from
    self.to = to
    self.reason = reason
    self.willReturn = willReturn
  }

  /// The stderr line.
  public var message: String {
    switch kind {
    case .switched:
      return "tcpstate: \(reason); switching from \(from) to \(to)"
    case .fallback:
      let after =
        willReturn
        ? "tcpstate checks the tracepoint every second and returns to it when it delivers again"
        : "tcpstate will not return to the tracepoint in this run"
      return "tcpstate: \(reason); falling back to sock_diag polling (\(after))"
    case .returned:
      return "tcpstate: \(reason); back on the tracepoint (\(to)) after polling"
    case .restored:
      return "tcpstate: \(reason)"
    }
  }
}
