import CShim
import Glibc
import TCPStateKit

/// `--netns NAME|PATH|PID`: moves the process into another network namespace
/// before any netlink socket is opened or /proc is read.
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

  /// How a --netns word is read: digits are a pid, anything with a slash a path, the rest a name.
  public static func target(_ word: String) throws(TCPStateError) -> Target {
    if word.isEmpty {
      throw TCPStateError(.usage, "--netns needs a name, a path such as /proc/PID/ns/net, or a pid")
    }
    if word.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
      guard let pid = Int32(word), pid > 0 else { throw TCPStateError(.usage, "--netns '\(word)': no such process") }
      return .pid(pid)
    }
    if word.contains("/") { return .path(word) }
    if word == "." || word == ".." { throw TCPStateError(.usage, "--netns '\(word)' is not a namespace name") }
    return .name(word)
  }

  /// The names under /run/netns, sorted.
  public static func names() -> [String] {
    for directory in namedDirectories {
      guard let handle = opendir(directory) else { continue }
      defer { closedir(handle) }
      var names: [String] = []
      while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
      }
      return names.sorted()
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

  /// Enters the namespace `word` names, or explains why not (64 for a wrong
  /// word, 77 for a missing privilege).
  public static func enter(_ word: String) throws(TCPStateError) {
    let target = try target(word)
    guard let path = file(of: target) else {
      let known = names()
      throw TCPStateError(
        .usage, "no network namespace named '\(word)'",
        hints: [
          known.isEmpty
            ? "none exist under /var/run/netns (ip netns add NAME creates one)"
            : "namespaces under /var/run/netns: " + known.joined(separator: ", "),
          "--netns also takes a path such as /proc/PID/ns/net, or a pid",
        ])
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      let code = errno
      switch code {
      case EACCES, EPERM:
        throw TCPStateError(
          .permission,
          "--netns '\(word)': opening \(path) needs CAP_SYS_ADMIN (CAP_SYS_PTRACE too for another user's process)",
          hints: ["without --netns, tcpstate shows the namespace it runs in"])
      case ENOENT, ESRCH:
        if case .pid(let pid) = target { throw TCPStateError(.usage, "--netns '\(word)': no process \(pid)") }
        throw TCPStateError(.usage, "--netns '\(word)': no such file")
      default:
        throw TCPStateError(.usage, "--netns '\(word)': \(path): \(String(cString: strerror(code)))")
      }
    }
    defer { close(fd) }
    let result = tcpstate_enter_netns(fd)
    switch -result {
    case 0: return
    case EPERM:
      throw TCPStateError(
        .permission, "--netns '\(word)': entering another network namespace needs CAP_SYS_ADMIN",
        hints: ["without --netns, tcpstate shows the namespace it runs in"])
    case EINVAL:
      throw TCPStateError(.usage, "--netns '\(word)': \(path) is not a network namespace")
    default:
      throw TCPStateError(.unavailable, "--netns '\(word)': setns: \(String(cString: strerror(-result)))")
    }
  }
}
