import Foundation
import XCTest

/// Runs the built `tcpstate` binary as a user would.
struct CLIResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

enum CLI {
  /// The products directory holds both the test bundle and the executable.
  static var binary: URL {
    if let override = ProcessInfo.processInfo.environment["TCPSTATE_BIN"] { return URL(fileURLWithPath: override) }
    let runner = URL(
      fileURLWithPath: CommandLine.arguments.first { $0.hasSuffix(".xctest") } ?? CommandLine.arguments[0])
    return runner.deletingLastPathComponent().appendingPathComponent("tcpstate")
  }

  static func run(_ arguments: [String], environment: [String: String] = [:], shell: String? = nil) throws -> CLIResult
  {
    let process = Process()
    if let shell {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", shell]
    } else {
      process.executableURL = binary
      process.arguments = arguments
    }
    var env = ProcessInfo.processInfo.environment
    env["TCPSTATE"] = binary.path
    for (key, value) in environment { env[key] = value }
    process.environment = env
    // stderr goes to a file, stdout to a pipe: neither can fill up and block the child.
    let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errPath) }
    let errHandle = try FileHandle(forWritingTo: errPath)
    let out = Pipe()
    process.standardOutput = out
    process.standardError = errHandle
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try errHandle.close()
    let errData = (try? Data(contentsOf: errPath)) ?? Data()
    return CLIResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
