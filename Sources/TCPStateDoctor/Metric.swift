import TCPStateKnowledge

/// One number behind a finding: `recv_q 129`, `ListenOverflows +12`.
public struct Metric: Sendable, Equatable {
  /// Stable snake_case key for JSON: `recv_q`, `listen_overflows_delta`.
  public var key: String
  public var label: Localized
  public var value: Int64

  public init(_ key: String, _ label: Localized, _ value: Int64) {
    self.key = key
    self.label = label
    self.value = value
  }

  public init(_ key: String, _ label: Localized, _ value: Int) {
    self.init(key, label, Int64(value))
  }
}

/// A socket, listener or group a finding is about, with its own numbers.
public struct FindingSubject: Sendable, Equatable {
  /// `127.0.0.1:8080`, `port 8080`, `10.0.0.7:443`.
  public var label: String
  /// `nginx (pid 812)` when the owning process is known.
  public var process: String?
  public var metrics: [Metric]

  public init(label: String, process: String? = nil, metrics: [Metric]) {
    self.label = label
    self.process = process
    self.metrics = metrics
  }

  public func metric(_ key: String) -> Int64? { metrics.first { $0.key == key }?.value }
}

/// A tunable a finding cites, with the value read from the host.
public struct CitedTunable: Sendable, Equatable {
  public var name: String
  public var sysctl: String
  /// The value as the file shows it (tabs turned into spaces); nil when unreadable.
  public var value: String?

  public init(name: String, sysctl: String, value: String?) {
    self.name = name
    self.sysctl = sysctl
    self.value = value
  }
}
