import TCPStateKit
import TCPStateModel

/// Parses the filter words users type (`--state`, `--port`, `--src` …) into
/// a `SocketFilter`, with errors that point at the offending text.
public enum FilterParser {
  /// `80`, `:80`, `8000-8100`. Ports are 0…65535; a range's ends are in order.
  public static func portRange(_ text: String, option: String) throws(TCPStateError) -> ClosedRange<UInt16> {
    let trimmed = text.hasPrefix(":") ? String(text.dropFirst()) : text
    let parts = trimmed.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    func port(_ part: String) throws(TCPStateError) -> UInt16 {
      guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }) else {
        throw TCPStateError(
          .usage, "\(option) '\(text)': '\(part)' is not a port number (0-65535, or a range like 8000-8100)")
      }
      guard part.count <= 5, let value = UInt32(part), value <= 65535 else {
        throw TCPStateError(.usage, "\(option) '\(text)': port \(part) is out of range (0-65535)")
      }
      return UInt16(value)
    }
    let low = try port(parts[0])
    let high = parts.count == 2 ? try port(parts[1]) : low
    guard low <= high else {
      throw TCPStateError(.usage, "\(option) '\(text)': the range's start \(low) is above its end \(high)")
    }
    return low...high
  }

  /// `10.0.0.0/8`, `192.168.1.5`, `::1`, `[2001:db8::]/32`, `fe80::/10`.
  public static func network(_ text: String, option: String) throws(TCPStateError) -> (IPAddress, Int) {
    var addressText = Substring(text)
    var prefixText: Substring?
    if let slash = text.lastIndex(of: "/") {
      addressText = text[..<slash]
      prefixText = text[text.index(after: slash)...]
    }
    if addressText.hasPrefix("["), addressText.hasSuffix("]") { addressText = addressText.dropFirst().dropLast() }
    guard !addressText.isEmpty, let address = IPAddress(addressText) else {
      throw TCPStateError(
        .usage, "\(option) '\(text)': '\(addressText)' is not an IPv4 or IPv6 address",
        hints: ["examples: 127.0.0.1, 10.0.0.0/8, ::1, 2001:db8::/32"])
    }
    let maximum = address.byteCount * 8
    guard let prefixText else { return (address, maximum) }
    guard !prefixText.isEmpty, prefixText.count <= 3, prefixText.allSatisfy({ $0.isASCII && $0.isNumber }),
      let prefix = Int(prefixText), prefix <= maximum
    else {
      throw TCPStateError(.usage, "\(option) '\(text)': prefix length '/\(prefixText)' must be 0-\(maximum)")
    }
    return (address, prefix)
  }

  /// State names and ss groups, comma-separated or repeated, any spelling.
  public static func states(_ words: [String]) throws(TCPStateError) -> StateSet {
    var set = StateSet()
    for word in words.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces } })
    {
      guard let states = StateNames.states(named: word) else {
        let suggestions = StateNames.suggestions(for: word)
        let hint =
          suggestions.isEmpty
          ? "known states: \(TCPState.known.map(\.name).joined(separator: ", ")); groups: \(StateNames.groups.map(\.name).joined(separator: ", "))"
          : "did you mean \(suggestions.joined(separator: " or "))?"
        throw TCPStateError(.usage, "unknown TCP state '\(word)'", hints: [hint])
      }
      set.formUnion(states)
    }
    if words.isEmpty || set.isEmpty { return .all }
    return set
  }

  /// Everything the `list`/`watch` options say, as one filter.
  public static func filter(
    states: [String], listening: Bool, ipv4: Bool, ipv6: Bool, ports: [String], sports: [String], dports: [String],
    sources: [String], destinations: [String]
  ) throws(TCPStateError) -> SocketFilter {
    var filter = SocketFilter()
    if listening && !states.isEmpty {
      throw TCPStateError(.usage, "--listening and --state conflict: --listening means --state LISTEN")
    }
    filter.states = listening ? StateSet(.listen) : try Self.states(states)
    if ipv4 && !ipv6 { filter.families = [.inet] }
    if ipv6 && !ipv4 { filter.families = [.inet6] }
    if !ports.isEmpty {
      var clause: [SocketFilter.Condition] = []
      for text in ports {
        let range = try portRange(text, option: "--port")
        clause += [.port(.source, range), .port(.destination, range)]
      }
      filter.clauses.append(clause)
    }
    func portClause(_ texts: [String], _ side: SocketFilter.Side, _ option: String) throws(TCPStateError) {
      guard !texts.isEmpty else { return }
      var clause: [SocketFilter.Condition] = []
      for text in texts { clause.append(.port(side, try portRange(text, option: option))) }
      filter.clauses.append(clause)
    }
    func addressClause(_ texts: [String], _ side: SocketFilter.Side, _ option: String) throws(TCPStateError) {
      guard !texts.isEmpty else { return }
      var clause: [SocketFilter.Condition] = []
      for text in texts {
        let (address, prefix) = try network(text, option: option)
        clause.append(.address(side, address, prefix: prefix))
      }
      filter.clauses.append(clause)
    }
    try portClause(sports, .source, "--sport")
    try portClause(dports, .destination, "--dport")
    try addressClause(sources, .source, "--src")
    try addressClause(destinations, .destination, "--dst")
    return filter
  }
}

extension Substring {
  var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
