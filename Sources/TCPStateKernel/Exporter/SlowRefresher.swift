import Glibc
import Synchronization
import TCPStateDoctor
import TCPStateKit
import TCPStateMetrics
import TCPStateModel

/// The slow cadence: every `interval` seconds one sock_diag dump with
/// tcp_info feeds both the doctor's rules (a `SocketSummary`, with the
/// counter rises since the previous evaluation) and the RTT and retransmit
/// distributions. Runs on its own thread; scrapes read the latest results.
public final class SlowRefresher: Sendable {
  public struct Results: Sendable {
    public var distributions: Cached<ConnectionDistributions>?
    public var findings: Cached<[ActiveFinding]>?
    public var decodeProblems: UInt64 = 0
  }

  let interval: Double
  let latest = Mutex(Results())
  let stopping = Atomic<Bool>(false)
  let onError: @Sendable (String) -> Void

  public init(interval: Double, onError: @escaping @Sendable (String) -> Void) {
    self.interval = interval
    self.onError = onError
  }

  public var results: Results { latest.withLock { $0 } }

  public func stop() { stopping.store(true, ordering: .relaxed) }

  /// Evaluates at once, then every interval, until `stop()`. The first
  /// evaluation has no previous counters, so counter-based rules wait for the second.
  public func run() {
    ThreadPriority.lowerCurrentThread()
    var previous: (counters: DoctorInputBuilder.CounterReading, at: Double)?
    var failed = false
    while !stopping.load(ordering: .relaxed) {
      let started = Clock.monotonicSeconds()
      do {
        previous = try refresh(previous: previous)
        if failed { onError("tcpstate exporter: the doctor's dump works again") }
        failed = false
      } catch {
        if !failed { onError("tcpstate exporter: the doctor's dump failed: \(error)") }
        failed = true
      }
      while !stopping.load(ordering: .relaxed) && Clock.monotonicSeconds() - started < interval {
        usleep(50_000)
      }
    }
  }

  func refresh(previous: (counters: DoctorInputBuilder.CounterReading, at: Double)?) throws(KernelError) -> (
    counters: DoctorInputBuilder.CounterReading, at: Double
  ) {
    // Read again each time: a sysctl changed on a long-running host shows at the next evaluation.
    let builder = DoctorInputBuilder.reading()
    let reading = CounterReader().read()
    let startedAt = Clock.monotonicSeconds()
    var distributions = ConnectionDistributions()
    var problems: UInt64 = 0
    let summary = try builder.dumpSummary(
      filter: SocketFilter(states: .all), onProblem: { _ in problems += 1 },
      onSocket: { socket in
        distributions.add(socket)
        // A stop cuts the dump short: at 100k sockets with tcp_info it is the
        // longest thing the exporter does, and SIGTERM should not wait for it.
        return !self.stopping.load(ordering: .relaxed)
      })
    guard !stopping.load(ordering: .relaxed) else { return (reading, startedAt) }
    let window = DoctorInputBuilder.window(
      from: previous?.counters, to: reading, seconds: previous.map { startedAt - $0.at } ?? 0)
    let report = Doctor.diagnose(builder.input(summary: summary, counters: window))
    let now = Clock.monotonicSeconds()
    latest.withLock {
      $0.distributions = Cached(distributions, computedAt: now)
      $0.findings = Cached(ActiveFinding.from(report), computedAt: now)
      $0.decodeProblems &+= problems
    }
    MemoryFootprint.trim()
    return (reading, startedAt)
  }
}
