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
  /// both in seconds after the first transmission.
  public struct Schedule: Sendable, Equatable {
    /// Seconds from the first transmission to each retransmission.
    public var retransmissions: [Double]
    /// Seconds from the first transmission to giving up.
    public var giveUp: Double
    public var lastRetransmission: Double { retransmissions.last ?? 0 }
  }

  /// The waits between transmissions: `linear` + 1 waits of `initial`, then doubling, capped.
  static func waits(count: Int, linear: Int, initial: Double, cap: Double) -> [Double] {
    var result: [Double] = []
    var rto = initial
    for index in 0..<max(count, 0) {
      result.append(min(rto, cap))
      if index >= linear { rto = min(rto * 2, cap) }
    }
    return result
  }

  /// A passive open's SYN-ACK schedule for `tcp_synack_retries`.
  /// With 5: retransmissions at 1, 3, 7, 15, 31 s; dropped at 63 s.
  public static func synack(retries: Int, initial: Double = initialRTO, cap: Double = rtoMax)
    -> Schedule
  {
    let waits = waits(count: retries + 1, linear: 0, initial: initial, cap: cap)
    return schedule(waits, giveUpAt: nil)
  }

  /// An active open's SYN schedule for `tcp_syn_retries` and `tcp_syn_linear_timeouts`.
  /// With 6 and 0: give up at 127 s. With 6 and 4: 10 retransmissions, the last at 67 s, give up at 131 s.
  public static func syn(
    retries: Int, linear: Int, initial: Double = initialRTO, cap: Double = rtoMax
  ) -> Schedule {
    let total = max(retries, 0) + max(linear, 0)
    let waits = waits(count: total + 1, linear: max(linear, 0), initial: initial, cap: cap)
    let limit = modelTimeout(boundary: retries, rtoBase: initial, cap: cap)
    return schedule(waits, giveUpAt: limit)
  }

  /// Linux's tcp_model_timeout(): the time `boundary` exponential
  /// retransmissions take from `rtoBase`, doubling until `cap` and linear after.
  /// tcp_retries2 = 15 with 200 ms gives 924.6 s.
  public static func modelTimeout(boundary: Int, rtoBase: Double, cap: Double = rtoMax) -> Double {
    let ratio = Int((cap / rtoBase).rounded(.down))
    var threshold = 0
    while (1 << (threshold + 1)) <= ratio { threshold += 1 }
    if boundary <= threshold {
      return Double((2 << boundary) - 1) * rtoBase
    }
    return Double((2 << threshold) - 1) * rtoBase + Double(boundary - threshold) * cap
  }

  /// Turns waits into a schedule; the timer that fires at or after `giveUpAt`
  /// (or the last one) abandons the attempt instead of retransmitting.
  private static func schedule(_ waits: [Double], giveUpAt limit: Double?) -> Schedule {
    var elapsed = 0.0
    var retransmissions: [Double] = []
    for (index, wait) in waits.enumerated() {
      elapsed += wait
      let last = index == waits.count - 1
      if last || (limit.map { elapsed >= $0 } ?? false) { break }
      retransmissions.append(elapsed)
    }
    return Schedule(retransmissions: retransmissions, giveUp: round3(elapsed))
  }

  static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

/// Durations for people: `63 s`, `2 h 11 min 15 s`.
public enum DurationText {
  public static func format(_ seconds: Double, _ language: Language) -> String {
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
