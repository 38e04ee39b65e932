import Glibc
import TCPStateModel

/// The safety rules of `tcpstate kill`, as data in and decisions out, so each
/// is tested without killing anything:
///
/// 1. no filter, no kill (unless `--all` says so);
/// 2. off a terminal nobody can answer a question: `--yes` is required;
/// 3. the SSH session this runs in, and sockets held by this process's own
///    chain of parents (shell, tmux, sshd, sudo), are skipped unless `--force`;
/// 4. on a terminal the count is confirmed first unless `--yes`.
public enum KillPolicy {
  public struct Request: Sendable {
    public var hasFilter: Bool
    public var all = false
    public var dryRun = false
    public var yes = false
    public var force = false
    /// stdin and stderr are a terminal: a question can be asked and answered.
    public var interactive = false

    public init(hasFilter: Bool) { self.hasFilter = hasFilter }
  }

  /// Why a matching socket is left alone.
  public enum Protection: Sendable, Equatable {
    case sshSession
    /// Held by this process or one of its parents (described as `name[pid]`).
    case ownProcess(String)

    public var text: String {
      switch self {
      case .sshSession: "the SSH session this runs in (SSH_CONNECTION)"
      case .ownProcess(let owner): "held by \(owner), which this kill runs under"
      }
    }
  }

  public struct Plan: Sendable {
    public var targets: [Socket] = []
    public var protected: [(socket: Socket, why: Protection)] = []
  }

  /// Rules 1 and 2, before anything is dumped.
  public static func check(_ request: Request) throws(TCPStateError) {
    if !request.hasFilter && !request.all {
      throw TCPStateError(.usage, "kill needs a filter; to kill everything say so with --all")
    }
    if request.hasFilter && request.all {
      throw TCPStateError(.usage, "--all means every socket: leave the filter out, or --all")
    }
    if !request.dryRun && !request.yes && !request.interactive {
      throw TCPStateError(
        .usage, "kill asks before killing, and there is no terminal to ask on: add --yes",
        hints: ["try --dry-run first to see what would be killed"])
    }
  }

  /// Rule 3: the matching sockets split into what will be killed and what is protected.
  /// `ownSockets` maps the inodes held by this process's chain to their holder.
  public static func plan(
    _ sockets: [Socket], session: SSHConnection?, ownSockets: [UInt32: String], force: Bool
  ) -> Plan {
    var plan = Plan()
    for socket in sockets {
      if !force, let why = protection(for: socket, session: session, ownSockets: ownSockets) {
        plan.protected.append((socket, why))
      } else {
        plan.targets.append(socket)
      }
    }
    return plan
  }

  static func protection(for socket: Socket, session: SSHConnection?, ownSockets: [UInt32: String]) -> Protection? {
    if let session, session.carries(socket) { return .sshSession }
    if socket.inode != 0, let owner = ownSockets[socket.inode] { return .ownProcess(owner) }
    return nil
  }

  /// Rule 4: whether to ask, and the question.
  public static func needsConfirmation(_ request: Request, targets: Int) -> Bool {
    !request.dryRun && !request.yes && targets > 0
  }

  public static func prompt(targets: Int) -> String {
    "Kill \(targets) socket\(targets == 1 ? "" : "s")? [y/N] "
  }

  /// Only a clear yes counts; an empty line, EOF or anything else is no.
  public static func isConfirmed(_ answer: String?) -> Bool {
    guard let answer else { return false }
    let word = answer.lowercased().filter { !$0.isWhitespace }
    return word == "y" || word == "yes"
  }

  /// Whether a destroy failure dooms every other one too, so the run stops.
  public static func isFatal(errno code: Int32) -> Bool { fatalError(errno: code, detail: "") != nil }

  /// A destroy failure that dooms every other one too: stop and say why,
  /// with the exit code scripts expect. Nil for per-socket failures.
  public static func fatalError(errno code: Int32, detail: String) -> TCPStateError? {
    switch code {
    case EPERM, EACCES:
      return TCPStateError(
        .permission, "kill needs CAP_NET_ADMIN to destroy sockets (\(detail))",
        hints: ["run it as root, or with --dry-run to see what would be killed"])
    case EOPNOTSUPP:
      return TCPStateError(
        .unavailable, "the kernel cannot destroy sockets (\(detail))",
        hints: ["it lacks CONFIG_INET_DIAG_DESTROY; ss -K fails the same way"])
    default:
      return nil
    }
  }
}
