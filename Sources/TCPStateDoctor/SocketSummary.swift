import TCPStateModel

/// What the rules need from the live sockets, aggregated while the dump
/// streams: per listener, per local port, per destination, per peer, and a
/// few worst examples. Nothing here grows with the number of healthy
/// established connections, so 100k sockets cost a few dictionaries.
public struct SocketSummary: Sendable {
  public private(set) var total = 0
  public private(set) var counts: [TCPState: Int] = [:]
  public private(set) var listeners: [Endpoint: ListenerStats] = [:]
  /// Request sockets (SYN_RECV) by local port.
  public private(set) var halfOpen: [UInt16: HalfOpenStats] = [:]
  public private(set) var closeWait: [UInt16: CloseWaitStats] = [:]
  /// Sockets whose local port is ephemeral, by destination.
  public private(set) var destinations: [DestinationKey: DestinationStats] = [:]
  public private(set) var connecting: [Endpoint: ConnectingStats] = [:]
  /// FIN_WAIT2 sockets no process holds any more (inode 0): `tcp_fin_timeout` ends them.
  public private(set) var orphanedFinWait2 = 0
  /// Connections singled out by `RetransmitRule.assess`, by peer address.
  public private(set) var retransmitPeers: [IPAddress: PeerRetransmits] = [:]
  public private(set) var retransmitSamples = WorstSamples()
  public private(set) var zeroWindow = WorstSamples()
  /// Data waiting with the persist timer running although the peer's window is open.
  public private(set) var blockedSends = WorstSamples()
  public private(set) var limited = WorstSamples()
  /// Connections with tcp_info, and their segments and retransmissions summed.
  public private(set) var measured = 0

  /// `ip_local_port_range`: which local ports count as ephemeral.
  public let ephemeralPorts: ClosedRange<UInt16>

  public init(ephemeralPorts: ClosedRange<UInt16> = 32768...60999) {
    self.ephemeralPorts = ephemeralPorts
  }

  public func count(_ state: TCPState) -> Int {
    if state == .synRecv { return (counts[.synRecv] ?? 0) + (counts[.newSynRecv] ?? 0) }
    return counts[state] ?? 0
  }

  public mutating func add(_ socket: Socket) {
    total += 1
    counts[socket.state, default: 0] += 1
    switch socket.state {
    case .listen:
      listeners[socket.local] = ListenerStats(
        local: socket.local, queued: socket.recvQ, backlog: socket.sendQ, inode: socket.inode)
      return
    case .synRecv, .newSynRecv:
      halfOpen[socket.local.port, default: HalfOpenStats()].add(
        peer: socket.peer.address, retransmits: Int(socket.timer.retransmits))
      return
    case .closeWait:
      var group = closeWait[socket.local.port] ?? CloseWaitStats()
      group.count += 1
      // Recv-Q of a CLOSE_WAIT socket includes the peer's FIN, one sequence number.
      group.unread += UInt64(socket.recvQ > 0 ? socket.recvQ - 1 : 0)
      if let id = socket.cgroupID, id != 0 { group.cgroups[id, default: 0] += 1 }
      if socket.inode != 0 && group.inodes.count < CloseWaitStats.inodeLimit {
        group.inodes.append(socket.inode)
      }
      closeWait[socket.local.port] = group
    case .synSent:
      var group = connecting[socket.peer] ?? ConnectingStats()
      group.count += 1
      if socket.timer.retransmits > 0 { group.unanswered += 1 }
      group.maxRetransmits = max(group.maxRetransmits, Int(socket.timer.retransmits))
      connecting[socket.peer] = group
    case .finWait2:
      if socket.inode == 0 { orphanedFinWait2 += 1 }
    default:
      break
    }
    if ephemeralPorts.contains(socket.local.port) && socket.peer.port != 0 {
      let key = DestinationKey(local: socket.local.address, peer: socket.peer)
      if socket.state == .timeWait {
        destinations[key, default: DestinationStats()].timeWait += 1
      } else {
        destinations[key, default: DestinationStats()].live += 1
      }
    }
    guard let info = socket.tcpInfo else { return }
    measured += 1
    if let sample = RetransmitRule.assess(socket, info) {
      retransmitSamples.add(sample)
      retransmitPeers[socket.peer.address, default: PeerRetransmits()].add(sample)
    }
    if let sample = ZeroWindowRule.assess(socket, info) { zeroWindow.add(sample) }
    if let sample = ZeroWindowRule.assessBlocked(socket, info) { blockedSends.add(sample) }
    if let sample = LimitedFlowRule.assess(socket, info) { limited.add(sample) }
  }

  /// Inodes whose owning processes the rules would name: CLOSE_WAIT sockets
  /// and listeners with a queue. Looked up after the dump, only if any.
  /// Cgroup ids the rules would name (those of CLOSE_WAIT piles; time-wait sockets carry none).
  public var cgroupsWanted: Set<UInt64> {
    Set(closeWait.values.flatMap(\.cgroups.keys))
  }

  public var inodesWanted: Set<UInt32> {
    var wanted = Set<UInt32>()
    for group in closeWait.values { wanted.formUnion(group.inodes) }
    for listener in listeners.values where listener.queued > 0 && listener.inode != 0 {
      wanted.insert(listener.inode)
    }
    for samples in [zeroWindow, blockedSends, retransmitSamples] {
      for sample in samples.worst where sample.inode != 0 { wanted.insert(sample.inode) }
    }
    return wanted
  }
}

/// Retransmitting connections towards one peer address.
public struct PeerRetransmits: Sendable, Equatable {
  public var connections = 0
  public var retransmits: Int64 = 0
  public var segmentsOut: Int64 = 0
  public var maxBackoff: Int64 = 0
  public var inLoss = 0

  public init() {}

  mutating func add(_ sample: FlowSample) {
    connections += 1
    for metric in sample.metrics {
      switch metric.key {
      case "total_retrans": retransmits += metric.value
      case "segs_out": segmentsOut += metric.value
      case "backoff": maxBackoff = max(maxBackoff, metric.value)
      case "ca_loss": inLoss += Int(metric.value)
      default: break
      }
    }
  }
}
