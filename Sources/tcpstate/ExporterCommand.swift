import ArgumentParser
import TCPStateKernel
import TCPStateKit
import TCPStateMetrics

struct ExporterCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exporter",
    abstract: "Serve the host's TCP state as Prometheus metrics over HTTP.",
    discussion: """
      A long-running HTTP server for Prometheus' pull model: GET /metrics computes \
      the metrics at scrape time (text format 0.0.4, OpenMetrics 1.0 when the \
      Accept header asks for it, gzip when Accept-Encoding allows it), GET / is a \
      small page linking to it and GET /-/healthy answers 200. Other paths get 404, \
      other methods 405 (HEAD is allowed).

      Each scrape makes one plain sock_diag dump (states, queues, listeners) and \
      reads /proc/net/snmp, /proc/net/netstat and /proc/net/sockstat. The tcp_info \
      distributions and the doctor's rules need a costlier dump and are refreshed \
      every --doctor-interval seconds on their own thread, served cached with their \
      age as a metric. As root (without --netns), the sock:inet_sock_set_state \
      tracepoint feeds the transition counters and the duration, handshake and \
      lifetime histograms; without it those are absent and \
      tcpstate_exporter_transitions_source says so. The metrics are listed in the \
      EXPORTER METRICS section.

      Requests are bounded: a request head must arrive within 10 s of its first \
      byte, an idle keep-alive connection is closed after 120 s, a response not \
      read within 30 s is dropped, headers over 80 KiB get 431 and bodies over 4 KiB \
      413. Scrapes that arrive together share one dump; beyond --max-scrapes \
      waiting the answer is 503. One line per start, source change and error goes \
      to stderr. SIGTERM or SIGINT stop it cleanly (exit 0); SIGHUP is ignored. \
      The server is a separate program, tcpstate-exporter (next to tcpstate, or in \
      ../libexec/tcpstate/), which this command execs once its options are checked, \
      so its HTTP stack is never loaded by the other commands.
      """
  )

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Address to serve on: ADDR:PORT, [IPV6]:PORT, or :PORT for every address.", valueName: "addr:port"))
  var listen = ListenAddress.default.description

  @Option(
    name: .customLong("port"),
    help: ArgumentHelp(
      "Also export tcpstate_port_sockets{port,state} for these local ports (repeatable or comma-separated).",
      valueName: "n[,n...]"))
  var ports: [String] = []

  @Option(
    name: .long, parsing: .unconditional,
    help: "Listeners exported one by one; the rest are summed into port=\"other\".")
  var maxListeners = 1000

  @Option(
    name: .long, parsing: .unconditional,
    help: ArgumentHelp(
      "Also export tcpstate_cgroup_sockets{cgroup,state}, the cgroup v2 path cut to this many levels (2: /system.slice/nginx.service).",
      valueName: "depth"))
  var byCgroup: Int?

  @Option(
    name: .long, parsing: .unconditional,
    help: "Cgroups exported one by one with --by-cgroup; the smallest beyond are summed into cgroup=\"other\".")
  var maxCgroups = MetricsCollector.defaultMaxCgroups

  @Option(
    name: .long, parsing: .unconditional,
    help: ArgumentHelp(
      "Seconds between evaluations of the doctor's rules and of the tcp_info distributions.", valueName: "seconds"))
  var doctorInterval: Double = 30

  @Option(name: .long, parsing: .unconditional, help: "Open connections beyond which new ones are closed at once.")
  var maxConnections = 128

  @Option(name: .long, parsing: .unconditional, help: "Scrapes waiting for a dump beyond which the answer is 503.")
  var maxScrapes = 32

  @OptionGroup var namespace: NamespaceOptions

  func validate() throws {
    _ = try parsedListen()
    _ = try detailPorts()
    if maxListeners < 1 { throw ValidationError("--max-listeners must be at least 1") }
    if let byCgroup, byCgroup < 1 || byCgroup > 32 { throw ValidationError("--by-cgroup must be 1-32 levels") }
    if maxCgroups < 1 || maxCgroups > 10000 { throw ValidationError("--max-cgroups must be 1-10000") }
    if byCgroup == nil && maxCgroups != MetricsCollector.defaultMaxCgroups {
      throw ValidationError("--max-cgroups needs --by-cgroup DEPTH")
    }
    if !(doctorInterval >= 1 && doctorInterval <= 86400) {
      throw ValidationError("--doctor-interval must be 1-86400 seconds")
    }
    if maxConnections < 1 || maxConnections > 10000 { throw ValidationError("--max-connections must be 1-10000") }
    if maxScrapes < 1 || maxScrapes > 10000 { throw ValidationError("--max-scrapes must be 1-10000") }
  }

  func parsedListen() throws -> ListenAddress {
    do { return try ListenAddress.parse(listen) } catch { throw ValidationError(error.message) }
  }

  func detailPorts() throws -> Set<UInt16> {
    var result = Set<UInt16>()
    for word in ports.flatMap({ $0.split(separator: ",") }) {
      guard let port = UInt16(word.filter { $0 != " " }), port > 0 else {
        throw ValidationError("--port '\(word)': expected a port number 1-65535")
      }
      result.insert(port)
    }
    return result
  }

  /// Validated here, served by the `tcpstate-exporter` process this execs
  /// (NIO stays out of the binary `list` starts).
  func run() throws {
    try runReportingErrors {
      let settings = ExporterSettings(
        listen: try parsedListen(), detailPorts: try detailPorts(), maxListeners: maxListeners,
        doctorInterval: doctorInterval, maxConnections: maxConnections, maxScrapes: maxScrapes,
        netns: namespace.netns, version: TCPStateCommand.configuration.version, cgroupDepth: byCgroup,
        maxCgroups: maxCgroups)
      // Checked here, where the error can name --netns; entered by the server.
      if let netns = settings.netns { _ = try NetworkNamespace.target(netns) }
      throw ExporterLauncher.exec(settings)
    }
  }
}
