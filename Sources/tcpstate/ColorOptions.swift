import ArgumentParser
import Glibc
import TCPStateKit

enum ColorMode: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never
}

/// `--color`, the one colour switch of every subcommand that prints text.
struct ColorOptions: ParsableArguments {
  @Option(name: .long, help: "Colour: auto (a terminal and no NO_COLOR), always or never.")
  var color: ColorMode = .auto

  /// The style for text written to `fd`: colour only on a terminal, never with NO_COLOR, unless forced.
  func style(fd: Int32 = STDOUT_FILENO) -> TextStyle {
    TextStyle.decide(mode: color.rawValue, isTerminal: isatty(fd) == 1, environment: ProcessEnvironment.current)
  }
}
