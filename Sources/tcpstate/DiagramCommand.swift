import ArgumentParser
import TCPStateExplain
import TCPStateKit

extension DiagramRenderer.Format: ExpressibleByArgument {}

struct DiagramCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diagram",
    abstract:
      "Draw the TCP state machine (RFC 9293 Figure 5) with the number of sockets in each state.",
    discussion: """
      text draws it with box-drawing characters; dot (Graphviz) and mermaid write it \
      for documents, including the transitions the RFC leaves out of its figure \
      (dotted) and Linux's own (dashed). Each state box carries the number of \
      sockets in that state on this host, unless --no-live is given. --json writes \
      the states with their counts and every edge of the same table (from, to, \
      event, action, origin, and the side of the connection that takes it).
      """
  )

  @Option(name: .long, help: "Output format: text, dot or mermaid.")
  var format: DiagramRenderer.Format = .text

  @OptionGroup var knowledge: KnowledgeOptions<DiagramProcRoot>
  @OptionGroup var namespace: NamespaceOptions

  @Flag(name: .customLong("no-live"), help: "Leave out the socket counts.")
  var noLive = false

  @Flag(name: .long, help: SharedHelp.json)
  var json = false

  func validate() throws {
    if json && format != .text {
      throw ValidationError("--json and --format \(format.rawValue) are two outputs: choose one")
    }
  }

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      let live = noLive ? nil : liveSocketCounts()
      if json {
        let document = DiagramJSON.render(counts: live?.counts, note: live?.note, language: try knowledge.language())
        try writeOut(document.serialized() + "\n")
        return
      }
      let renderer = DiagramRenderer(
        counts: live?.counts,
        style: format == .text ? knowledge.colors.style() : .plain,
        language: try knowledge.language())
      try writeOut(renderer.render(format))
    }
  }
}
