import ArgumentParser
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
      sockets in that state on this host, unless --no-live is given.
      """
  )

  @Option(name: .long, help: "Output format: text, dot or mermaid.")
  var format: DiagramRenderer.Format = .text

  @OptionGroup var knowledge: KnowledgeOptions
  @OptionGroup var namespace: NamespaceOptions

  @Flag(name: .customLong("no-live"), help: "Leave out the socket counts.")
  var noLive = false

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      let renderer = DiagramRenderer(
        counts: noLive ? nil : liveSocketCounts().counts,
        style: format == .text ? knowledge.colors.style() : .plain,
        language: try knowledge.language())
      try writeOut(renderer.render(format))
    }
  }
}
