import Glibc

/// The clocks tcpstate reads, in one place. Perf samples and tracefs
/// instances are stamped with CLOCK_MONOTONIC (the instance is set to the
/// "mono" clock), so intervals and event times use it; CLOCK_REALTIME only
/// turns a monotonic stamp into a wall-clock time for people.
public enum Clock {
  /// CLOCK_MONOTONIC in nanoseconds.
  public static func monotonicNanoseconds() -> UInt64 { read(CLOCK_MONOTONIC) }

  /// CLOCK_MONOTONIC in seconds, for rates and intervals.
  public static func monotonicSeconds() -> Double { Double(monotonicNanoseconds()) / 1e9 }

  /// CLOCK_REALTIME in nanoseconds since the epoch.
  public static func wallNanoseconds() -> UInt64 { read(CLOCK_REALTIME) }

  /// Sleeps for `seconds` of CLOCK_MONOTONIC, resuming after a signal.
  public static func sleep(seconds: Double) {
    guard seconds > 0 else { return }
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var remaining = timespec()
    while clock_nanosleep(CLOCK_MONOTONIC, 0, &request, &remaining) == EINTR { request = remaining }
  }

  static func read(_ clock: clockid_t) -> UInt64 {
    var now = timespec()
    clock_gettime(clock, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
  }
}
