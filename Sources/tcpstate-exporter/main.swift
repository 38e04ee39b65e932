import Glibc
import TCPStateExporter
import TCPStateKernel
import TCPStateKit
import TCPStateMetrics

// `tcpstate exporter` has parsed and validated the command line (its
// definition is what --help, the man page and the completions show) and
// execs this with the settings in a fixed internal form:
//   tcpstate-exporter --listen A --port P,.. --max-listeners N --doctor-interval S
//                     --max-connections N --max-scrapes N --version V [--netns W]
//                     [--by-cgroup DEPTH --max-cgroups N]
// Kept apart so the NIO server and zlib are linked only into this process.

func fail(_ error: TCPStateError) -> Never {
  var text = Array((["tcpstate: \(error.message)"] + error.hints.map { "  \($0)" }).joined(separator: "\n").utf8)
  text.append(10)
  _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
  exit(error.exitCode)
}

func settings(_ arguments: [String]) throws(TCPStateError) -> ExporterRuntime.Settings {
  var values: [String: String] = [:]
  var index = 0
  while index + 1 < arguments.count {
    values[arguments[index]] = arguments[index + 1]
    index += 2
  }
  func number(_ key: String) throws(TCPStateError) -> Int {
    guard let value = values[key].flatMap({ Int($0) }) else {
      throw TCPStateError(.usage, "tcpstate-exporter is started by `tcpstate exporter`: \(key) missing")
    }
    return value
  }
  let ports = (values["--port"] ?? "").split(separator: ",").compactMap { UInt16($0) }
  guard index == arguments.count, let listen = values["--listen"],
    let interval = values["--doctor-interval"].flatMap({ Double($0) })
  else { throw TCPStateError(.usage, "tcpstate-exporter is started by `tcpstate exporter`; run that instead") }
  return ExporterRuntime.Settings(
    listen: try ListenAddress.parse(listen), detailPorts: Set(ports), maxListeners: try number("--max-listeners"),
    doctorInterval: interval, maxConnections: try number("--max-connections"),
    maxScrapes: try number("--max-scrapes"), netns: values["--netns"], version: values["--version"] ?? "0",
    cgroupDepth: values["--by-cgroup"].flatMap { Int($0) },
    maxCgroups: values["--max-cgroups"].flatMap { Int($0) } ?? MetricsCollector.defaultMaxCgroups
  )
}

MemoryFootprint.limitArenas()
signal(SIGPIPE, SIG_IGN)
StopSignal.install()
do {
  let parsed = try settings(Array(CommandLine.arguments.dropFirst()))
  try ExporterRuntime(
    settings: parsed, enterNamespace: { if let netns = parsed.netns { try NetworkNamespace.enter(netns) } }
  ).run()
} catch let error as TCPStateError {
  fail(error)
} catch let error as KernelError {
  // A server's log line: the kernel's own words, with the exit code that fits.
  fail(TCPStateError(error.errno == EPERM || error.errno == EACCES ? .permission : .unavailable, "\(error)"))
} catch let error as NamespaceError {
  fail(TCPStateError(.unavailable, "--netns: \(error)"))
} catch {
  fail(TCPStateError(.software, "\(error)"))
}
