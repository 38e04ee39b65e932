import ArgumentParser

/// Help shared word for word by every subcommand that has the option, so
/// `--json` and `-H` read the same in every `--help` and in the man page.
enum SharedHelp {
  static let json: ArgumentHelp = "Machine-readable JSON output (snake_case keys, units in the key names)."
  static let noHeader: ArgumentHelp = "Leave out the header line."
}
