/// What a watch has shown, against the count that ends it (`Options.count`).
/// Transitions and trouble events count together; with a summary predicate
/// only summaries are shown, so they are what the count counts.
///
/// A class: the transition path, the trouble emitter's callback and the
/// summary release all add to the one tally.
final class EmissionCount {
  let limit: Int?
  /// Set with a summary predicate: summaries count too (they are all that is shown).
  var countsSummaries = false
  private(set) var transitions = 0
  private(set) var events = 0
  private(set) var summaries = 0

  init(limit: Int?) {
    self.limit = limit
  }

  /// The count has been shown: nothing more may be.
  var reached: Bool {
    limit.map { transitions + events + (countsSummaries ? summaries : 0) >= $0 } ?? false
  }

  func shownTransition() { transitions += 1 }
  func shownEvent() { events += 1 }
  func shownSummary() { summaries += 1 }
}
