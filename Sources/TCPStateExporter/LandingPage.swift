/// What `GET /` shows a person who opens the exporter in a browser.
enum LandingPage {
  static func html(version: String) -> String {
    """
    <!DOCTYPE html>
    <html><head><meta charset="utf-8"><title>tcpstate exporter</title></head>
    <body>
    <h1>tcpstate exporter</h1>
    <p>The host's TCP state as Prometheus metrics: sockets per state, accept queues, the kernel's TCP counters, \
    state transitions and the findings of tcpstate doctor.</p>
    <ul>
    <li><a href="metrics">/metrics</a> (text format 0.0.4, or OpenMetrics 1.0 when asked for)</li>
    <li><a href="-/healthy">/-/healthy</a></li>
    </ul>
    <p>Every metric is described in <code>man tcpstate</code> (EXPORTER METRICS). Version \(version).</p>
    </body></html>

    """
  }
}
