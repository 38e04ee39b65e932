/// Events lost since the last report, with counts, as data; the description
/// is the line for stderr and the exporter's log.
public enum LossNotice: Sendable, Equatable, CustomStringConvertible {
  /// The kernel dropped `count` tracepoint events (buffer full). `anyPort`:
  /// perf rings are not filtered by port, so they may be anyone's.
  case tracepointDropped(count: UInt64, anyPort: Bool)
  /// A tracefs page said events were dropped without saying how many.
  case tracepointDroppedUncounted
  /// Records that could not be decoded, with the first problem seen.
  case undecodableRecords(count: Int, first: String?)
  /// The destroy-notification socket overran `count` times.
  case destroyOverruns(count: Int)
  case undecodableDestroys(count: Int)

  public var description: String {
    switch self {
    case .tracepointDropped(let count, let anyPort):
      "tcpstate: the kernel dropped \(count) tracepoint \(anyPort ? "events of any port" : "events") (buffer full)"
    case .tracepointDroppedUncounted:
      "tcpstate: the kernel dropped tracepoint events (buffer full; it did not say how many)"
    case .undecodableRecords(let count, let first):
      "tcpstate: \(count) tracepoint records could not be decoded and were skipped\(first.map { " (first: \($0))" } ?? "")"
    case .destroyOverruns(let count):
      "tcpstate: destroy notifications were lost \(count) time(s) (receive buffer full): some connection ends may have no summary line"
    case .undecodableDestroys(let count):
      "tcpstate: \(count) destroy notifications could not be decoded"
    }
  }
}
