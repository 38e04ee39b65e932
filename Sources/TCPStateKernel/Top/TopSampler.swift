import Glibc
import TCPStateDoctor
import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateTop

/// Takes `top`'s snapshots: one sock_diag dump with tcp_info and socket
/// memory (the details pane shows both; filtered in the
/// kernel by the command line's filter), the TCP counters of /proc/net/snmp
/// and /proc/net/netstat, the clock, and with `-p` the owners from /proc/PID/fd.
public struct TopSampler {
  public var filter: SocketFilter
  public var withProcesses: Bool
  /// `--where`, `--pid`, `--command`, `--uid`: tested on every refresh's
  /// sockets before they reach the model, so rates and counts are the selected ones'.
  public var predicate = SocketPredicate()
  public var onProblem: (DumpProblem) -> Void = { _ in }

  public init(filter: SocketFilter, withProcesses: Bool) {
    self.filter = filter
    self.withProcesses = withProcesses
  }

  /// `expected`: about how many sockets the last dump returned, so the array
  /// is allocated once instead of doubling its way up (at 100k sockets of
  /// ~500 bytes each, every doubling copies tens of megabytes).
  public func sample(expected: Int = 0) throws(KernelError) -> TopSnapshot {
    var sockets: [Socket] = []
    let estimate = expected > 0 ? expected : Self.socketsInUse()
    sockets.reserveCapacity(max(1024, estimate + estimate / 8))
    // One walk of /proc serves both -p and a --pid/--command predicate.
    let map = withProcesses || predicate.needsProcesses ? ProcessMap.scan() : nil
    let predicate = self.predicate
    try SockDiagDumper().dump(filter: filter, extensions: [.info, .skMemInfo], onProblem: onProblem) { socket in
      if predicate.isEmpty || predicate.matches(socket, in: map) { sockets.append(socket) }
      return true
    }
    let counters = CounterReader().read().table
    var owners: [UInt32: [ProcessRef]] = [:]
    var hidden = 0
    if withProcesses, let map {
      owners = map.owners
      hidden = map.unreadableProcesses
    }
    let (wall, clock) = Self.clock()
    return TopSnapshot(
      time: Clock.monotonicSeconds(), wallTime: wall, clock: clock, sockets: sockets, counters: counters,
      owners: owners,
      hiddenProcesses: hidden)
  }

  /// What sockstat says the kernel holds (in use plus time-wait), to size
  /// the first refresh's array: on the heap (`keepLargeBuffers`) a growing
  /// array is copied at each doubling, not remapped.
  static func socketsInUse() -> Int {
    let table = CounterReader().read().table
    return Int(clamping: max(0, (table["TCP", "inuse"] ?? 0) &+ (table["TCP", "tw"] ?? 0)))
  }

  /// Seconds since the epoch and the local time of day, `14:03:07`.
  static func clock() -> (Int, String) {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return (Int(now), "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))")
  }
}
