import TCPStateModel

/// `tcpstate lsit`: the default subcommand (list) takes no positional
/// arguments, so a bare first word that names no subcommand is a mistyped
/// subcommand, not an argument, and deserves "did you mean list?" rather
/// than list's usage.
public enum UnknownSubcommand {
  /// The error for `arguments` (without the program name), or nil when the
  /// first one is an option, a known subcommand or `help`.
  public static func error(_ arguments: [String], known: [String]) -> TCPStateError? {
    guard let first = arguments.first, !first.hasPrefix("-"), first != "help", !known.contains(first) else {
      return nil
    }
    var ranking = Suggestions(for: first.lowercased())
    for name in known { ranking.add(name, spelled: name) }
    let names = ranking.best(2)
    let hint =
      names.isEmpty
      ? "subcommands: \(known.joined(separator: ", "))" : "did you mean \(names.joined(separator: " or "))?"
    return TCPStateError(.usage, "unknown subcommand '\(first)'", hints: [hint])
  }
}
