/// What watch has already said about losses, so each report gives only the
/// news since the last one, with counts.
struct ReportedLosses {
  var sourceLosses = SourceLosses()
  var destroyOverruns = 0
  var destroyUndecodable = 0
  /// Dropped events of sources already left behind.
  var droppedBefore: UInt64 = 0

  var totalDropped: UInt64 { droppedBefore + sourceLosses.dropped }

  /// A new source counts from zero.
  mutating func startSource() {
    droppedBefore += sourceLosses.dropped
    sourceLosses = SourceLosses()
  }

  mutating func news(_ losses: SourceLosses, source: String) -> [String] {
    var lines: [String] = []
    if losses.dropped > sourceLosses.dropped {
      let scope = source == "perf" ? "events of any port" : "events"
      lines.append(
        "tcpstate: the kernel dropped \(losses.dropped - sourceLosses.dropped) tracepoint \(scope) (buffer full)")
    }
    if losses.pagesWithUncountedDrops > sourceLosses.pagesWithUncountedDrops {
      lines.append("tcpstate: the kernel dropped tracepoint events (buffer full; it did not say how many)")
    }
    if losses.undecodable > sourceLosses.undecodable {
      let first = losses.firstProblems.first.map { " (first: \($0))" } ?? ""
      lines.append(
        "tcpstate: \(losses.undecodable - sourceLosses.undecodable) tracepoint records could not be decoded and were skipped\(first)"
      )
    }
    sourceLosses = losses
    return lines
  }

  /// Destroy notifications are host-wide (not filtered by port), so an
  /// overrun may or may not have cost a watched connection its end.
  mutating func news(destroyOverruns overruns: Int, undecodable: Int) -> [String] {
    var lines: [String] = []
    if overruns > destroyOverruns {
      lines.append(
        "tcpstate: destroy notifications were lost \(overruns - destroyOverruns) time(s) (receive buffer full): some connection ends may have no summary line"
      )
    }
    if undecodable > destroyUndecodable {
      lines.append("tcpstate: \(undecodable - destroyUndecodable) destroy notifications could not be decoded")
    }
    destroyOverruns = overruns
    destroyUndecodable = undecodable
    return lines
  }
}
