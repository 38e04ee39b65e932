import ArgumentParser
import TCPStateKit

/// Output format switches shared by the subcommands.
struct OutputOptions: ParsableArguments {
  @Flag(name: .long, help: "Machine-readable JSON output (snake_case keys, units in the key names).")
  var json = false

  @Flag(name: [.customShort("H"), .long], help: "Leave out the header line.")
  var noHeader = false

  @OptionGroup var colors: ColorOptions
}
