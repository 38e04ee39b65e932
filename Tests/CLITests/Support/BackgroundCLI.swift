import Foundation
import Glibc
import TestSupport
import XCTest

/// A `tcpstate` process running in the background, output to files.
final class BackgroundCLI {
  let process = Process()
  let directory: URL
  var stdoutURL: URL { directory.appendingPathComponent("stdout") }
  var stderrURL: URL { directory.appendingPathComponent("stderr") }
  var readyURL: URL { directory.appendingPathComponent("ready") }

  /// `prefix` runs the binary through another program (e.g. setpriv to drop root).
  /// An argument `{ready}` is replaced by the path of the ready file.
  /// With `shell: true`, `arguments` go to /bin/sh as is (the binary is not inserted).
  /// `executable` runs another copy of the binary (renamed, symlinked).
  init(_ arguments: [String], prefix: [String] = [], shell: Bool = false, executable: URL? = nil) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-\(UUID().uuidString)")
    let readyPath = directory.appendingPathComponent("ready").path
    let arguments = arguments.map { $0 == "{ready}" ? readyPath : $0 }
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    chmod(directory.path, 0o777)  // an unprivileged child must create its ready file here
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    if shell {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = arguments
    } else if prefix.isEmpty {
      process.executableURL = executable ?? CLI.binary
      process.arguments = arguments
    } else {
      process.executableURL = URL(fileURLWithPath: prefix[0])
      process.arguments = Array(prefix.dropFirst()) + [CLI.binary.path] + arguments
    }
    process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
    process.standardError = try FileHandle(forWritingTo: stderrURL)
    try process.run()
  }

  deinit {
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    try? FileManager.default.removeItem(at: directory)
  }

  var pid: Int32 { process.processIdentifier }

  func waitUntilReady(timeout: TimeInterval = 15) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if FileManager.default.fileExists(atPath: readyURL.path) { return true }
      if !process.isRunning { return false }
      usleep(20_000)
    }
    return false
  }

  @discardableResult
  func waitForExit(timeout: TimeInterval = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    return process.isRunning ? nil : process.terminationStatus
  }

  var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
  var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
}

/// Tracing instances tcpstate created (`tcpstate-PID-START[-m]`), wherever tracefs is mounted now.
func tcpstateInstances() -> [String] {
  for root in ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"] {
    if let names = try? FileManager.default.contentsOfDirectory(atPath: "\(root)/instances") {
      return names.filter { $0.hasPrefix("tcpstate-") }
    }
  }
  return []
}

/// The instances of one watcher process.
func tcpstateInstances(of pid: Int32) -> [String] {
  tcpstateInstances().filter { $0.hasPrefix("tcpstate-\(pid)-") || $0 == "tcpstate-\(pid)" }
}

/// Instances whose owner is no longer running: left behind. (Other
/// watchers, of other tests or of the host, may be running meanwhile.)
func leakedInstances() -> [String] {
  tcpstateInstances().filter { name in
    guard let pid = Int32(name.dropFirst("tcpstate-".count).split(separator: "-").first ?? "") else { return true }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return true }
    let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
    return state == "Z" || state == "X"
  }
}

/// A client/server pair on 127.0.0.1 held open for `hold` seconds, then closed client first.
func loopbackConnection(hold: TimeInterval) throws -> UInt16 {
  let (listener, port) = LoopbackTCP.listener(backlog: 4)
  let client = LoopbackTCP.connect(port: port)
  let server = accept(listener, nil, nil)
  usleep(useconds_t(hold * 1_000_000))
  close(client)
  usleep(useconds_t(hold * 1_000_000))
  close(server)
  close(listener)
  usleep(useconds_t(hold * 1_000_000))
  return port
}
