import Foundation
import Glibc
import XCTest

/// The repository checkout and a way to run its scripts, make and shells
/// from the tests that check what ships (man page, completions, install).
enum Repo {
  /// Tests/CLITests/Support/RepoShell.swift -> the repository root.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

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

  /// Runs a program to completion in the repository root. Output goes to
  /// files, not pipes: a daemon the program leaves behind (a tmux server)
  /// keeps its inherited descriptors open and would make reading a pipe to
  /// its end wait forever.
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
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-run-\(UUID().uuidString)")
    let outPath = base.appendingPathExtension("out")
    let errPath = base.appendingPathExtension("err")
    for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path.path, contents: nil) }
    defer { for path in [outPath, errPath] { try? FileManager.default.removeItem(at: path) } }
    let outHandle = try FileHandle(forWritingTo: outPath)
    let errHandle = try FileHandle(forWritingTo: errPath)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    func text(_ url: URL) -> String { String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
    return CLIResult(status: process.terminationStatus, stdout: text(outPath), stderr: text(errPath))
  }

  /// posix_spawn with /dev/null as stdin, stdout and stderr, then waitpid:
  /// for commands that leave a daemon behind. Returns the exit status.
  static func spawnAndWait(_ executable: String, _ arguments: [String]) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in 0...2 {
      posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  }

  /// A fresh temporary directory, removed when the test ends.
  static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }
}
