import Glibc
import TCPStateKernel
import TCPStateKit
import TCPStateMetrics
import TCPStateModel

/// `tcpstate exporter` put together: the HTTP server binds first (in the
/// namespace tcpstate started in, so Prometheus can reach it), then --netns is
/// entered and the threads that read the kernel start, inheriting it. The
/// calling thread serves scrapes until SIGTERM or SIGINT.
public struct ExporterRuntime {
  let settings: ExporterSettings
  let enterNamespace: () throws -> Void

  public init(settings: ExporterSettings, enterNamespace: @escaping () throws -> Void) {
    self.settings = settings
    self.enterNamespace = enterNamespace
  }

  public func run() throws {
    let queue = ScrapeQueue(limit: settings.maxScrapes)
    let server = try bind(queue)
    defer { server.shutdown() }
    try enterNamespace()
    let slow = SlowRefresher(interval: settings.doctorInterval, onError: log)
    let slowThread = try BackgroundThread { slow.run() }
    var feed: TransitionFeed?
    var feedThread: BackgroundThread?
    if let netns = settings.netns {
      log(
        "tcpstate exporter: no transition metrics inside --netns \(netns): the tracepoint's events carry no namespace")
    } else {
      let transitions = TransitionFeed(log: log)
      feed = transitions
      feedThread = try BackgroundThread { transitions.run() }
    }
    // The tracepoint reader keeps the default priority; this thread's dumps yield to it.
    ThreadPriority.lowerCurrentThread()
    let scope = settings.netns.map { " for network namespace \($0)" } ?? ""
    log("tcpstate exporter \(settings.version): serving http://\(server.boundAddress)/metrics\(scope)")
    serve(queue, slow: slow, feed: feed)
    feed?.stop()
    slow.stop()
    feedThread?.join()
    slowThread.join()
    log("tcpstate exporter: stopped (signal \(StopSignal.received))")
  }

  func bind(_ queue: ScrapeQueue) throws -> MetricsServer {
    var server = MetricsServer.Settings(host: settings.listen.host, port: settings.listen.port)
    server.maxConnections = settings.maxConnections
    server.version = settings.version
    do {
      return try MetricsServer(settings: server, queue: queue)
    } catch  where settings.listen.allAddresses {
      // IPv6 switched off: every IPv4 address is the best "every address" left.
      server.host = "0.0.0.0"
      do { return try MetricsServer(settings: server, queue: queue) } catch { throw listenError(error) }
    } catch {
      throw listenError(error)
    }
  }

  func listenError(_ error: Error) -> TCPStateError {
    TCPStateError(
      .unavailable, "cannot serve on \(settings.listen): \(error)",
      hints: ["choose another address or port with --listen"])
  }

  /// Answers scrapes as they come, one dump for every batch that arrived together.
  func serve(_ queue: ScrapeQueue, slow: SlowRefresher, feed: TransitionFeed?) {
    let sampler = ScrapeSampler(detailPorts: settings.detailPorts, countsCgroups: settings.cgroupDepth != nil)
    let collector = MetricsCollector(
      maxListeners: settings.maxListeners, slowIntervalSeconds: settings.doctorInterval,
      cgroupDepth: settings.cgroupDepth, maxCgroups: settings.maxCgroups)
    var scrapeProblems: UInt64 = 0
    var failing = false
    while StopSignal.received == 0 {
      let batch = queue.next(timeout: 0.1)
      guard !batch.isEmpty else { continue }
      let reading: ScrapeSampler.Reading
      do {
        reading = try sampler.sample()
        if failing { log("tcpstate exporter: scrapes work again") }
        failing = false
      } catch {
        let message = "\(error)"
        if !failing { log("tcpstate exporter: scrape failed: \(message)") }
        failing = true
        ScrapeQueue.answer(batch) { _ in .failed(message) }
        continue
      }
      scrapeProblems &+= UInt64(reading.decodeProblems)
      let cached = slow.results
      let transitions = feed?.current
      let snapshot = ExporterSnapshot(
        census: reading.census, counters: reading.counters, pageSize: ScrapeSampler.pageSize,
        distributions: cached.distributions, findings: cached.findings, transitions: transitions?.histograms,
        transitionSource: transitions?.source ?? .none, now: Clock.monotonicSeconds(), scrapeSeconds: reading.seconds,
        eventsLost: transitions?.lost ?? 0, decodeProblems: scrapeProblems &+ cached.decodeProblems,
        version: settings.version, cgroupPaths: reading.cgroupPaths)
      let families = collector.families(snapshot)
      ScrapeQueue.answer(batch) { format in .metrics(ExpositionWriter(format: format).write(families)) }
      MemoryFootprint.trim()
    }
  }
}

/// One line on stderr, whole (journald reads it as one entry).
@Sendable func log(_ line: String) {
  var text = Array(line.utf8)
  text.append(10)
  _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
