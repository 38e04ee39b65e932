import TCPStateKit
import TCPStateModel

/// One refresh of `top`: every socket the dump returned (with tcp_info), the
/// kernel counters read next to it, and when. Filled by TCPStateKernel on a
/// live host and by hand in tests; two of them make a frame.
public struct TopSnapshot: Sendable {
  /// Monotonic seconds: the distance between two snapshots is the rate interval.
  public var time: Double
  /// Wall-clock seconds since the epoch, for the header's clock.
  public var wallTime: Int
  /// The local time of day as the header shows it (`14:03:07`), formatted by whoever read the clock.
  public var clock: String
  public var sockets: [Socket]
  /// `/proc/net/snmp` and `/proc/net/netstat`, read right after the dump.
  public var counters: CounterTable
  /// Owners by inode (`-p`); empty when not asked for.
  public var owners: [UInt32: [ProcessRef]]
  /// Processes whose sockets could not be mapped (other users' /proc/PID/fd without root).
  public var hiddenProcesses: Int

  public init(
    time: Double, wallTime: Int = 0, clock: String = "", sockets: [Socket], counters: CounterTable = CounterTable(),
    owners: [UInt32: [ProcessRef]] = [:], hiddenProcesses: Int = 0
  ) {
    self.time = time
    self.wallTime = wallTime
    self.clock = clock
    self.sockets = sockets
    self.counters = counters
    self.owners = owners
    self.hiddenProcesses = hiddenProcesses
  }
}
