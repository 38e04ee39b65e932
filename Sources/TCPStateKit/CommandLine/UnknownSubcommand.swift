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
    let word = first.lowercased()
    let cutoff = max(2, first.count / 3)
    var ranked: [(distance: Int, name: String)] = []
    for name in known {
      let distance = editDistance(word, name)
      if distance <= cutoff { ranked.append((distance, name)) }
    }
    ranked.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
    let names = ranked.prefix(2).map(\.name)
    let hint =
      names.isEmpty
      ? "subcommands: \(known.joined(separator: ", "))" : "did you mean \(names.joined(separator: " or "))?"
    return TCPStateError(.usage, "unknown subcommand '\(first)'", hints: [hint])
  }
}
