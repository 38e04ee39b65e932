import ArgumentParser
import TCPStateExplain
import TCPStateKit
import TCPStateKnowledge

struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain a TCP state, topic or tunable, then show what this host is doing about it.",
    discussion: """
      WORD is a state in any common spelling (TIME_WAIT, TIME-WAIT, timewait, SYN_RCVD, \
      ESTAB...), a topic (handshake, close, time-wait, syn-flood, keepalive, rst and \
      their aliases such as 2msl or syncookies) or a tunable (tcp_fin_timeout, \
      net.ipv4.tcp_fin_timeout). Lower-case close and time-wait are the topics; \
      CLOSED and TIME_WAIT the states; --topic NAME and --state NAME say which in \
      any case (--state time-wait is the TIME_WAIT page). Without WORD, lists \
      everything that can be explained.

      A state's page says what it means, how a socket gets in and out (RFC 9293 \
      and Linux), what a pile of such sockets usually means, its neighbourhood in the \
      state machine, the tunables that govern it with this host's values, and how \
      many sockets are in it right now. An unknown word gets "did you mean" \
      suggestions and exit code 64.
      """
  )

  @Argument(
    help: ArgumentHelp("The state, topic or tunable to explain.", valueName: "word"),
    completion: .list(CompletionWords.explainable))
  var word: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Explain this topic, in any case (--topic close is the topic even in upper case).", valueName: "name"),
    completion: .list(KnowledgeBase.topics.map(\.id)))
  var topic: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Explain this state, in any spelling (--state close is CLOSED, --state time-wait is TIME_WAIT).",
      valueName: "name"),
    completion: .list(CompletionWords.states))
  var state: String?

  @OptionGroup var knowledge: KnowledgeOptions<ExplainProcRoot>
  @OptionGroup var namespace: NamespaceOptions

  @Flag(name: .long, help: SharedHelp.json)
  var json = false

  @Flag(
    name: .customLong("no-live"),
    help: "Leave out the live section (tunables and socket counts of this host).")
  var noLive = false

  @Flag(
    name: .customLong("no-neighbourhood"),
    help: "Leave out the state's neighbourhood in the state machine.")
  var noNeighbourhood = false

  func validate() throws {
    let given = [word.map { _ in "WORD" }, topic.map { _ in "--topic" }, state.map { _ in "--state" }].compactMap { $0 }
    if given.count > 1 {
      throw ValidationError("\(given.joined(separator: " and ")) each name a page: give one")
    }
  }

  /// The page asked for, or a usage error that says which kind each close match is.
  func subject() throws(TCPStateError) -> KnowledgeBase.Subject? {
    if let state {
      if let entry = KnowledgeBase.resolve(state, as: .state) { return .entry(entry) }
      throw miss(state, kind: .state, suggestions: KnowledgeBase.suggestions(for: state, as: .state))
    }
    if let topic {
      if let entry = KnowledgeBase.resolve(topic, as: .topic) { return .entry(entry) }
      throw miss(topic, kind: .topic, suggestions: KnowledgeBase.suggestions(for: topic, as: .topic))
    }
    guard let word else { return nil }
    if let subject = KnowledgeBase.resolve(word) { return subject }
    throw miss(word, kind: nil, suggestions: KnowledgeBase.suggestions(for: word))
  }

  func miss(_ word: String, kind: KnowledgeBase.Kind?, suggestions: [String]) -> TCPStateError {
    // Escaped once, where the error is printed.
    let shown = word
    var hints: [String] = []
    if !suggestions.isEmpty {
      let names = kind == nil ? suggestions.map(KnowledgeBase.labelled) : suggestions
      hints.append("did you mean " + names.joined(separator: ", ") + "?")
    }
    // The word is a page of the other kind: say so, with the option that opens it.
    let other: KnowledgeBase.Kind? = kind == .state ? .topic : kind == .topic ? .state : nil
    if let other, let entry = KnowledgeBase.resolve(word, as: other) {
      hints.append("'\(shown)' is a \(other.rawValue): tcpstate explain --\(other.rawValue) \(entry.id)")
    }
    hints.append(KnowledgeBase.kindHint)
    if suggestions.isEmpty { hints.append("run `tcpstate explain` to list states, topics and tunables") }
    let what = kind.map { "unknown \($0.rawValue)" } ?? "unknown state, topic or tunable"
    return TCPStateError(.usage, "\(what) '\(shown)'", hints: hints)
  }

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      let language = try knowledge.language()
      guard let subject = try subject() else {
        let options = ExplainOptions(
          language: language, width: knowledge.width(), style: knowledge.colors.style())
        try writeOut(json ? ExplainJSON.index(language).serialized() + "\n" : ExplainIndexRenderer.render(options))
        return
      }
      let options = ExplainOptions(
        language: language, width: knowledge.width(), style: json ? .plain : knowledge.colors.style(),
        live: noLive ? nil : knowledge.liveHost(examplesOf: subject.state), neighbourhood: !noNeighbourhood)
      if json {
        try writeOut(ExplainJSON.subject(subject, options).serialized() + "\n")
      } else {
        try writeOut(ExplainTextRenderer(options).render(subject))
      }
    }
  }
}
