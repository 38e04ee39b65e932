import Foundation
import Glibc
import XCTest

/// Loopback sockets held by a process of their own (Tests/Tools/socket_holder.py):
/// `kill` protects the sockets of its own parents, and the test is one of them.
final class SocketHolder {
  struct Layout: Decodable {
    var pid: Int32
    var port: UInt16
    /// [client port, server port] per connection.
    var established: [[UInt16]]
    var timeWait: [UInt16]
    /// Client ports of connections the client closed: the server side is in CLOSE_WAIT.
    var closeWait: [UInt16]
    /// A TCP_DEFER_ACCEPT listener whose connections stay request sockets (SYN_RECV).
    var deferredPort: UInt16

    // The holder writes its layout as JSON with Python's names.
    enum CodingKeys: String, CodingKey {
      case pid, port, established
      case timeWait = "time_wait"
      case closeWait = "close_wait"
      case deferredPort = "deferred_port"
    }
  }

  let process = Process()
  let input = Pipe()
  let output = Pipe()
  private(set) var layout: Layout!

  /// `beforeSockets` runs with the pid before any socket exists (to move it into a cgroup).
  init(
    established: Int, timeWait: Int, synRecv: Int = 0, closeWait: Int = 0,
    beforeSockets: ((Int32) throws -> Void)? = nil
  ) throws {
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [
      Repo.path("Tests/Tools/socket_holder.py"), "\(established)", "\(timeWait)", "\(synRecv)", "\(closeWait)",
    ]
    var environment = ProcessInfo.processInfo.environment
    if beforeSockets != nil { environment["HOLDER_WAIT_FOR_LINE"] = "1" }
    process.environment = environment
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    if let beforeSockets {
      try beforeSockets(process.processIdentifier)
      input.fileHandleForWriting.write(Data("go\n".utf8))
    }
    var line = Data()
    while true {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      if byte.isEmpty || byte == Data("\n".utf8) { break }
      line.append(byte)
    }
    layout = try JSONDecoder().decode(Layout.self, from: line)
  }

  var port: UInt16 { layout.port }

  /// Closes its stdin: the holder exits and its sockets close.
  func stop() {
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  deinit {
    if process.isRunning {
      try? input.fileHandleForWriting.close()
      process.waitUntilExit()
    }
  }
}

/// What `ss` says, to check tcpstate against the reference tool.
enum SS {
  /// `ss -tanH state all` lines for sockets with this port on either side, as "STATE local peer".
  static func sockets(port: UInt16, extra: String = "") throws -> [String] {
    let result = try CLI.run(
      [], shell: "ss -tanH \(extra) state all '( sport = :\(port) or dport = :\(port) )'")
    return result.stdout.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true).enumerated().filter { [0, 3, 4].contains($0.offset) }
        .map { String($0.element) }.joined(separator: " ")
    }
  }

  static func count(port: UInt16, state: String) throws -> Int {
    try sockets(port: port).filter { $0.hasPrefix(state + " ") }.count
  }
}
