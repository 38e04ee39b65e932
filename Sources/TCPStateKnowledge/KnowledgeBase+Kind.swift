import TCPStateModel

/// `explain --topic NAME` and `explain --state NAME`: a lookup limited to one
/// kind, for the words that name both (close and CLOSED, time-wait and
/// TIME_WAIT), and the hints that tell a reader which kind a word is.
extension KnowledgeBase {
  /// What a lookup is limited to.
  public enum Kind: String, Sendable {
    case state, topic
  }

  /// The entry of that kind the word names, in any case and spelling.
  public static func resolve(_ word: String, as kind: Kind) -> KnowledgeEntry? {
    let trimmed = word.trimmingWhitespace()
    guard !trimmed.isEmpty else { return nil }
    switch kind {
    case .state:
      return StateNames.state(named: trimmed).flatMap(entry(for:))
    case .topic:
      let folded = foldTopic(trimmed)
      return topics.first { foldTopic($0.id) == folded || $0.aliases.contains { foldTopic($0) == folded } }
    }
  }

  /// The closest names of that kind, best first.
  public static func suggestions(for word: String, as kind: Kind, limit: Int = 3) -> [String] {
    switch kind {
    case .state:
      return StateNames.suggestions(for: word, limit: limit + 2).filter { StateNames.state(named: $0) != nil }
        .prefix(limit).map { $0 }
    case .topic:
      var ranking = Suggestions(for: foldTopic(word))
      for topic in topics { ranking.add(topic.id, spellings: ([topic.id] + topic.aliases).map(foldTopic)) }
      return ranking.best(limit)
    }
  }

  /// A suggestion with its kind, so `TIME_WAIT` and `time-wait` read as two
  /// different pages: "TIME_WAIT (state)", "time-wait (topic)".
  public static func labelled(_ name: String) -> String {
    if topics.contains(where: { $0.id == name }) { return name + " (topic)" }
    if StateNames.state(named: name) != nil, name == name.uppercased() { return name + " (state)" }
    return name + " (tunable)"
  }

  /// Says which kind of page lower- and upper-case words open, and how to be explicit.
  public static let kindHint =
    "lower-case words such as close and time-wait are topics, upper-case ones such as CLOSED, CLOSE_WAIT and TIME_WAIT are states; --topic NAME or --state NAME says which"
}
