import TCPStateDoctor
import TCPStateModel

/// Distributions over the live ESTABLISHED connections that need tcp_info:
/// smoothed RTT and retransmitted segments per socket. The kernel's tcp_info
/// costs dump time (about 100 ms more per 100k sockets), so the exporter
/// builds these on the doctor's slower cadence and serves them cached.
public struct ConnectionDistributions: Sendable, Equatable {
  public private(set) var rtt = BucketCounts(bounds: Buckets.rttSeconds)
  public private(set) var retransmits = BucketCounts(bounds: Buckets.retransmits)

  public init() {}

  public mutating func add(_ socket: Socket) {
    guard socket.state == .established, let info = socket.tcpInfo else { return }
    // tcpi_rtt is in microseconds.
    if let rtt = info.rtt { self.rtt.observe(Double(rtt) / 1e6) }
    if let total = info.totalRetrans { retransmits.observe(Double(total)) }
  }
}

/// A value computed on the slow cadence, with when it was made, so the
/// scrape can say its age.
public struct Cached<Value: Sendable>: Sendable {
  public var value: Value
  /// Monotonic seconds when `value` was computed.
  public var computedAt: Double

  public init(_ value: Value, computedAt: Double) {
    self.value = value
    self.computedAt = computedAt
  }
}

/// One active doctor finding, as the exporter labels it.
public struct ActiveFinding: Sendable, Hashable {
  public var rule: String
  public var severity: String

  public init(rule: String, severity: String) {
    self.rule = rule
    self.severity = severity
  }

  /// One series per rule and severity, however many subjects the finding has.
  public static func from(_ report: DoctorReport) -> [ActiveFinding] {
    var seen = Set<ActiveFinding>()
    return report.findings.compactMap {
      let finding = ActiveFinding(rule: $0.id, severity: $0.severity.name)
      return seen.insert(finding).inserted ? finding : nil
    }
  }
}
