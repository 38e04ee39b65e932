import Glibc
import TCPStateExporter
import TCPStateKernel
import TCPStateKit
import TCPStateMetrics

// `tcpstate exporter` has parsed and validated the command line (its
// definition is what --help, the man page and the completions show) and
// execs this with `ExporterSettings.arguments`, decoded here by the same type.
// Kept apart so the NIO server and zlib are linked only into this process.

func fail(_ error: TCPStateError) -> Never {
  var text = Array((["tcpstate: \(error.message)"] + error.hints.map { "  \($0)" }).joined(separator: "\n").utf8)
  text.append(10)
  _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
  exit(error.exitCode)
}

/// Arguments this was not started with by `tcpstate exporter`: whoever ran it by hand is sent there.
func settings(_ arguments: [String]) throws(TCPStateError) -> ExporterSettings {
  do {
    return try ExporterSettings(arguments: arguments)
  } catch {
    let what: String
    switch error {
    case .unknown(let word): what = "unknown argument '\(word)'"
    case .missingValue(let key): what = "\(key.rawValue) without a value"
    case .repeated(let key): what = "\(key.rawValue) given twice"
    case .missing(let key): what = "\(key.rawValue) missing"
    case .invalid(let key, let value): what = "\(key.rawValue) '\(value)' is not valid"
    }
    throw TCPStateError(
      .usage, "tcpstate-exporter is started by `tcpstate exporter`: \(what)", hints: ["run `tcpstate exporter` instead"]
    )
  }
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
