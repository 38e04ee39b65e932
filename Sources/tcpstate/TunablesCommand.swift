import ArgumentParser
import TCPStateExplain
import TCPStateKernel
import TCPStateKit
import TCPStateKnowledge

struct TunablesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tunables",
    abstract:
      "List the TCP tunables with their current values, kernel defaults and what the values imply.",
    discussion: """
      Values are read from /proc/sys (or --proc-root DIR/sys). A * marks a value that \
      differs from the kernel default; ? in a default means it depends on memory or \
      the kernel build and is not compared. A tunable this kernel lacks is shown as \
      "(not on this kernel)". tcpstate explain NAME gives the whole story of one tunable.
      """
  )

  @OptionGroup var knowledge: KnowledgeOptions<TunablesProcRoot>
  @OptionGroup var namespace: NamespaceOptions

  @Flag(name: .long, help: SharedHelp.json)
  var json = false

  @Flag(name: [.customShort("H"), .long], help: SharedHelp.noHeader)
  var noHeader = false

  @Flag(name: .long, help: "Only tunables whose value differs from the kernel default.")
  var changed = false

  func run() throws {
    try runReportingErrors {
      try namespace.enter()
      let language = try knowledge.language()
      let live = LiveHost(
        readings: SkippedFileWarnings().readTunables(procRoot: knowledge.procRoot), counts: nil)
      var rows = live.rows(for: TunableCatalog.all.map(\.name))
      if changed { rows = rows.filter { $0.differsFromDefault == true } }
      if json {
        try writeOut(ExplainJSON.catalogue(rows, language).serialized() + "\n")
      } else {
        let options = ExplainOptions(
          language: language, width: knowledge.width(), style: knowledge.colors.style())
        try writeOut(TunablesTextRenderer(options).render(rows, header: !noHeader))
      }
    }
  }
}
