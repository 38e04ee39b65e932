import ArgumentParser
import TCPStateKit

struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Explain a TCP state, topic or tunable, then show what this host is doing about it.",
    discussion: """
      WORD is a state in any common spelling (TIME_WAIT, TIME-WAIT, timewait, SYN_RCVD, \
      ESTAB...), a topic (handshake, close, time-wait, syn-flood, keepalive, rst and \
      their aliases such as 2msl or syncookies) or a tunable (tcp_fin_timeout, \
      net.ipv4.tcp_fin_timeout). Lower-case close and time-wait are the topics; \
      CLOSED and TIME_WAIT the states. Without WORD, lists everything that can be explained.

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

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      let language = try knowledge.language()
      guard let word else {
        let options = ExplainOptions(
          language: language, width: knowledge.width(), style: knowledge.colors.style())
        try writeOut(json ? ExplainJSON.index(language).serialized() + "\n" : ExplainIndexRenderer.render(options))
        return
      }
      guard let subject = KnowledgeBase.resolve(word) else {
        let suggestions = KnowledgeBase.suggestions(for: word)
        let hint =
          suggestions.isEmpty
          ? "run `tcpstate explain` to list states, topics and tunables"
          : "did you mean " + suggestions.joined(separator: ", ") + "?"
        throw TCPStateError(.usage, "unknown state, topic or tunable '\(word)'", hints: [hint])
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
