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

  mutating func news(_ losses: SourceLosses, source: WatchSourceKind) -> [LossNotice] {
    var news: [LossNotice] = []
    if losses.dropped > sourceLosses.dropped {
      news.append(.tracepointDropped(count: losses.dropped - sourceLosses.dropped, anyPort: source == .perf))
    }
    if losses.pagesWithUncountedDrops > sourceLosses.pagesWithUncountedDrops {
      news.append(.tracepointDroppedUncounted)
    }
    if losses.undecodable > sourceLosses.undecodable {
      news.append(
        .undecodableRecords(count: losses.undecodable - sourceLosses.undecodable, first: losses.firstProblems.first))
    }
    sourceLosses = losses
    return news
  }

  /// Destroy notifications are host-wide (not filtered by port), so an
  /// overrun may or may not have cost a watched connection its end.
  mutating func news(destroyOverruns overruns: Int, undecodable: Int) -> [LossNotice] {
    var news: [LossNotice] = []
    if overruns > destroyOverruns { news.append(.destroyOverruns(count: overruns - destroyOverruns)) }
    if undecodable > destroyUndecodable { news.append(.undecodableDestroys(count: undecodable - destroyUndecodable)) }
    destroyOverruns = overruns
    destroyUndecodable = undecodable
    return news
  }
}
