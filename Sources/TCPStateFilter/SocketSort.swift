import TCPStateKit
import TCPStateModel

/// `--sort KEY` / `--sort -KEY`: order sockets by one field of the
/// `SocketField` table, ascending or (with `-`) descending. Sockets without
/// the value (no tcp_info on TIME_WAIT) go last either way; ties keep the
/// kernel's order.
public struct SocketSort: Sendable {
  public var field: SocketField
  public var descending: Bool

  public init(_ text: String) throws(TCPStateError) {
    var word = Substring(text)
    descending = word.hasPrefix("-")
    if descending || word.hasPrefix("+") { word = word.dropFirst() }
    guard !word.isEmpty else {
      throw TCPStateError(.usage, "--sort needs a field name: --sort rtt, or --sort -retrans for largest first")
    }
    guard let field = SocketField.named(String(word)), field.source != .summary else {
      let suggestions = SocketField.suggestions(for: String(word)).filter { SocketField.named($0)?.source != .summary }
      throw TCPStateError(
        .usage, "--sort '\(text)': unknown field '\(word)'",
        hints: suggestions.isEmpty
          ? ["tcpstate list --help lists the fields"] : ["did you mean \(suggestions.joined(separator: " or "))?"])
    }
    self.field = field
  }

  /// Sorted copy; stable (Swift's sort is not, so the index breaks ties).
  public func sorted(_ sockets: [Socket]) -> [Socket] {
    let keyed = sockets.enumerated().map { (index: $0.offset, value: field.value($0.element), socket: $0.element) }
    return keyed.sorted { a, b in
      switch (a.value, b.value) {
      case (let x?, let y?) where x != y: return descending ? x > y : x < y
      case (nil, _?): return false
      case (_?, nil): return true
      default: return a.index < b.index
      }
    }.map(\.socket)
  }
}
