import Foundation

/// Network namespaces a test makes and removes: named ones (`ip netns add`)
/// and anonymous ones (`unshare --net`, alive only while their process is),
/// each with loopback up and a process inside holding a listener on
/// 127.0.0.1:`port`, the same 4-tuple in every one of them.
public final class NamespaceLab {
  public let prefix = "tsk\(getpid() % 100_000)x\(Int.random(in: 0..<1000))"
  /// Below the ephemeral range (32768-60999), so no client socket on the host lands on it.
  public let port = UInt16.random(in: 20_000..<32_000)
  public private(set) var names: [String] = []
  public private(set) var holders: [Process] = []

  /// A listener that says "ready" and lives until its stdin closes.
  static let holderScript = """
    import socket, sys
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
    print("ready", flush=True); sys.stdin.read()
    """

  public init() {}

  /// Starts `arguments` and waits for its first line ("ready").
  public func hold(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    holders.append(process)
    var line = Data()
    while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([10]) {
      line += byte
    }
    guard String(decoding: line, as: UTF8.self) == "ready" else { throw LabError("\(arguments) did not get ready") }
    return process
  }

  /// A named namespace with a listener inside; its name.
  public func named(_ suffix: String) throws -> String {
    let name = "\(prefix)\(suffix)"
    names.append(name)
    try Shell.check("ip netns add \(name) && ip -n \(name) link set lo up")
    _ = try hold(["ip", "netns", "exec", name, "python3", "-c", Self.holderScript, String(port)])
    return name
  }

  /// An anonymous namespace (with a listener inside unless `listening` is
  /// false); the holder's pid.
  public func anonymous(listening: Bool = true) throws -> Int32 {
    let holder = listening ? Self.holderScript : "import sys\nprint('ready', flush=True); sys.stdin.read()"
    let script = "import os; os.system('ip link set lo up')\n" + holder
    return try hold(["unshare", "--net", "python3", "-c", script, String(port)]).processIdentifier
  }

  /// A process whose one thread has entered the namespace of `path` and
  /// listens there on `port`; the process itself stays where it started.
  public func threadInside(_ path: String) throws -> Int32 {
    let script = """
      import ctypes, os, socket, sys, threading
      libc = ctypes.CDLL(None, use_errno=True)
      fd = os.open(sys.argv[1], os.O_RDONLY)
      entered = threading.Event()
      def run():
          assert libc.setns(fd, 0x40000000) == 0, ctypes.get_errno()
          os.close(fd)
          s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[2]))); s.listen(8)
          entered.set(); threading.Event().wait()
      threading.Thread(target=run, daemon=True).start()
      if not entered.wait(10): sys.exit("the thread did not enter and listen")
      print("ready", flush=True); sys.stdin.read()
      """
    return try hold(["python3", "-c", script, path, String(port)]).processIdentifier
  }

  /// The namespace inode of a file (`/run/netns/NAME`, `/proc/PID/ns/net`).
  public static func inode(_ path: String) -> UInt64? {
    var info = stat()
    return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
  }

  public func stop(_ process: Process) {
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
  }

  public func remove(_ name: String) { _ = try? Shell.run("ip netns del \(name)") }

  public func tearDown() {
    for holder in holders { stop(holder) }
    for name in names { remove(name) }
  }
}

/// A lab step that did not work, with what was tried.
public struct LabError: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}
