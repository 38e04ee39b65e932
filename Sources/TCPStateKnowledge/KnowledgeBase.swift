import TCPStateModel

/// Everything `tcpstate explain` can explain, and the lookup from a word the
/// user typed to an entry or a tunable.
public enum KnowledgeBase {
  /// All state entries, in kernel state order.
  public static let states: [KnowledgeEntry] =
    (openingStates + passiveStates + activeStates + closedStates)
    .sorted { ($0.state?.rawValue ?? 0) < ($1.state?.rawValue ?? 0) }

  /// All topic entries, in teaching order.
  public static let topics: [KnowledgeEntry] = connectionTopics + defenceTopics

  public static var entries: [KnowledgeEntry] { states + topics }

  /// The entry of a state, if the knowledge base has one.
  public static func entry(for state: TCPState) -> KnowledgeEntry? {
    states.first { $0.state == state }
  }

  /// The entry with the given id (`TIME_WAIT`, `handshake`).
  public static func entry(id: String) -> KnowledgeEntry? {
    entries.first { $0.id == id }
  }

  /// What a word names.
  public enum Subject: Sendable {
    case entry(KnowledgeEntry)
    case tunable(Tunable)

    /// The state a state's page is about (nil for topics and tunables).
    public var state: TCPState? {
      if case .entry(let entry) = self { return entry.state }
      return nil
    }

    public var id: String {
      switch self {
      case .entry(let entry): entry.id
      case .tunable(let tunable): tunable.name
      }
    }
  }

  /// Resolves a word to a state, topic or tunable.
  ///
  /// Order: a topic name or alias typed exactly as listed (lower case, so
  /// `close` and `time-wait` are the topics), then any spelling of a state
  /// (`CLOSE`, `TIME-WAIT`, `timewait`, `SYN_RCVD`), then topics in any case,
  /// then tunables (`tcp_fin_timeout`, `net.ipv4.tcp_fin_timeout`, `net/ipv4/...`).
  public static func resolve(_ word: String) -> Subject? {
    let trimmed = word.trimmingWhitespace()
    guard !trimmed.isEmpty else { return nil }
    if let topic = topics.first(where: { $0.id == trimmed || $0.aliases.contains(trimmed) }) {
      return .entry(topic)
    }
    if let state = StateNames.state(named: trimmed), let entry = entry(for: state) {
      return .entry(entry)
    }
    let folded = foldTopic(trimmed)
    if let topic = topics.first(where: {
      foldTopic($0.id) == folded || $0.aliases.contains { foldTopic($0) == folded }
    }) {
      return .entry(topic)
    }
    if let tunable = TunableCatalog.tunable(named: trimmed) {
      return .tunable(tunable)
    }
    return nil
  }

  /// The closest known names to an unknown word, best first: states (kernel
  /// names), topics and tunables together.
  public static func suggestions(for word: String, limit: Int = 3) -> [String] {
    let needle = foldTopic(word)
    var ranking = Suggestions(for: needle)
    for name in StateNames.suggestions(for: word, limit: limit) {
      ranking.add(name, distance: editDistance(StateNamesFold.fold(word), StateNamesFold.fold(name)))
    }
    for topic in topics { ranking.add(topic.id, spellings: ([topic.id] + topic.aliases).map(foldTopic)) }
    for tunable in TunableCatalog.all {
      let short = tunable.name.lowercased()
      let bare = short.hasPrefix("tcp_") ? String(short.dropFirst(4)) : short
      ranking.add(tunable.name, spellings: [short, bare, tunable.sysctl])
    }
    return ranking.best(limit)
  }

  /// Lower case with `_` and spaces folded to `-`, for topic matching.
  static func foldTopic(_ word: String) -> String {
    String(word.lowercased().map { $0 == "_" || $0 == " " ? "-" : $0 })
  }
}

/// The letters-and-digits folding StateNames uses, for comparing distances.
enum StateNamesFold {
  static func fold(_ word: String) -> String {
    String(
      word.uppercased().unicodeScalars.filter {
        $0.properties.isAlphabetic || ("0"..."9").contains($0)
      })
  }
}
