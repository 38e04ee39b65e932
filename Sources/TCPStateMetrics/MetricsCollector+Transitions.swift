/// The tracepoint's families: present only while a tracepoint feeds them.
extension MetricsCollector {
  func transitions(_ snapshot: ExporterSnapshot) -> [MetricFamily] {
    guard let histograms = snapshot.transitions else { return [] }
    let edges = histograms.transitions.sorted {
      ($0.key.from.rawValue, $0.key.to.rawValue) < ($1.key.from.rawValue, $1.key.to.rawValue)
    }
    let durations = histograms.stateDurations.sorted { $0.key.rawValue < $1.key.rawValue }
    return [
      MetricFamily(
        name: "tcpstate_transitions",
        help:
          "TCP state transitions since the exporter started, from the sock:inet_sock_set_state tracepoint. The active closer's hand-over to its time-wait socket counts as fin_wait2 -> time_wait (the kernel reports -> close).",
        kind: .counter,
        samples: edges.map { Sample([("from", $0.key.from.rawValue), ("to", $0.key.to.rawValue)], Double($0.value)) }),
      MetricFamily(
        name: "tcpstate_state_duration_seconds",
        help: "Time a socket spent in a state, observed when it left that state (state = the state left).",
        kind: .histogram, histograms: durations.map { HistogramSample([("state", $0.key.rawValue)], $0.value) }),
      MetricFamily(
        name: "tcpstate_handshake_duration_seconds",
        help:
          "Handshake time. client: SYN_SENT to ESTABLISHED (connect() to the SYN-ACK). server: SYN_RECV to ESTABLISHED of the child socket, which the kernel creates only when the final ACK arrives, so it is near zero unless Fast Open or a deferred accept is involved.",
        kind: .histogram,
        histograms: [
          HistogramSample([("side", "client")], histograms.clientHandshake),
          HistogramSample([("side", "server")], histograms.serverHandshake),
        ]),
      MetricFamily(
        name: "tcpstate_connection_lifetime_seconds",
        help:
          "Lifetime of connections that ended, from their first transition the exporter saw to the kernel's destroy notification.",
        kind: .histogram, histograms: [HistogramSample([], histograms.lifetimes)]),
    ]
  }
}
