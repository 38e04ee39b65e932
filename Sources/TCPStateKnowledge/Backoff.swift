/// Retransmission arithmetic, in seconds, as Linux does it.
///
/// - SYN-ACK (net/ipv4/inet_connection_sock.c, reqsk_timer_handler): the
///   timeout starts at TCP_TIMEOUT_INIT (1 s) and doubles after each
///   retransmission, capped at TCP_RTO_MAX (120 s); after `retries`
///   retransmissions the request is dropped when the next timeout expires.
/// - SYN (net/ipv4/tcp_timer.c, tcp_write_timeout and tcp_retransmit_timer):
///   the first `linear` retransmissions keep the 1 s timeout, then it
///   doubles; the socket gives up after `retries + linear` retransmissions,
///   or earlier once the time since the first SYN reaches
///   `modelTimeout(retries, 1 s)`.
/// - Established data (retransmits_timed_out): the connection dies at the
///   first RTO that ends after `modelTimeout(retries2, TCP_RTO_MIN = 200 ms)`.
public enum Backoff {
  /// TCP_RTO_MAX (include/net/tcp.h).
  public static let rtoMax = 120.0
  /// TCP_TIMEOUT_INIT, the initial RTO of RFC 6298.
  public static let initialRTO = 1.0
  /// TCP_RTO_MIN.
  public static let rtoMin = 0.2

  /// When the last retransmission leaves and when the attempt is abandoned,
  /// both in seconds after the first transmission. Kept in closed form, so a
  /// retry count of 2147483647 costs no more than 5 (one entry per retry once
  /// took gigabytes).
  public struct Schedule: Sendable, Equatable {
    /// How many retransmissions leave before the attempt is abandoned.
    public var count: Int
    /// Seconds from the first transmission to giving up.
    public var giveUp: Double
    let waits: Waits

    /// Seconds from the first transmission to the last retransmission (0 without one).
    public var lastRetransmission: Double { count > 0 ? retransmission(count) : 0 }

    /// Seconds from the first transmission to retransmission `n` (1-based).
    public func retransmission(_ n: Int) -> Double { Backoff.round3(waits.elapsed(after: n)) }
  }

  /// The waits between transmissions: `linear` + 1 waits of `initial`, then
  /// doubling, capped at `cap`; answered per phase instead of wait by wait.
  struct Waits: Sendable, Equatable {
    var linear: Int
    var initial: Double
    var cap: Double

    init(linear: Int, initial: Double, cap: Double) {
      self.linear = max(linear, 0)
      // Non-positive or non-finite parameters would never reach the cap.
      self.cap = cap.isFinite && cap > 0 ? cap : Backoff.rtoMax
      self.initial = initial.isFinite && initial > 0 ? initial : self.cap
    }

    /// The waits of the first phase, all `min(initial, cap)`.
    var flatCount: Int { linear.addingReportingOverflow(1).overflow ? .max : linear + 1 }
    var flatWait: Double { min(initial, cap) }

    /// The doubled waits before the cap is reached (about log2(cap / initial) of them).
    var doubled: [Double] {
      var result: [Double] = []
      var rto = initial
      while rto < cap {
        rto = min(rto * 2, cap)
        if rto < cap { result.append(rto) }
      }
      return result
    }

    /// Seconds from the first transmission to the end of wait `k` (0 for k <= 0).
    func elapsed(after k: Int) -> Double {
      guard k > 0 else { return 0 }
      if k <= flatCount { return Double(k) * flatWait }
      var total = Double(flatCount) * flatWait
      var remaining = k - flatCount
      for wait in doubled {
        guard remaining > 0 else { return total }
        total += wait
        remaining -= 1
      }
      return total + Double(remaining) * cap
    }

    /// The first wait `k` >= 1 whose end reaches `limit` (Int.max when none does).
    func firstReaching(_ limit: Double) -> Int {
      guard limit > flatWait else { return 1 }
      let flatTotal = Double(flatCount) * flatWait
      if limit <= flatTotal { return Backoff.clampedCount((limit / flatWait).rounded(.up)) }
      var total = flatTotal
      var k = flatCount
      for wait in doubled {
        total += wait
        k = k.addingReportingOverflow(1).overflow ? .max : k + 1
        if total >= limit { return k }
      }
      let more = Backoff.clampedCount(((limit - total) / cap).rounded(.up))
      return k.addingReportingOverflow(more).overflow ? .max : k + more
    }
  }

  /// A passive open's SYN-ACK schedule for `tcp_synack_retries`.
  /// With 5: retransmissions at 1, 3, 7, 15, 31 s; dropped at 63 s.
  public static func synack(retries: Int, initial: Double = initialRTO, cap: Double = rtoMax)
    -> Schedule
  {
    let waits = Waits(linear: 0, initial: initial, cap: cap)
    return schedule(waits, count: saturatingSum(max(retries, 0), 1), giveUpAt: nil)
  }

  /// An active open's SYN schedule for `tcp_syn_retries` and `tcp_syn_linear_timeouts`.
  /// With 6 and 0: give up at 127 s. With 6 and 4: 10 retransmissions, the last at 67 s, give up at 131 s.
  public static func syn(
    retries: Int, linear: Int, initial: Double = initialRTO, cap: Double = rtoMax
  ) -> Schedule {
    let total = saturatingSum(max(retries, 0), max(linear, 0))
    let waits = Waits(linear: linear, initial: initial, cap: cap)
    let limit = modelTimeout(boundary: retries, rtoBase: initial, cap: cap)
    return schedule(waits, count: saturatingSum(total, 1), giveUpAt: limit)
  }

  /// Linux's tcp_model_timeout(): the time `boundary` exponential
  /// retransmissions take from `rtoBase`, doubling until `cap` and linear after.
  /// tcp_retries2 = 15 with 200 ms gives 924.6 s. A negative boundary (the
  /// kernel's is unsigned) counts as 0.
  public static func modelTimeout(boundary: Int, rtoBase: Double, cap: Double = rtoMax) -> Double {
    let boundary = max(boundary, 0)
    // ilog2(cap / rtoBase), bounded so the shifts below stay inside 62 bits.
    let ratio = rtoBase > 0 ? cap / rtoBase : 1
    var threshold = 0
    while threshold < 61, Double(1 << (threshold + 1)) <= ratio { threshold += 1 }
    if boundary <= threshold {
      return Double((2 << boundary) - 1) * rtoBase
    }
    return Double((2 << threshold) - 1) * rtoBase + Double(boundary - threshold) * cap
  }

  /// The timer that fires at or after `giveUpAt` (or wait number `count`, the
  /// last) abandons the attempt instead of retransmitting.
  private static func schedule(_ waits: Waits, count: Int, giveUpAt limit: Double?) -> Schedule {
    let last = limit.map { min(count, waits.firstReaching($0)) } ?? count
    return Schedule(
      count: max(last - 1, 0), giveUp: round3(waits.elapsed(after: last)), waits: waits)
  }

  static func saturatingSum(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? (b > 0 ? .max : .min) : sum
  }

  /// A non-negative whole Double as a count, Int.max beyond.
  static func clampedCount(_ value: Double) -> Int {
    guard value.isFinite else { return value > 0 ? .max : 0 }
    if value >= 9.2e18 { return .max }
    return max(Int(value), 0)
  }

  static func round3(_ value: Double) -> Double {
    let scaled = (value * 1000).rounded() / 1000
    return scaled.isFinite ? scaled : value
  }
}

/// Durations for people: `63 s`, `2 h 11 min 15 s`.
public enum DurationText {
  public static func format(_ seconds: Double, _ language: Language) -> String {
    // Beyond Int (or not a number at all) there is nothing to break down.
    guard seconds.isFinite, abs(seconds) < 9e18 else {
      return language == .zh ? "\(seconds) 秒" : "\(seconds) s"
    }
    let tenths = (seconds * 10).rounded() / 10
    let number = tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    if seconds < 120 {
      return language == .zh ? "\(number) 秒" : "\(number) s"
    }
    let total = Int(seconds.rounded())
    let hours = total / 3600
    let minutes = (total % 3600) / 60
    let secs = total % 60
    var parts: [String] = []
    if language == .zh {
      if hours > 0 { parts.append("\(hours) 小时") }
      if minutes > 0 { parts.append("\(minutes) 分") }
      if secs > 0 { parts.append("\(secs) 秒") }
      return "\(number) 秒（" + parts.joined(separator: " ") + "）"
    }
    if hours > 0 { parts.append("\(hours) h") }
    if minutes > 0 { parts.append("\(minutes) min") }
    if secs > 0 { parts.append("\(secs) s") }
    return "\(number) s (" + parts.joined(separator: " ") + ")"
  }
}
