import ArgumentParser
import Glibc
import TCPStateKernel
import TCPStateKit

/// Runs a subcommand body: user-facing errors become one clear message on
/// stderr and the documented exit code; a closed stdout ends quietly, any
/// other failed write to it is an I/O error (74), since output was lost.
func runReportingErrors(_ body: () throws -> Void) throws {
  // A closed pipe must surface as EPIPE (handled below), not kill us mid-write.
  signal(SIGPIPE, SIG_IGN)
  do {
    try body()
  } catch let error as TCPStateError {
    report(error)
    throw ExitCode(error.exitCode)
  } catch let error as KernelError {
    let userError = error.userError
    report(userError)
    throw ExitCode(userError.exitCode)
  } catch let error as OutputSink.Failure {
    switch error {
    case .closed:
      throw ExitCode.success
    case .failed(let code):
      let userError = TCPStateError(.io, "write error: \(String(cString: strerror(code)))")
      report(userError)
      throw ExitCode(userError.exitCode)
    }
  }
}

/// Writes a whole rendered text to stdout, so a failed write is reported
/// like any other (print(_:) would drop it).
func writeOut(_ text: String) throws(OutputSink.Failure) {
  let sink = OutputSink()
  try sink.write(text)
  try sink.flush()
}

/// Messages quote what the user typed or the kernel said: escaped, so a
/// control character in an argument cannot reach the terminal raw.
func report(_ error: TCPStateError) {
  warn("tcpstate: \(TextEscaping.escape(error.message))")
  for hint in error.hints { warn("  \(TextEscaping.escape(hint))") }
}

/// One line on stderr.
func warn(_ line: String) {
  var text = Array(line.utf8)
  text.append(10)
  _ = text.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
