import Glibc
import TCPStateFilter
import TCPStateKit
import TCPStateModel

/// The `kill` workflow below the command line, beside `SocketListing`:
/// select the sockets (one dump, the predicate, the safety policy), then
/// destroy them one by one, each result a typed value. The command only
/// asks (the confirmation) and prints; the policy's rules are `KillPolicy`'s.
public struct SocketKill {
  public var filter: SocketFilter
  /// `--where`, `--pid`, `--command`, `--uid`: tested on the dump and again before each destroy.
  public var predicate: SocketPredicate
  /// `--force`: the SSH session and this process's own parents are not protected.
  public var force: Bool
  /// `--all-netns`: select in every one of these namespaces, and destroy
  /// each socket through a netlink socket made inside its own (SOCK_DESTROY
  /// acts only on the sender's namespace). Nil: the namespace tcpstate is in.
  public var namespaces: [NamespaceRecord]?

  public init(filter: SocketFilter, predicate: SocketPredicate, force: Bool = false) {
    self.filter = filter
    self.predicate = predicate
    self.force = force
  }

  /// The sockets matched, split by the policy into targets and protected ones.
  public struct Selection {
    public var plan: KillPolicy.Plan
    /// The owners the predicate was tested against (nil when it asks about
    /// no process), kept for the check before each destroy.
    let processes: ProcessMap?
    /// Namespaces that could not be searched (with `namespaces` set).
    public var skipped: [NamespaceSweep.Skipped] = []
  }

  /// What became of one target.
  public enum Outcome: Sendable, Equatable {
    case destroyed
    /// ENOENT: closed before its turn (often the RST of a killed peer);
    /// ESTALE: its 4-tuple belongs to a new socket now.
    case gone(errno: Int32)
    /// The kernel's errno and its extended-ack text, when it gave one.
    case failed(errno: Int32, detail: String?)
  }

  /// A refusal every other destroy would repeat (no privilege, no kernel
  /// support): the run stops at the first.
  public struct Refused: Error, Equatable {
    public var errno: Int32
    public var detail: String?
  }

  /// False when this process lacks CAP_NET_ADMIN, so every destroy would
  /// fail: known before anything is dumped or asked. True when unknown.
  public static var mayDestroy: Bool { Capabilities.effective(Capabilities.netAdmin) != false }

  /// One dump with what the predicate reads, the predicate, and the safety
  /// policy against the SSH session (`SSH_CONNECTION`) and the sockets this
  /// process's chain of parents holds.
  public func select() throws(KernelError) -> Selection {
    let predicate = self.predicate
    let processes = predicate.processMap()
    var matches: [Socket] = []
    var skipped: [NamespaceSweep.Skipped] = []
    if let namespaces {
      skipped = NamespaceSweep(namespaces).dump(filter: filter, extensions: predicate.dumpExtensions) {
        namespace, socket in
        var socket = socket
        socket.netns = namespace.inode
        if predicate.matches(socket, in: processes) { matches.append(socket) }
        return true
      }
    } else {
      try SockDiagDumper().dump(filter: filter, extensions: predicate.dumpExtensions) { socket in
        if predicate.matches(socket, in: processes) { matches.append(socket) }
        return true
      }
    }
    let session = getenv("SSH_CONNECTION").flatMap { SSHConnection.parse(String(cString: $0)) }
    let owners = ProcessChain.read().socketOwners.mapValues { "\($0.command)[\($0.pid)]" }
    let plan = KillPolicy.plan(matches, session: session, ownSockets: owners, force: force)
    return Selection(plan: plan, processes: processes, skipped: skipped)
  }

  /// Destroys the targets one by one, re-checking each against the filter
  /// and the predicate (on the values of the dump: a destroy carries no
  /// tcp_info); a target that no longer matches is left out of the results.
  /// Throws `KernelError` when no netlink socket opens, `Refused` when a
  /// refusal would repeat for every socket.
  public func destroy(_ selection: Selection) throws -> [(socket: Socket, outcome: Outcome)] {
    var destroyers = Destroyers(namespaces: namespaces)
    var results: [(socket: Socket, outcome: Outcome)] = []
    for socket in selection.plan.targets {
      guard filter.matches(socket), predicate.matches(socket, in: selection.processes) else { continue }
      guard let destroyer = try destroyers.destroyer(for: socket) else {
        // Its namespace is gone, and the socket with it.
        results.append((socket, .gone(errno: ENOENT)))
        continue
      }
      let (code, detail) = destroyer.destroy(socket)
      switch code {
      case 0: results.append((socket, .destroyed))
      case ENOENT, ESTALE: results.append((socket, .gone(errno: code)))
      default:
        if KillPolicy.isFatal(errno: code) { throw Refused(errno: code, detail: detail) }
        results.append((socket, .failed(errno: code, detail: detail)))
      }
    }
    return results
  }
}

/// One SOCK_DESTROY sender per namespace, made on first use: a socket is
/// destroyed through a netlink socket inside its own namespace.
struct Destroyers {
  let namespaces: [UInt64: NamespaceRecord]?
  var made: [UInt64: SocketDestroyer] = [:]
  var own: SocketDestroyer?

  init(namespaces: [NamespaceRecord]?) {
    self.namespaces = namespaces.map { Dictionary($0.map { ($0.inode, $0) }, uniquingKeysWith: { first, _ in first }) }
  }

  /// nil when the socket's namespace can no longer be entered (it vanished).
  mutating func destroyer(for socket: Socket) throws -> SocketDestroyer? {
    guard let namespaces, let inode = socket.netns, let record = namespaces[inode], !record.isOwn else {
      if let own { return own }
      own = try SocketDestroyer()
      return own
    }
    if let made = made[inode] { return made }
    do throws(NamespaceError) {
      let transport = try NamespaceHandle(record).netlinkSocket()
      transport.enableExtendedAcks()
      let destroyer = SocketDestroyer(transport: transport)
      made[inode] = destroyer
      return destroyer
    } catch .vanished {
      return nil
    } catch .socket(let error) {
      throw error
    } catch {
      throw error.kernelError
    }
  }
}
