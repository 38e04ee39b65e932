import Glibc
import TCPStateKernel
import TCPStateModel

/// How `--all-netns` tells what it could not cover: a namespace that went
/// away is named (it is news); those refused for want of a privilege are
/// counted in one line with the capability, since without it every other
/// namespace is refused the same way.
enum NamespaceSweepWording {
  static func warnings(_ skipped: [NamespaceSweep.Skipped], unreadableTasks: Int) -> [String] {
    var lines: [String] = []
    var refused = 0
    for entry in skipped {
      let label = entry.namespace.names.first.map { "'\($0)' (\(entry.namespace.inode))" } ?? "\(entry.namespace.inode)"
      switch entry.reason {
      case .vanished:
        lines.append("tcpstate: network namespace \(label) went away before it was listed; skipped")
      case .setns(_, let code) where code == EPERM:
        refused += 1
      case .open(_, _, let code) where code == EACCES || code == EPERM:
        refused += 1
      case .open(_, let path, let code):
        lines.append(
          "tcpstate: network namespace \(label): opening \(path): \(String(cString: strerror(code))); skipped")
      case .setns(_, let code):
        lines.append("tcpstate: network namespace \(label): setns: \(String(cString: strerror(code))); skipped")
      case .socket(let error):
        lines.append("tcpstate: network namespace \(label): \(error); skipped")
      case .empty, .noSuchProcess, .notAName, .noSuchName:
        lines.append("tcpstate: network namespace \(label) skipped")
      }
    }
    if refused > 0 {
      lines.append(
        "tcpstate: \(refused) network namespace\(refused == 1 ? "" : "s") not listed: entering another namespace needs CAP_SYS_ADMIN (the one tcpstate runs in is listed)"
      )
    }
    if unreadableTasks > 0 {
      lines.append(
        "tcpstate: the network namespace of \(unreadableTasks) task\(unreadableTasks == 1 ? "" : "s") is unknown: reading /proc/PID/task/TID/ns/net was refused (it needs CAP_SYS_PTRACE, and a process holding capabilities tcpstate lacks refuses even that); a namespace only they are in is not listed"
      )
    }
    return lines
  }
}
