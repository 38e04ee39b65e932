import ArgumentParser
import Glibc
import TCPStateKernel
import TCPStateKit

/// `--netns`, shared by every subcommand that looks at the live host.
struct NamespaceOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Look inside another network namespace: a name from `ip netns`, a path such as /proc/PID/ns/net, or a pid (needs CAP_SYS_ADMIN).",
      valueName: "name|path|pid"))
  var netns: String?

  /// Enters the namespace; must run before any socket is opened or /proc read.
  func enter() throws(TCPStateError) {
    guard let netns else { return }
    do throws(NamespaceError) {
      try NetworkNamespace.enter(netns)
    } catch {
      throw Self.userError(error, word: netns)
    }
  }

  /// The kernel layer's failure, told in the words of the option: 64 for a
  /// wrong word, 77 for a missing privilege.
  static func userError(_ error: NamespaceError, word: String) -> TCPStateError {
    let withoutIt = "without --netns, tcpstate shows the namespace it runs in"
    switch error {
    case .empty:
      return TCPStateError(.usage, "--netns needs a name, a path such as /proc/PID/ns/net, or a pid")
    case .noSuchProcess:
      return TCPStateError(.usage, "--netns '\(word)': no such process")
    case .notAName:
      return TCPStateError(.usage, "--netns '\(word)' is not a namespace name")
    case .noSuchName(_, let known):
      return TCPStateError(
        .usage, "no network namespace named '\(word)'",
        hints: [
          known.isEmpty
            ? "none exist under /var/run/netns (ip netns add NAME creates one)"
            : "namespaces under /var/run/netns: " + known.joined(separator: ", "),
          "--netns also takes a path such as /proc/PID/ns/net, or a pid",
        ])
    case .open(let target, let path, let code):
      switch code {
      case EACCES, EPERM:
        return TCPStateError(
          .permission,
          "--netns '\(word)': opening \(path) needs CAP_SYS_ADMIN (CAP_SYS_PTRACE too for another user's process)",
          hints: [withoutIt])
      case ENOENT, ESRCH:
        if case .pid(let pid) = target { return TCPStateError(.usage, "--netns '\(word)': no process \(pid)") }
        return TCPStateError(.usage, "--netns '\(word)': no such file")
      default:
        return TCPStateError(.usage, "--netns '\(word)': \(path): \(String(cString: strerror(code)))")
      }
    case .setns(let path, let code):
      switch code {
      case EPERM:
        return TCPStateError(
          .permission, "--netns '\(word)': entering another network namespace needs CAP_SYS_ADMIN", hints: [withoutIt])
      case EINVAL:
        return TCPStateError(.usage, "--netns '\(word)': \(path) is not a network namespace")
      default:
        return TCPStateError(.unavailable, "--netns '\(word)': setns: \(String(cString: strerror(code)))")
      }
    case .vanished:
      return TCPStateError(.usage, "--netns '\(word)': the namespace went away")
    case .socket(let error):
      return TCPStateError(.unavailable, "--netns '\(word)': \(error)")
    }
  }
}
