import ArgumentParser
import Glibc
import TCPStateKit

enum ColorMode: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never
}

/// Output format switches shared by the subcommands.
struct OutputOptions: ParsableArguments {
  @Flag(name: .long, help: "Machine-readable JSON output (snake_case keys, units in the key names).")
  var json = false

  @Flag(name: [.customShort("H"), .long], help: "Leave out the header line.")
  var noHeader = false

  @Option(name: .long, help: "Colour: auto (a terminal and no NO_COLOR), always or never.")
  var color: ColorMode = .auto

  func style(fd: Int32 = STDOUT_FILENO) -> TextStyle {
    var environment: [String: String] = [:]
    if getenv("NO_COLOR") != nil { environment["NO_COLOR"] = "" }
    if let term = getenv("TERM") { environment["TERM"] = String(cString: term) }
    return TextStyle.decide(mode: color.rawValue, isTerminal: isatty(fd) == 1, environment: environment)
  }
}
