import TCPStateModel

/// `watch --pid/--command/--uid/--cgroup`: which connections are shown,
/// decided per socket by its owner and remembered for the socket's life, so
/// every transition of a selected connection is shown, including those the
/// kernel makes in interrupt context, where no process is on the CPU.
///
/// The owner of a socket is, in this order of evidence: the process that made
/// one of its transitions in system-call context (connect, listen, close:
/// that process holds the socket); else what a sock_diag lookup of the
/// 4-tuple says (uid, cgroup, and the processes holding its inode); else, for
/// a connection not yet accepted, the owner of the listener on its local
/// address and port (an accepted socket inherits the listener's uid and
/// cgroup, and goes to whoever accepts on it).
public struct OwnerSelection: Sendable {
  public var pids: Set<Int32> = []
  public var commands: Set<String> = []
  public var uids: Set<UInt32> = []
  public var cgroups: Set<UInt64> = []

  /// What is known of one socket's owner; nil parts are unknown.
  public struct Owner: Sendable {
    /// The process that made a transition in system-call context.
    public var task: (pid: Int32, command: String?)?
    /// The processes holding the socket's inode.
    public var holders: [ProcessRef] = []
    public var uid: UInt32?
    public var cgroupID: UInt64?
    public init() {}
  }

  /// A listening endpoint; the wildcard address matches every local address.
  struct ListenerKey: Hashable, Sendable {
    var family: AddressFamily
    var port: UInt16
    var address: IPAddress?
  }

  var decisions: [UInt64: Bool] = [:]
  var keyDecisions: [ConnectionKey: Bool] = [:]
  var listeners: Set<ListenerKey> = []

  public init() {}

  public var isEmpty: Bool { pids.isEmpty && commands.isEmpty && uids.isEmpty && cgroups.isEmpty }
  /// Whether deciding needs the holders of a socket (/proc/PID/fd).
  public var needsProcesses: Bool { !pids.isEmpty || !commands.isEmpty }

  /// Each asked part must hold; an unknown part does not. `viaListener`:
  /// the process part holds because the socket waits on a selected listener.
  public func matches(_ owner: Owner, viaListener: Bool = false) -> Bool {
    if !uids.isEmpty && !(owner.uid.map(uids.contains) ?? false) { return false }
    if !cgroups.isEmpty && !(owner.cgroupID.map(cgroups.contains) ?? false) { return false }
    if needsProcesses && !viaListener && !matchesProcess(owner) { return false }
    return true
  }

  func matchesProcess(_ owner: Owner) -> Bool {
    if let task = owner.task, pids.contains(task.pid) || task.command.map(commands.contains) == true { return true }
    return owner.holders.contains { pids.contains($0.pid) || commands.contains($0.command) }
  }

  /// The remembered decision for a socket, if one was made.
  public func decision(socketID: UInt64) -> Bool? { decisions[socketID] }

  /// The decision for a connection's 4-tuple (for its summary line).
  public func decision(key: ConnectionKey) -> Bool? { keyDecisions[key] }

  /// Decides for a socket from what is known of its owner, remembers the
  /// answer when the evidence is conclusive (a task, or holders found), and
  /// notes a selected listener so that its connections follow it.
  public mutating func decide(
    socketID: UInt64, key: ConnectionKey, listening: Bool, owner: Owner
  ) -> Bool {
    if let known = decisions[socketID] { return known }
    let knowsProcess = owner.task != nil || !owner.holders.isEmpty
    let noEvidence = !knowsProcess && owner.uid == nil && owner.cgroupID == nil
    let onListener = !listening && selectedListener(for: key)
    // Not accepted yet (no holder): it goes to the listener's owner. Gone
    // before it could be looked up, with no task seen: an accepted socket
    // inherits the listener's uid and cgroup too.
    let viaListener = onListener && !knowsProcess
    var conclusive = (!needsProcesses || knowsProcess || viaListener) && !noEvidence
    if (!uids.isEmpty && owner.uid == nil) || (!cgroups.isEmpty && owner.cgroupID == nil) { conclusive = false }
    let selected = (onListener && noEvidence) || matches(owner, viaListener: viaListener)
    if conclusive || selected {
      if decisions.count > 65536 { decisions.removeAll(keepingCapacity: true) }
      if keyDecisions.count > 65536 { keyDecisions.removeAll(keepingCapacity: true) }
      decisions[socketID] = selected
      note(key: key, selected: selected)
    }
    if selected && listening { noteListener(key) }
    return selected
  }

  /// A decided socket's 4-tuple, once it has its ports (a connect's first
  /// transition has no local port yet): its summary follows the decision.
  public mutating func note(key: ConnectionKey, selected: Bool) {
    guard key.local.port != 0, keyDecisions[key] != selected else { return }
    keyDecisions[key] = selected
  }

  /// A listener known to be selected before the watch began.
  public mutating func noteListener(_ key: ConnectionKey) {
    let any = key.local.address == IPAddress.anyV4 || key.local.address == IPAddress.anyV6
    listeners.insert(ListenerKey(family: key.family, port: key.local.port, address: any ? nil : key.local.address))
  }

  func selectedListener(for key: ConnectionKey) -> Bool {
    listeners.contains(ListenerKey(family: key.family, port: key.local.port, address: key.local.address))
      || listeners.contains(ListenerKey(family: key.family, port: key.local.port, address: nil))
  }

  /// The socket is gone (its CLOSE was seen): its kernel address may be
  /// reused, and a listener's port may be taken by another process.
  public mutating func forget(socketID: UInt64, listener: ConnectionKey? = nil) {
    decisions.removeValue(forKey: socketID)
    if let key = listener {
      let any = key.local.address == IPAddress.anyV4 || key.local.address == IPAddress.anyV6
      listeners.remove(ListenerKey(family: key.family, port: key.local.port, address: any ? nil : key.local.address))
    }
  }

  /// The summary has been shown: the 4-tuple may be reused.
  public mutating func forget(key: ConnectionKey) {
    keyDecisions.removeValue(forKey: key)
  }
}
