import TCPStateKit
import TCPStateModel

/// TCP service names from services(5) text (`http 80/tcp www # WWW`), so a
/// port filter can say `--sport http` as ss and netstat users do. Pure: the
/// caller reads /etc/services.
public struct ServiceNames: Sendable {
  /// Names and aliases, lower-cased, to their TCP port.
  public private(set) var ports: [String: UInt16] = [:]

  public init() {}

  /// Parses services(5): name, port/protocol, aliases, `#` comments. UDP-only
  /// and malformed lines are skipped; the first line for a name wins, as getservbyname does.
  public init(parsing text: String) {
    for line in text.split(whereSeparator: \.isNewline) {
      let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard words.count >= 2 else { continue }
      let portProtocol = words[1].split(separator: "/")
      guard portProtocol.count == 2, portProtocol[1].lowercased() == "tcp", let port = UInt16(portProtocol[0])
      else { continue }
      for name in [words[0]] + words.dropFirst(2) where ports[name.lowercased()] == nil {
        ports[name.lowercased()] = port
      }
    }
  }

  public func port(named name: String) -> UInt16? { ports[name.lowercased()] }

  /// Rewrites a port filter word with service names to numbers: `http`,
  /// `:ssh`, `http-8080`, `8000-http-alt`. A whole-word name is tried first,
  /// since names hold dashes too (`iso-tsap`). Words without letters pass through.
  public func resolve(_ text: String, option: String) throws(TCPStateError) -> String {
    let body = text.hasPrefix(":") ? String(text.dropFirst()) : text
    guard body.contains(where: { $0.isLetter }) else { return text }
    if let port = port(named: body) { return String(port) }
    let parts = body.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    // Every split into a valid start and end, names or numbers, e.g. "http-alt-9000".
    for cut in 1..<max(1, parts.count) {
      let low = parts[..<cut].joined(separator: "-")
      let high = parts[cut...].joined(separator: "-")
      if let a = number(low), let b = number(high) { return "\(a)-\(b)" }
    }
    let unknown = parts.count == 2 && number(parts[0]) != nil ? parts[1] : body
    throw TCPStateError(
      .usage, "\(option) '\(text)': unknown service name '\(unknown)' (not a TCP service in /etc/services)",
      hints: suggestions(for: unknown).map { ["did you mean \($0.joined(separator: " or "))?"] }
        ?? ["a port number (0-65535), a range like 8000-8100, or a name from /etc/services like http"])
  }

  func number(_ word: String) -> UInt16? {
    word.allSatisfy({ $0.isASCII && $0.isNumber }) ? UInt16(word) : port(named: word)
  }

  func suggestions(for word: String) -> [String]? {
    let lower = word.lowercased()
    let ranked = ports.keys.map { (editDistance(lower, $0), $0) }.filter { $0.0 <= max(1, lower.count / 3) }.sorted {
      $0 < $1
    }
    return ranked.isEmpty ? nil : Array(ranked.prefix(3).map(\.1))
  }
}
