import TCPStateKit
import TCPStateModel

/// Everything one scrape reports, as plain values: filled by TCPStateKernel
/// on a live host and by hand in tests. The collector turns it into metric
/// families without touching the kernel.
public struct ExporterSnapshot: Sendable {
  /// Where transitions come from.
  public enum TransitionSource: String, Sendable, CaseIterable {
    /// The tracepoint through a private tracefs instance.
    case tracefs
    /// None: no root, no tracefs, --netns (the tracepoint carries no namespace),
    /// or the tracepoint went silent and is waiting to be re-armed.
    case none
  }

  public var census: SocketCensus
  /// Cgroup id → path below the v2 mount, for the census' ids (`--by-cgroup`).
  public var cgroupPaths: [UInt64: String]
  /// `/proc/net/snmp`, `/proc/net/netstat` and sockstat, read at this scrape.
  public var counters: CounterTable
  /// Bytes per page, for sockstat's `mem` (pages).
  public var pageSize: Int
  public var distributions: Cached<ConnectionDistributions>?
  public var findings: Cached<[ActiveFinding]>?
  /// Nil when no tracepoint feeds them: the families are then absent.
  public var transitions: TransitionHistograms?
  public var transitionSource: TransitionSource
  /// Monotonic seconds now, for the age of the cached parts.
  public var now: Double
  /// Seconds this scrape's dump and counter reads took.
  public var scrapeSeconds: Double
  public var eventsLost: UInt64
  public var decodeProblems: UInt64
  public var version: String

  public init(
    census: SocketCensus, counters: CounterTable = CounterTable(), pageSize: Int = 4096,
    distributions: Cached<ConnectionDistributions>? = nil, findings: Cached<[ActiveFinding]>? = nil,
    transitions: TransitionHistograms? = nil, transitionSource: TransitionSource = .none, now: Double = 0,
    scrapeSeconds: Double = 0, eventsLost: UInt64 = 0, decodeProblems: UInt64 = 0, version: String = "0",
    cgroupPaths: [UInt64: String] = [:]
  ) {
    self.census = census
    self.cgroupPaths = cgroupPaths
    self.counters = counters
    self.pageSize = pageSize
    self.distributions = distributions
    self.findings = findings
    self.transitions = transitions
    self.transitionSource = transitionSource
    self.now = now
    self.scrapeSeconds = scrapeSeconds
    self.eventsLost = eventsLost
    self.decodeProblems = decodeProblems
    self.version = version
  }
}
