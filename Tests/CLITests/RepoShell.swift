import Foundation
import XCTest

/// The repository checkout and a way to run its scripts, make and shells
/// from the tests that check what ships (man page, completions, install).
enum Repo {
  /// Tests/CLITests/RepoShell.swift -> the repository root.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  /// swift-argument-parser's generate-manual, built by `make docs-tool` (which
  /// `make test` runs) next to the tcpstate binary.
  static var manualGenerator: String? {
    var candidates: [String] = []
    if let override = ProcessInfo.processInfo.environment["GENERATE_MANUAL_TOOL"] { candidates.append(override) }
    candidates.append(CLI.binary.deletingLastPathComponent().appendingPathComponent("generate-manual-tool").path)
    candidates.append(path(".build/debug/generate-manual-tool"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// The first of the paths that is an executable, e.g. a shell; nil if none.
  static func tool(_ name: String) -> String? {
    ["/usr/bin/\(name)", "/bin/\(name)", "/usr/local/bin/\(name)"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
  }

  /// Runs a program to completion in the repository root.
  static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
    -> CLIResult
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = root
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errPath.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errPath) }
    let errHandle = try FileHandle(forWritingTo: errPath)
    let out = Pipe()
    process.standardOutput = out
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try errHandle.close()
    return CLIResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: (try? Data(contentsOf: errPath)) ?? Data(), as: UTF8.self))
  }

  /// A fresh temporary directory, removed when the test ends.
  static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }
}
