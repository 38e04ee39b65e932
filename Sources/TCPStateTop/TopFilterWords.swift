import TCPStateFilter
import TCPStateKit
import TCPStateModel

/// Filter words as `top` takes them on its command line and at its `/`
/// prompt: `state established port 443 dst 10.0.0.0/8 -6`. Each word means
/// what the option of the same name means to `list` (the parser is
/// `FilterParser`'s), so a repeated word widens and different words narrow.
public struct TopFilterWords: Sendable, Equatable {
  public var states: [String] = []
  public var ports: [String] = []
  public var sports: [String] = []
  public var dports: [String] = []
  public var sources: [String] = []
  public var destinations: [String] = []
  public var ipv4 = false
  public var ipv6 = false
  public var listening = false

  public init() {}

  /// The words that take a value, and the words that stand alone.
  public static let valued = ["state", "port", "sport", "dport", "src", "dst"]
  public static let flags = ["-4", "-6", "listening", "ipv4", "ipv6"]

  /// Splits `words` into options; an unknown word or a missing value is a usage error.
  public static func split(_ words: [String]) throws(TCPStateError) -> TopFilterWords {
    var result = TopFilterWords()
    var index = 0
    while index < words.count {
      let word = words[index].lowercased()
      let bare = word.hasPrefix("--") ? String(word.dropFirst(2)) : word
      index += 1
      switch bare {
      case "-4", "ipv4": result.ipv4 = true
      case "-6", "ipv6": result.ipv6 = true
      case "listening", "-l": result.listening = true
      case _ where valued.contains(bare):
        guard index < words.count else {
          throw TCPStateError(.usage, "filter word '\(words[index - 1])' needs a value", hints: [example])
        }
        let value = words[index]
        index += 1
        switch bare {
        case "state": result.states.append(value)
        case "port": result.ports.append(value)
        case "sport": result.sports.append(value)
        case "dport": result.dports.append(value)
        case "src": result.sources.append(value)
        default: result.destinations.append(value)
        }
      default:
        throw TCPStateError(
          .usage, "unknown filter word '\(words[index - 1])'",
          hints: ["filter words: \((valued + flags).joined(separator: ", "))", example])
      }
    }
    return result
  }

  static let example = "example: state established port 443 dst 10.0.0.0/8"

  /// Adds another set of words (the command line's options to its positional words).
  public mutating func merge(_ other: TopFilterWords) {
    states += other.states
    ports += other.ports
    sports += other.sports
    dports += other.dports
    sources += other.sources
    destinations += other.destinations
    ipv4 = ipv4 || other.ipv4
    ipv6 = ipv6 || other.ipv6
    listening = listening || other.listening
  }

  public func filter() throws(TCPStateError) -> SocketFilter {
    try FilterParser.filter(
      states: states, listening: listening, ipv4: ipv4, ipv6: ipv6, ports: ports, sports: sports, dports: dports,
      sources: sources, destinations: destinations)
  }

  /// The words parsed straight into a filter.
  public static func parse(_ words: [String]) throws(TCPStateError) -> SocketFilter {
    try split(words).filter()
  }
}
