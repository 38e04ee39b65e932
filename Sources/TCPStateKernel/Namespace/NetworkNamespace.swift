import CShim
import Glibc
import TCPStateKnowledge

/// Moves the process into another network namespace (given as a name, a
/// path or a pid) before any netlink socket is opened or /proc is read.
///
/// After setns(2) on the main thread (the thread-group leader), netlink
/// sockets are created in the namespace, /proc/net (a link to /proc/self/net)
/// shows the leader's namespace, and /proc/sys/net resolves each open against
/// the opener's namespace (net/sysctl_net.c), so every reader follows.
public enum NetworkNamespace {
  /// Where `ip netns add` keeps its names (/var/run is a link to /run on Debian).
  public static let namedDirectories = ["/run/netns", "/var/run/netns"]

  public enum Target: Equatable, Sendable {
    /// A name as `ip netns` knows it.
    case name(String)
    /// A namespace file: /proc/PID/ns/net, or a bind mount of one.
    case path(String)
    /// A process whose namespace to enter.
    case pid(Int32)
  }

  /// How a namespace word is read: digits are a pid, anything with a slash a path, the rest a name.
  public static func target(_ word: String) throws(NamespaceError) -> Target {
    if word.isEmpty { throw .empty }
    if word.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
      guard let pid = Int32(word), pid > 0 else { throw .noSuchProcess(word) }
      return .pid(pid)
    }
    if word.contains("/") { return .path(word) }
    if word == "." || word == ".." { throw .notAName(word) }
    return .name(word)
  }

  /// The names under /run/netns, sorted.
  public static func names() -> [String] {
    for directory in namedDirectories {
      if let names = NamespaceDiscovery.entries(directory) { return names.sorted() }
    }
    return []
  }

  /// The namespace file for a target; nil for a name that does not exist.
  static func file(of target: Target) -> String? {
    switch target {
    case .path(let path): return path
    case .pid(let pid): return "/proc/\(pid)/ns/net"
    case .name(let name):
      return namedDirectories.map { "\($0)/\(name)" }.first { access($0, F_OK) == 0 }
    }
  }

  /// Enters the namespace `word` names; the error says which step failed
  /// (resolving the word, open(2) of the namespace file, setns(2)) with its errno.
  public static func enter(_ word: String) throws(NamespaceError) {
    let target = try target(word)
    guard let path = file(of: target) else { throw .noSuchName(word, known: names()) }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .open(target: target, path: path, errno: errno) }
    defer { close(fd) }
    // The host-wide tunables can only be read from here.
    TunableReader.hostWideBeforeEntering = TunableReader().readAll(
      TunableCatalog.all.filter { TunableReader.hostWideNames.contains($0.name) })
    let result = tcpstate_enter_netns(fd)
    if result != 0 { throw .setns(path: path, errno: -result) }
  }
}

/// Why a network namespace could not be entered, at the kernel's level: the
/// step, the path and the errno. The CLI words it for its users.
public enum NamespaceError: Error, Equatable, Sendable {
  /// An empty word.
  case empty
  /// Digits that are no pid (0, or too large).
  case noSuchProcess(String)
  /// `.` or `..`.
  case notAName(String)
  /// No such name under /run/netns; `known` lists the names that exist.
  case noSuchName(String, known: [String])
  /// open(2) of the namespace file failed.
  case open(target: NetworkNamespace.Target, path: String, errno: Int32)
  /// setns(2) failed.
  case setns(path: String, errno: Int32)
  /// The namespace found earlier is gone (its last process exited, its
  /// bind mount was removed), or its file now names another one.
  case vanished(inode: UInt64)
  /// Inside the namespace, the netlink socket could not be made.
  case socket(KernelError)

  /// The same failure as a `KernelError`, for the callers that speak only that.
  public var kernelError: KernelError {
    switch self {
    case .empty, .noSuchProcess, .notAName, .noSuchName: return KernelError("network namespace", errno: EINVAL)
    case .open(_, let path, let code): return KernelError("open", errno: code, path: path)
    case .setns(let path, let code): return KernelError("setns", errno: code, path: path)
    case .vanished(let inode): return KernelError("network namespace", errno: ENOENT, path: "net:[\(inode)]")
    case .socket(let error): return error
    }
  }
}
