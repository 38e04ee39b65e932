import ArgumentParser
import TCPStateKit

/// Output format switches shared by the subcommands.
struct OutputOptions: ParsableArguments {
  @Flag(name: .long, help: SharedHelp.json)
  var json = false

  @Flag(name: [.customShort("H"), .long], help: SharedHelp.noHeader)
  var noHeader = false

  @OptionGroup var colors: ColorOptions
}

/// A duration option's value (`100ms`, `2s`, or bare seconds).
struct DurationValue: ExpressibleByArgument, Equatable {
  var seconds: Double

  init(seconds: Double) { self.seconds = seconds }

  init?(argument: String) {
    guard let seconds = DurationArgument.seconds(argument) else { return nil }
    self.seconds = seconds
  }

  var defaultValueDescription: String {
    seconds < 1 ? "\(Int((seconds * 1000).rounded()))ms" : "\(seconds)s"
  }
}
