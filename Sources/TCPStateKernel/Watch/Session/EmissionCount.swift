/// What a watch has shown, against the count that ends it (`Options.count`).
/// Transitions and trouble events count together; with a summary predicate
/// only summaries are shown, so they are what the count counts.
///
/// Reaching the count does not end the watch by itself: the next thing that
/// would be shown does (`admit()` refuses it and sets `ended`), and from
/// there nothing more is shown or reported. Every step checks `ended` and
/// returns, rather than an error unwinding the session.
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
  /// Something more would have been shown past the count: the watch ends here.
  private(set) var ended = false

  init(limit: Int?) {
    self.limit = limit
  }

  /// The count has been shown: nothing more may be.
  var reached: Bool {
    limit.map { transitions + events + (countsSummaries ? summaries : 0) >= $0 } ?? false
  }

  /// Whether one more may be shown; the first refusal ends the watch.
  func admit() -> Bool {
    if !ended && reached { ended = true }
    return !ended
  }

  func shownTransition() { transitions += 1 }
  func shownEvent() { events += 1 }
  func shownSummary() { summaries += 1 }
}
