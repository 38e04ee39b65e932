import Foundation
import Glibc
import TestSupport
import XCTest

/// Issue 18, defect 1: clients that exit before watch reads their events
/// (curl, a python one-liner) still get their pid and their own command on
/// the CLOSE -> SYN_SENT line, named from the task's exit in the same
/// tracefs instance, in text and JSON alike.
final class WatchShortLivedClientsTests: XCTestCase {
  /// A free loopback port: bound to 0 and closed again for the server to take.
  func freePort() -> UInt16 {
    let (fd, port) = LoopbackTCP.listener(backlog: 1)
    close(fd)
    return port
  }

  func run(_ executable: String, _ arguments: [String]) throws -> (pid: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.processIdentifier, output)
  }

  func testShortLivedClientsAreNamedByPidAndCommand() throws {
    guard geteuid() == 0 else { throw XCTSkip("needs root") }
    let python = try XCTUnwrap(
      ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) },
      "python3 for the clients")
    let curl = FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") ? "/usr/bin/curl" : nil
    let port = freePort()
    let server = Process()
    server.executableURL = URL(fileURLWithPath: python)
    server.arguments = ["-m", "http.server", "\(port)", "--bind", "127.0.0.1"]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer {
      server.terminate()
      server.waitUntilExit()
    }
    // Up once a connect succeeds.
    var up = false
    for _ in 0..<200 where !up {
      let fd = LoopbackTCP.connect(port: port)
      if fd >= 0 {
        close(fd)
        up = true
      } else {
        usleep(20_000)
      }
    }
    XCTAssertTrue(up, "the http.server never listened")
    let arguments = [
      "watch", "--src", "127.0.0.1", "--dport", "\(port)", "--duration", "60", "--ready-file", "{ready}",
    ]
    let json = try BackgroundCLI(arguments + ["--json"])
    let text = try BackgroundCLI(arguments)
    XCTAssertTrue(json.waitUntilReady(), json.stderr)
    XCTAssertTrue(text.waitUntilReady(), text.stderr)

    // Each client's own pid and command (/proc/self/comm, as the kernel names it).
    var clients: [(pid: Int32, command: String)] = []
    for index in 0..<10 {
      if index % 2 == 0, let curl {
        let (pid, _) = try run(curl, ["-s", "-o", "/dev/null", "http://127.0.0.1:\(port)/"])
        clients.append((pid, "curl"))
      } else {
        let script = """
          import os, socket
          print(os.getpid(), open('/proc/self/comm').read().strip(), flush=True)
          socket.create_connection(('127.0.0.1', \(port))).close()
          """
        let (_, output) = try run(python, ["-c", script])
        let words = output.split(separator: " ")
        clients.append(
          (
            try XCTUnwrap(Int32(words.first ?? ""), output),
            String(words.dropFirst().joined(separator: " ")).trimmingCharacters(in: .whitespacesAndNewlines)
          ))
      }
    }
    usleep(700_000)
    kill(json.pid, SIGINT)
    kill(text.pid, SIGINT)
    XCTAssertEqual(json.waitForExit(), 0, json.stderr)
    XCTAssertEqual(text.waitForExit(), 0, text.stderr)

    let connects = try json.stdout.split(separator: "\n").compactMap { line -> [String: Any]? in
      let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      return object["event"] as? String == "transition" && object["old_state"] as? String == "CLOSE"
        && object["new_state"] as? String == "SYN_SENT" ? object : nil
    }
    XCTAssertEqual(connects.count, 10, json.stdout)
    for client in clients {
      let line = connects.first { ($0["pid"] as? Int) == Int(client.pid) }
      XCTAssertEqual(line?["command"] as? String, client.command, "client \(client): \(json.stdout)")
    }
    let textConnects = text.stdout.split(separator: "\n").filter { $0.contains("CLOSE -> SYN_SENT") }
    XCTAssertEqual(textConnects.count, 10, text.stdout)
    for client in clients {
      XCTAssertTrue(
        textConnects.contains { $0.contains("\(client.command)[\(client.pid)]") }, "client \(client): \(text.stdout)")
    }
  }
}
