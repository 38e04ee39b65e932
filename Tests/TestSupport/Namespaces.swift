import Foundation
import Glibc

/// Network namespaces a test creates with `ip netns add`, and the processes
/// it keeps running inside them.
public enum TestNamespaces {
  /// Deletes a namespace (and its veth ends and nftables ruleset); quiet when it is already gone.
  public static func delete(_ name: String) {
    _ = try? Shell.run("ip netns del \(name)")
  }

  /// Starts `python3 -c program` inside a namespace, in the background.
  /// `quiet` sends its standard output to /dev/null.
  public static func python(_ namespace: String, _ program: String, quiet: Bool) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
    process.arguments = ["netns", "exec", namespace, "python3", "-c", program]
    if quiet { process.standardOutput = FileHandle.nullDevice }
    try process.run()
    return process
  }
}

/// A process a test started in the background, and the file it creates when ready.
public enum BackgroundProcess {
  /// Waits until `path` exists, polling every `poll` microseconds for at most
  /// `timeout` seconds, then removes it (so the next run waits afresh).
  public static func awaitReadyFile(_ path: String, timeout: TimeInterval, poll: useconds_t) {
    let deadline = Date().addingTimeInterval(timeout)
    while !FileManager.default.fileExists(atPath: path) && Date() < deadline { usleep(poll) }
    try? FileManager.default.removeItem(atPath: path)
  }

  /// Kills the process with SIGKILL and reaps it, if it is still running.
  public static func kill(_ process: Process?) {
    guard let process, process.isRunning else { return }
    Glibc.kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }
}
