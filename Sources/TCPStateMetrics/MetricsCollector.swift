import TCPStateModel

/// Turns one `ExporterSnapshot` into metric families: the metric contract of
/// `tcpstate exporter`. Pure: the same snapshot always gives the same
/// families, in the same order, which the unit tests and the man page rely on.
public struct MetricsCollector: Sendable {
  /// Listeners beyond this many (the busiest kept) are summed into `port="other"`.
  public var maxListeners: Int
  /// How often the cached parts are refreshed, for their HELP text.
  public var slowIntervalSeconds: Double

  /// `--by-cgroup`: path levels kept in the cgroup label; nil exports no cgroup series.
  public var cgroupDepth: Int?
  /// Cgroups beyond this many (the largest kept) are summed into `cgroup="other"`.
  public var maxCgroups: Int
  /// `--max-cgroups`' default, the one place it is written.
  public static let defaultMaxCgroups = 100

  public init(
    maxListeners: Int = 1000, slowIntervalSeconds: Double = 30, cgroupDepth: Int? = nil,
    maxCgroups: Int = defaultMaxCgroups
  ) {
    self.maxListeners = maxListeners
    self.slowIntervalSeconds = slowIntervalSeconds
    self.cgroupDepth = cgroupDepth
    self.maxCgroups = maxCgroups
  }

  public func families(_ snapshot: ExporterSnapshot) -> [MetricFamily] {
    var families = sockets(snapshot.census)
    families += listeners(snapshot.census)
    families += cgroups(snapshot)
    families += counters(snapshot)
    families += distributions(snapshot)
    families += transitions(snapshot)
    families += doctor(snapshot)
    families += selfMetrics(snapshot)
    return families
  }

  func sockets(_ census: SocketCensus) -> [MetricFamily] {
    var samples: [Sample] = []
    for family in [AddressFamily.inet, .inet6] {
      for state in ExportedState.allCases {
        samples.append(
          Sample([("family", family.name), ("state", state.rawValue)], Double(census.count(state, family))))
      }
    }
    var result = [
      MetricFamily(
        name: "tcpstate_sockets",
        help:
          "TCP sockets by address family and state, from sock_diag at scrape time. syn_recv includes request sockets; bound-inactive sockets count as close.",
        kind: .gauge, samples: samples),
      MetricFamily(
        name: "tcpstate_send_queue_bytes",
        help: "Bytes sent but not yet acknowledged, per ESTABLISHED socket (Send-Q), at scrape time.", kind: .histogram,
        histograms: [HistogramSample([], census.sendQueue)]),
      MetricFamily(
        name: "tcpstate_receive_queue_bytes",
        help: "Bytes received but not yet read by the application, per ESTABLISHED socket (Recv-Q), at scrape time.",
        kind: .histogram, histograms: [HistogramSample([], census.receiveQueue)]),
    ]
    if !census.detailPorts.isEmpty {
      var portSamples: [Sample] = []
      for port in census.detailPorts.sorted() {
        let states = census.portStates[port] ?? [:]
        for state in ExportedState.allCases {
          portSamples.append(Sample([("port", String(port)), ("state", state.rawValue)], Double(states[state] ?? 0)))
        }
      }
      result.append(
        MetricFamily(
          name: "tcpstate_port_sockets",
          help: "TCP sockets by state whose local port is one of the exporter's --port values, both families.",
          kind: .gauge, samples: portSamples))
    }
    return result
  }

  func listeners(_ census: SocketCensus) -> [MetricFamily] {
    // The busiest queues first, then by port, so the cut keeps what matters and is stable.
    let sorted = census.listeners.sorted {
      $0.value.queued != $1.value.queued ? $0.value.queued > $1.value.queued : $0.key < $1.key
    }
    let kept = sorted.prefix(maxListeners)
    let folded = sorted.dropFirst(maxListeners)
    var lengths: [Sample] = []
    var limits: [Sample] = []
    for (key, listener) in kept.sorted(by: { $0.key < $1.key }) {
      let labels: Labels = [("address", key.address), ("port", String(key.port))]
      lengths.append(Sample(labels, Double(listener.queued)))
      limits.append(Sample(labels, Double(listener.limit)))
    }
    if !folded.isEmpty {
      let labels: Labels = [("address", "other"), ("port", "other")]
      lengths.append(Sample(labels, Double(folded.reduce(0) { $0 + $1.value.queued })))
      limits.append(Sample(labels, Double(folded.reduce(0) { $0 + $1.value.limit })))
    }
    return [
      MetricFamily(
        name: "tcpstate_listen_queue_length",
        help:
          "Connections waiting in a listener's accept queue (handshake done, not yet accept()ed). SO_REUSEPORT listeners on one address and port are summed; beyond --max-listeners the rest are summed under port=\"other\".",
        kind: .gauge, samples: lengths),
      MetricFamily(
        name: "tcpstate_listen_queue_limit",
        help: "A listener's accept queue limit: the listen() backlog capped by net.core.somaxconn.", kind: .gauge,
        samples: limits),
      MetricFamily(
        name: "tcpstate_exporter_listeners_folded",
        help: "Listeners summed into the port=\"other\" series because there were more than --max-listeners.",
        kind: .gauge, samples: [Sample([], Double(folded.count))]),
    ]
  }

  func counters(_ snapshot: ExporterSnapshot) -> [MetricFamily] {
    var families: [MetricFamily] = KernelCounterCatalog.all.compactMap { counter in
      guard let value = snapshot.counters[counter.group, counter.kernelName] else { return nil }
      let file = counter.group == "Tcp" ? "/proc/net/snmp" : "/proc/net/netstat"
      return MetricFamily(
        name: counter.metric, help: "\(counter.group)\(counter.kernelName) (\(file)): \(counter.meaning).",
        kind: .counter, samples: [Sample([], Double(max(0, value)))])
    }
    if let orphans = snapshot.counters["TCP", "orphan"] {
      families.append(
        MetricFamily(
          name: "tcpstate_orphan_sockets",
          help: "TCP sockets no process holds any more (sockstat TCP orphan), limited by net.ipv4.tcp_max_orphans.",
          kind: .gauge, samples: [Sample([], Double(orphans))]))
    }
    if let pages = snapshot.counters["TCP", "mem"] {
      families.append(
        MetricFamily(
          name: "tcpstate_memory_bytes",
          help:
            "Memory TCP sockets use (sockstat TCP mem, in pages, times the page size); compare with net.ipv4.tcp_mem.",
          kind: .gauge, samples: [Sample([], Double(pages) * Double(snapshot.pageSize))]))
    }
    return families
  }

  var cadence: String {
    "Refreshed every \(ExpositionWriter.number(slowIntervalSeconds)) s (--doctor-interval) and served cached"
  }

  func distributions(_ snapshot: ExporterSnapshot) -> [MetricFamily] {
    guard let cached = snapshot.distributions else { return [] }
    return [
      MetricFamily(
        name: "tcpstate_rtt_seconds",
        help:
          "Smoothed round-trip time (tcp_info rtt) of ESTABLISHED sockets. \(cadence); see tcpstate_exporter_distributions_age_seconds.",
        kind: .histogram, histograms: [HistogramSample([], cached.value.rtt)]),
      MetricFamily(
        name: "tcpstate_socket_retransmits",
        help: "Segments each ESTABLISHED socket has retransmitted in its life (tcp_info total_retrans). \(cadence).",
        kind: .histogram, histograms: [HistogramSample([], cached.value.retransmits)]),
      MetricFamily(
        name: "tcpstate_exporter_distributions_age_seconds",
        help:
          "Seconds since the tcp_info distributions (tcpstate_rtt_seconds, tcpstate_socket_retransmits) were computed.",
        kind: .gauge, samples: [Sample([], max(0, snapshot.now - cached.computedAt))]),
    ]
  }

  func doctor(_ snapshot: ExporterSnapshot) -> [MetricFamily] {
    guard let cached = snapshot.findings else { return [] }
    return [
      MetricFamily(
        name: "tcpstate_doctor_finding",
        help:
          "1 for each finding tcpstate doctor's rules report (rule = the finding id, as in tcpstate doctor), evaluated against the counter rises since the previous evaluation. \(cadence).",
        kind: .gauge,
        samples: cached.value.map { Sample([("rule", $0.rule), ("severity", $0.severity)], 1) }),
      MetricFamily(
        name: "tcpstate_exporter_doctor_age_seconds", help: "Seconds since the doctor's rules were last evaluated.",
        kind: .gauge, samples: [Sample([], max(0, snapshot.now - cached.computedAt))]),
    ]
  }

  func selfMetrics(_ snapshot: ExporterSnapshot) -> [MetricFamily] {
    [
      MetricFamily(
        name: "tcpstate_exporter_build", help: "The exporter's version, as a label; the value is always 1.",
        kind: .info,
        samples: [Sample([("version", snapshot.version)], 1)]),
      MetricFamily(
        name: "tcpstate_exporter_scrape_duration_seconds",
        help: "Seconds this scrape spent dumping sockets and reading counters.", kind: .gauge,
        samples: [Sample([], snapshot.scrapeSeconds)]),
      MetricFamily(
        name: "tcpstate_exporter_transitions_source",
        help:
          "1 for the source transitions come from: tracefs (the tracepoint) or none (no root or tracefs, --netns, or the tracepoint went silent and waits to be re-armed).",
        kind: .gauge,
        samples: ExporterSnapshot.TransitionSource.allCases.map {
          Sample([("source", $0.rawValue)], $0 == snapshot.transitionSource ? 1 : 0)
        }),
      MetricFamily(
        name: "tcpstate_exporter_events_lost",
        help: "Tracepoint events the kernel dropped because the exporter's buffer was full.", kind: .counter,
        samples: [Sample([], Double(snapshot.eventsLost))]),
      MetricFamily(
        name: "tcpstate_exporter_decode_problems",
        help: "sock_diag messages the exporter could not decode and skipped.", kind: .counter,
        samples: [Sample([], Double(snapshot.decodeProblems))]),
    ]
  }
}
