import TCPStateKit
import TCPStateMetrics

/// What the exporter runs with, on both sides of the exec: `tcpstate
/// exporter` parses and validates its options (their definition is what
/// --help, the man page and the completions show), encodes them with
/// `arguments`, and execs `tcpstate-exporter`, which decodes them with
/// `init(arguments:)`. One type, so the two programs cannot drift apart; it
/// lives here rather than beside the server so `tcpstate` stays free of NIO.
///
/// The argument form is internal (`--key value` pairs, every value present),
/// not a second command line: nobody types it, so decoding checks its shape
/// and names what is wrong, but the ranges are the command's to check.
public struct ExporterSettings: Sendable, Equatable {
  public var listen: ListenAddress
  /// `--port`: local ports exported one by one.
  public var detailPorts: Set<UInt16>
  public var maxListeners: Int
  /// `--by-cgroup DEPTH` (nil: off) and `--max-cgroups`.
  public var cgroupDepth: Int?
  public var maxCgroups: Int
  public var doctorInterval: Double
  public var maxConnections: Int
  public var maxScrapes: Int
  public var netns: String?
  /// tcpstate's version, for the build-info metric and the landing page.
  public var version: String

  public init(
    listen: ListenAddress, detailPorts: Set<UInt16>, maxListeners: Int, doctorInterval: Double,
    maxConnections: Int, maxScrapes: Int, netns: String?, version: String, cgroupDepth: Int? = nil,
    maxCgroups: Int = MetricsCollector.defaultMaxCgroups
  ) {
    self.listen = listen
    self.detailPorts = detailPorts
    self.maxListeners = maxListeners
    self.cgroupDepth = cgroupDepth
    self.maxCgroups = maxCgroups
    self.doctorInterval = doctorInterval
    self.maxConnections = maxConnections
    self.maxScrapes = maxScrapes
    self.netns = netns
    self.version = version
  }

  /// The argument names, written once for the encoder and the decoder.
  public enum Key: String, CaseIterable, Sendable {
    case listen = "--listen"
    case ports = "--port"
    case maxListeners = "--max-listeners"
    case doctorInterval = "--doctor-interval"
    case maxConnections = "--max-connections"
    case maxScrapes = "--max-scrapes"
    case version = "--version"
    case cgroupDepth = "--by-cgroup"
    case maxCgroups = "--max-cgroups"
    case netns = "--netns"
  }

  /// What is wrong with arguments that `arguments` did not write.
  public enum DecodeError: Error, Equatable, Sendable {
    /// A word that is no key (a typo, or a newer tcpstate's setting).
    case unknown(String)
    /// A key at the end with no value after it.
    case missingValue(Key)
    case repeated(Key)
    /// A key every encoding carries is absent.
    case missing(Key)
    case invalid(Key, String)
  }

  /// The settings as `tcpstate-exporter`'s arguments.
  public var arguments: [String] {
    var pairs: [(Key, String)] = [
      (.listen, listen.description), (.ports, detailPorts.sorted().map(String.init).joined(separator: ",")),
      (.maxListeners, String(maxListeners)), (.doctorInterval, String(doctorInterval)),
      (.maxConnections, String(maxConnections)), (.maxScrapes, String(maxScrapes)), (.version, version),
    ]
    if let cgroupDepth { pairs += [(.cgroupDepth, String(cgroupDepth)), (.maxCgroups, String(maxCgroups))] }
    if let netns { pairs.append((.netns, netns)) }
    return pairs.flatMap { [$0.0.rawValue, $0.1] }
  }

  /// Decodes what `arguments` wrote. `--port`, `--version`, `--netns`,
  /// `--by-cgroup` and `--max-cgroups` may be left out (none, "0", none,
  /// off, the default); the rest must be there.
  public init(arguments: [String]) throws(DecodeError) {
    var values: [Key: String] = [:]
    var words = arguments[...]
    while let word = words.popFirst() {
      guard let key = Key(rawValue: word) else { throw .unknown(word) }
      guard let value = words.popFirst() else { throw .missingValue(key) }
      guard values.updateValue(value, forKey: key) == nil else { throw .repeated(key) }
    }
    func parsed<Value>(_ key: Key, _ parse: (String) -> Value?) throws(DecodeError) -> Value? {
      guard let text = values[key] else { return nil }
      guard let value = parse(text) else { throw .invalid(key, text) }
      return value
    }
    func required<Value>(_ key: Key, _ parse: (String) -> Value?) throws(DecodeError) -> Value {
      guard let value = try parsed(key, parse) else { throw .missing(key) }
      return value
    }
    let ports = try parsed(.ports) { text -> [UInt16]? in
      let words = text.split(separator: ",", omittingEmptySubsequences: false)
      let ports = words.compactMap { UInt16($0) }.filter { $0 > 0 }
      return text.isEmpty ? [] : ports.count == words.count ? ports : nil
    }
    self.init(
      listen: try required(.listen) { try? ListenAddress.parse($0) }, detailPorts: Set(ports ?? []),
      maxListeners: try required(.maxListeners) { Int($0) },
      doctorInterval: try required(.doctorInterval) { Double($0) },
      maxConnections: try required(.maxConnections) { Int($0) }, maxScrapes: try required(.maxScrapes) { Int($0) },
      netns: values[.netns], version: values[.version] ?? "0", cgroupDepth: try parsed(.cgroupDepth) { Int($0) },
      maxCgroups: try parsed(.maxCgroups) { Int($0) } ?? MetricsCollector.defaultMaxCgroups)
  }
}
