import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// The I/O behind `OwnerSelection`: what watch can learn of a socket's owner
/// cheaply. Per read of the tracepoint, one batched sock_diag lookup of the
/// sockets not yet decided (their uid, cgroup id and inode); the inode's
/// holders from /proc/*/fd, walked again at most every 200 ms and only when
/// a process is asked and an inode is not in the last walk; for a socket
/// that is already gone or has no port yet, the task that made the change
/// (its uid from /proc/PID, its cgroup from /proc/PID/cgroup).
final class OwnerResolver {
  var selection: OwnerSelection
  let lookup: SocketLookup?
  let cgroupMount: String?
  var processes = ProcessMap()
  var scannedNs: UInt64 = 0
  /// This read's lookups, by kernel socket address.
  var found: [UInt64: Socket] = [:]

  init(selection: OwnerSelection, lookup: SocketLookup?, cgroupMount: String?) {
    self.selection = selection
    self.lookup = lookup
    self.cgroupMount = cgroupMount
  }

  /// Listeners that predate the watch: their connections follow them.
  func seedListeners() {
    guard !selection.isEmpty else { return }
    if selection.needsProcesses { refreshProcesses(force: true) }
    var filter = SocketFilter()
    filter.states = StateSet(.listen)
    _ = try? SockDiagDumper().dump(filter: filter) { socket in
      var owner = OwnerSelection.Owner()
      owner.holders = self.processes.processes(for: socket.inode)
      owner.uid = socket.uid
      owner.cgroupID = socket.cgroupID
      if self.selection.matches(owner) {
        self.selection.noteListener(ConnectionKey(family: socket.family, local: socket.local, peer: socket.peer))
      }
      return true
    }
  }

  /// One lookup for every undecided socket of the batch that has its ports.
  func prepare(_ batch: [RawStateChange]) {
    found.removeAll(keepingCapacity: true)
    guard let lookup else { return }
    var keys: [ConnectionKey] = []
    var ids: [ConnectionKey: UInt64] = [:]
    for change in batch {
      let record = change.record
      guard record.local.port != 0, selection.decision(socketID: record.socketAddress) == nil else { continue }
      let key = ConnectionKey(family: record.family, local: record.local, peer: record.peer)
      if ids.updateValue(record.socketAddress, forKey: key) == nil { keys.append(key) }
    }
    for (key, socket) in lookup.findAll(keys) {
      if let id = ids[key] { found[id] = socket }
    }
  }

  /// Whether a transition's connection is selected (deciding it if need be).
  func selects(_ event: TransitionEvent) -> Bool {
    let key = ConnectionKey(family: event.family, local: event.local, peer: event.peer)
    let listening = event.peer.port == 0 && (event.newState == .listen || event.oldState == .listen)
    let selected: Bool
    if let known = selection.decision(socketID: event.socketID) {
      selected = known
      selection.note(key: key, selected: known)
    } else if event.isCookie {
      // Polling: decided from the snapshot's sockets; one no poll saw is
      // known only by the listener it arrived on.
      selected = selection.decide(
        socketID: event.socketID, key: key, listening: listening, owner: OwnerSelection.Owner())
    } else {
      var owner = OwnerSelection.Owner()
      if let pid = event.pid { owner.task = (pid, event.command) }
      if let socket = found[event.socketID], Self.isOwnSocket(socket, of: event, listening: listening) {
        owner.uid = socket.uid
        owner.cgroupID = socket.cgroupID
        owner.holders = holders(of: socket)
      } else if let pid = event.pid {
        owner.uid = Self.uid(ofProcess: pid)
        owner.cgroupID = cgroupID(ofProcess: pid)
      }
      selected = selection.decide(socketID: event.socketID, key: key, listening: listening, owner: owner)
    }
    return selected
  }

  /// A socket's last transition (CLOSE, or the hand-over to a time-wait
  /// socket), whether or not it was shown: the kernel reuses its address for
  /// the next socket, which must be decided afresh.
  func ended(_ event: TransitionEvent) {
    guard event.newState == .close || event.kernelNewState == .close else { return }
    let listening = event.peer.port == 0 && event.oldState == .listen
    let key = ConnectionKey(family: event.family, local: event.local, peer: event.peer)
    selection.forget(socketID: event.socketID, listener: listening ? key : nil)
  }

  /// Whether a lookup found the event's own full socket. Once the
  /// connection is gone the kernel's lookup falls back to the time-wait
  /// socket (or, for the server's side, to the listener), which has no
  /// cgroup and reports uid 0: those say nothing of the owner.
  static func isOwnSocket(_ socket: Socket, of event: TransitionEvent, listening: Bool) -> Bool {
    if socket.state == .timeWait || socket.timer.kind == .timeWait || socket.state == .synRecv { return false }
    if (socket.state == .listen) != listening { return false }
    return socket.local == event.local && (listening || socket.peer == event.peer)
  }

  /// Polling: decides each socket of a snapshot from its own attributes.
  func note(_ snapshot: [Socket]) {
    if selection.needsProcesses { refreshProcesses(force: false) }
    for socket in snapshot where selection.decision(socketID: socket.cookie) == nil {
      var owner = OwnerSelection.Owner()
      owner.uid = socket.uid
      owner.cgroupID = socket.cgroupID
      owner.holders = processes.processes(for: socket.inode)
      let key = ConnectionKey(family: socket.family, local: socket.local, peer: socket.peer)
      _ = selection.decide(socketID: socket.cookie, key: key, listening: socket.state == .listen, owner: owner)
    }
  }

  /// Whether a connection's summary is shown: its transitions were; nil
  /// while none of them has been seen.
  func summaryDecision(_ key: ConnectionKey) -> Bool? {
    guard let selected = selection.decision(key: key) else { return nil }
    selection.forget(key: key)
    return selected
  }

  /// A destroyed socket none of whose transitions was seen: its own uid and
  /// cgroup (the notification has no inode), or the listener it came from.
  func selectsEnded(_ socket: Socket, key: ConnectionKey) -> Bool {
    var owner = OwnerSelection.Owner()
    owner.uid = socket.uid
    owner.cgroupID = socket.cgroupID
    return selection.decide(socketID: socket.cookie, key: key, listening: false, owner: owner)
  }

  func holders(of socket: Socket) -> [ProcessRef] {
    guard selection.needsProcesses, socket.inode != 0 else { return [] }
    var holders = processes.processes(for: socket.inode)
    if holders.isEmpty && refreshProcesses(force: false) { holders = processes.processes(for: socket.inode) }
    return holders
  }

  /// Walks /proc again unless the last walk is younger than 200 ms.
  @discardableResult
  func refreshProcesses(force: Bool) -> Bool {
    let now = Clock.monotonicNanoseconds()
    guard force || now &- scannedNs >= 200_000_000 else { return false }
    scannedNs = now
    processes = ProcessMap.scan()
    return true
  }

  /// The effective uid of a process: the owner of its /proc directory.
  static func uid(ofProcess pid: Int32) -> UInt32? {
    var status = stat()
    return stat("/proc/\(pid)", &status) == 0 ? status.st_uid : nil
  }

  /// The id of a process's cgroup v2: the inode of its directory, found from
  /// the `0::PATH` line of /proc/PID/cgroup.
  func cgroupID(ofProcess pid: Int32) -> UInt64? {
    guard let cgroupMount, let text = TraceFS.readFile("/proc/\(pid)/cgroup", limit: 65536) else { return nil }
    guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) else { return nil }
    var status = stat()
    let path = cgroupMount + String(line.dropFirst(3))
    return stat(path, &status) == 0 ? UInt64(status.st_ino) : nil
  }
}
