import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// Trouble events (a watch asking for more than state transitions): records
/// become events (addresses, reason names, where a packet was dropped, the socket's tcp_info for a
/// retransmission), connect failures are derived from the state stream and
/// the resets, and the user's filter is applied. It sees every raw state
/// change (before the filter), in time order with the trouble records.
final class TroubleEmitter {
  let kinds: EventKinds
  let filter: SocketFilter
  let wallOffsetNs: Int64
  let lookup: SocketLookup?
  var onEvent: (TCPEvent) throws -> Void = { _ in }
  let symbols: KernelSymbols
  var identities = ProcessIdentity()

  /// A connect() in progress: when SYN_SENT began, SYNs sent again, a RST seen.
  struct Attempt {
    var startNs: UInt64
    var synRetransmits = 0
    var resetReceived = false
  }
  var attempts: [UInt64: Attempt] = [:]
  /// Socket address → connection, so a drop's `rx_sk` gets its addresses.
  var sockets: [UInt64: ConnectionKey] = [:]
  /// The last reset sent for a packet no socket wanted: that packet's drop
  /// (NO_SOCKET) follows it at once with the same packet address. Packet
  /// memory is reused within microseconds, so only the very next drop, close
  /// in time, may claim it.
  var orphanReset: (packet: UInt64, monotonicNs: UInt64, key: ConnectionKey)?
  /// Retransmissions and resets shown per connection, for its summary line.
  var seen: [ConnectionKey: (retransmits: Int, resets: Int)] = [:]
  /// tcp_info of this batch's retransmitting connections (one batched lookup).
  var infos: [ConnectionKey: TCPInfo] = [:]
  /// Bounds for the maps above, should ends be lost with a full buffer.
  static let mapLimit = 65_536

  init(
    kinds: EventKinds, filter: SocketFilter, wallOffsetNs: Int64, lookup: SocketLookup?,
    symbols: KernelSymbols = KernelSymbols()
  ) {
    self.symbols = symbols
    self.kinds = kinds
    self.filter = filter
    self.wallOffsetNs = wallOffsetNs
    self.lookup = lookup
  }

  /// The filter says something about addresses, ports or states: an event without them cannot match.
  var filterNeedsAddresses: Bool { !filter.clauses.isEmpty || !filter.families.isEmpty || filter.states != .all }

  /// Before a batch: one sock_diag lookup (with tcp_info) for every
  /// connection that retransmitted a segment in it.
  func prepare(_ events: [RawTCPEvent]) {
    infos.removeAll(keepingCapacity: true)
    guard kinds.contains(.retransmit), let lookup else { return }
    var keys = Set<ConnectionKey>()
    for event in events where event.record.kind == .retransmit && event.record.state != .synSent {
      let record = event.record
      guard let family = record.family, let local = record.local, let peer = record.peer,
        filter.matches(family: family, local: local, peer: peer, states: record.state.map { [$0] } ?? [])
      else { continue }
      keys.insert(ConnectionKey(family: family, local: local, peer: peer))
    }
    for (key, socket) in lookup.findAll(Array(keys), extensions: .info) { infos[key] = socket.tcpInfo }
  }

  /// A raw state change: remembers sockets for drops, follows connects.
  func note(_ change: RawStateChange) throws {
    let record = change.record
    if kinds.contains(.drop) {
      if record.newState == .close {
        sockets[record.socketAddress] = nil
      } else if record.local.port != 0 {
        if sockets.count >= Self.mapLimit { sockets.removeAll() }
        sockets[record.socketAddress] = ConnectionKey(family: record.family, local: record.local, peer: record.peer)
      }
    }
    guard kinds.contains(.connectFailure) else { return }
    if record.newState == .synSent {
      if attempts.count >= Self.mapLimit { attempts.removeAll() }
      attempts[record.socketAddress] = Attempt(startNs: change.monotonicNs)
      return
    }
    guard record.oldState == .synSent, let attempt = attempts.removeValue(forKey: record.socketAddress),
      record.newState == .close,
      filter.matches(family: record.family, local: record.local, peer: record.peer, states: [.synSent, .close])
    else { return }
    var event = TCPEvent(
      kind: .connectFailure, timestampNs: wall(change.monotonicNs), socketAddress: record.socketAddress)
    event.family = record.family
    event.local = record.local
    event.peer = record.peer
    event.state = .synSent
    // A RST in SYN_SENT is a refusal; otherwise the retransmit timer (an
    // interrupt) gave up, or the application closed the socket (a system call).
    event.outcome = attempt.resetReceived ? .refused : record.inInterrupt ? .timedOut : .other
    event.attemptNs = change.monotonicNs >= attempt.startNs ? change.monotonicNs - attempt.startNs : nil
    event.synRetransmits = attempt.synRetransmits
    owner(record.commonPID, inInterrupt: record.inInterrupt, at: change.monotonicNs, into: &event)
    try onEvent(event)
  }

  /// A trouble record: bookkeeping, then the event when its kind is asked for.
  func emit(_ raw: RawTCPEvent) throws {
    let record = raw.record
    var event = TCPEvent(kind: .retransmit, timestampNs: wall(raw.monotonicNs), socketAddress: record.socketAddress)
    event.family = record.family
    event.local = record.local
    event.peer = record.peer
    event.state = record.state
    event.reason = record.reasonName
    switch record.kind {
    case .retransmit, .retransmitSynack:
      if record.state == .synSent { attempts[record.socketAddress]?.synRetransmits += 1 }
      guard kinds.contains(.retransmit) else { return }
      event.retransmitted =
        record.kind == .retransmitSynack ? .synack : record.state == .synSent ? .syn : .segment
      if let error = record.error, error != 0 { event.error = error }
      if let key = record.key { event.info = infos[key] }
    case .sendReset, .receiveReset:
      if record.kind == .receiveReset { attempts[record.socketAddress]?.resetReceived = true }
      if record.kind == .sendReset, record.socketAddress == 0, let key = record.key {
        orphanReset = (record.packetAddress, raw.monotonicNs, key)
      }
      guard kinds.contains(.reset) else { return }
      event.kind = .reset
      event.direction = record.kind == .sendReset ? .sent : .received
    case .drop:
      guard kinds.contains(.drop), let attributed = attributeDrop(record, at: raw.monotonicNs, into: &event) else {
        return
      }
      event.kind = .drop
      if !attributed {
        // No addresses: shown only when the filter asks nothing of them.
        guard !filterNeedsAddresses else { return }
        owner(record.commonPID, inInterrupt: record.inInterrupt, at: raw.monotonicNs, into: &event)
        return try onEvent(event)
      }
    }
    guard let family = event.family, let local = event.local, let peer = event.peer,
      filter.matches(family: family, local: local, peer: peer, states: event.state.map { [$0] } ?? [])
    else { return }
    if let key = record.key, event.kind == .retransmit || event.kind == .reset {
      if seen.count >= Self.mapLimit { seen.removeAll() }
      var counts = seen[key] ?? (0, 0)
      if event.kind == .retransmit { counts.retransmits += 1 } else { counts.resets += 1 }
      seen[key] = counts
    }
    if let key = record.key, record.socketAddress != 0, kinds.contains(.drop) {
      if sockets.count >= Self.mapLimit { sockets.removeAll() }
      sockets[record.socketAddress] = key
    }
    owner(record.commonPID, inInterrupt: record.inInterrupt, at: raw.monotonicNs, into: &event)
    try onEvent(event)
  }

  /// What was shown for a connection that ended (its summary), forgotten once said.
  func takeSeen(_ key: ConnectionKey) -> (retransmits: Int?, resets: Int?) {
    let counts = seen.removeValue(forKey: key) ?? (0, 0)
    return (
      kinds.contains(.retransmit) ? counts.retransmits : nil, kinds.contains(.reset) ? counts.resets : nil
    )
  }

  /// Names where the packet was dropped and, when tcpstate knows the
  /// socket, which connection it was for. Nil: not a TCP drop.
  func attributeDrop(_ record: TCPEventRecord, at monotonicNs: UInt64, into event: inout TCPEvent) -> Bool? {
    let orphan = orphanReset
    orphanReset = nil
    guard record.packetProtocol == DropDecoder.ethernetIPv4 || record.packetProtocol == DropDecoder.ethernetIPv6
    else { return nil }
    if let location = record.location { event.location = symbols.name(of: location) }
    if let location = event.location, Self.otherProtocol(location) { return nil }
    var key = record.socketAddress == 0 ? nil : sockets[record.socketAddress]
    if key == nil, let orphan, orphan.packet == record.packetAddress, monotonicNs &- orphan.monotonicNs < 1_000_000 {
      key = orphan.key
    }
    guard let key else { return false }
    event.family = key.family
    event.local = key.local
    event.peer = key.peer
    return true
  }

  /// Drops in another protocol's code (kfree_skb sees every packet the host frees).
  static func otherProtocol(_ function: String) -> Bool {
    [
      "udp", "__udp", "udpv6", "raw", "icmp", "ping", "igmp", "mld", "unix", "netlink", "packet", "arp", "ndisc",
      "sctp",
    ]
    .contains { function.hasPrefix($0) }
  }

  func owner(_ pid: Int32, inInterrupt: Bool, at eventNs: UInt64, into event: inout TCPEvent) {
    guard !inInterrupt, pid > 0, let owner = identities.owner(ofTask: pid, eventNs: eventNs) else { return }
    event.pid = owner.pid
    event.command = owner.command
  }

  /// Wrapping, as the state tracker does: a trace page's timestamp is the
  /// kernel's (or a fuzzer's) word, and a trap here would end the watch.
  func wall(_ monotonicNs: UInt64) -> UInt64 { TransitionTracker.wallClock(monotonicNs, offset: wallOffsetNs) }
}

extension TCPEventRecord {
  var key: ConnectionKey? {
    guard let family, let local, let peer else { return nil }
    return ConnectionKey(family: family, local: local, peer: peer)
  }
}
