import Foundation

/// Shell commands for the tests' set-up and tear-down (namespaces, nftables,
/// veth pairs), in one place instead of a copy in every test class that needs one.
public enum Shell {
  /// Runs `command` with `/bin/sh -c` and returns its exit status. A status
  /// other than 0 is not an error here: the caller decides (tear-down deletes
  /// what may already be gone).
  @discardableResult
  public static func run(_ command: String) throws -> Int32 {
    try status(of: command, shell: "/bin/sh")
  }

  /// Runs `command` with bash (for `set -e` and here-documents) and throws
  /// when it exits with a status other than 0: for set-up that must succeed.
  @discardableResult
  public static func check(_ command: String) throws -> Int32 {
    let status = try status(of: command, shell: "/bin/bash")
    guard status == 0 else {
      throw NSError(domain: "sh", code: Int(status), userInfo: [NSLocalizedDescriptionKey: command])
    }
    return 0
  }

  private static func status(of command: String, shell: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: shell)
    process.arguments = ["-c", command]
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// The standard output of `command` run with `/bin/sh -c`.
  public static func output(_ command: String) throws -> String {
    let process = Process()
    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
