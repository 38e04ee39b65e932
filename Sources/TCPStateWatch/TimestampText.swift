import TCPStateModel

#if canImport(Glibc)
  import Glibc
#endif

/// Wall-clock times as watch prints them.
public enum TimestampText {
  /// `HH:MM:SS.mmm` in local time, for the terminal.
  public static func clock(_ ns: UInt64) -> String {
    var seconds = time_t(ns / 1_000_000_000)
    var parts = tm()
    localtime_r(&seconds, &parts)
    let ms = Int(ns / 1_000_000 % 1000)
    return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(three(ms))"
  }

  /// RFC 3339 UTC with milliseconds, for JSON: `2026-11-24T03:50:01.234Z`.
  public static func iso8601(_ ns: UInt64) -> String {
    var seconds = time_t(ns / 1_000_000_000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    let ms = Int(ns / 1_000_000 % 1000)
    return
      "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(three(ms))Z"
  }

  static func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
  static func three(_ value: Int) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }

  /// The same, appended as bytes.
  public static func appendMilliseconds(_ ns: UInt64, to out: inout [UInt8]) {
    let us = ns / 1000
    let whole = us / 1000
    var fraction = us % 1000
    appendDecimal(whole, to: &out)
    guard fraction != 0 && whole < 1000 else { return }
    out.append(UInt8(ascii: "."))
    var digits = 3
    while fraction % 10 == 0 {
      fraction /= 10
      digits -= 1
    }
    var divisor: UInt64 = digits == 3 ? 100 : digits == 2 ? 10 : 1
    while divisor > 0 {
      out.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
      divisor /= 10
    }
  }

  /// Milliseconds with up to three decimals: `0.084`, `12.5`, `60000`.
  public static func milliseconds(_ ns: UInt64) -> String {
    var out: [UInt8] = []
    appendMilliseconds(ns, to: &out)
    return String(decoding: out, as: UTF8.self)
  }
}

/// `HH:MM:SS.mmm` in local time, with the seconds part computed once per
/// second rather than once per event.
struct ClockCache {
  var second: UInt64 = .max
  var prefix: [UInt8] = []

  mutating func append(_ ns: UInt64, to out: inout [UInt8]) {
    let now = ns / 1_000_000_000
    if now != second {
      second = now
      var seconds = time_t(now)
      var parts = tm()
      localtime_r(&seconds, &parts)
      prefix = Array(
        "\(TimestampText.two(parts.tm_hour)):\(TimestampText.two(parts.tm_min)):\(TimestampText.two(parts.tm_sec))."
          .utf8)
    }
    out.append(contentsOf: prefix)
    let ms = ns / 1_000_000 % 1000
    out.append(UInt8(ascii: "0") + UInt8(ms / 100))
    out.append(UInt8(ascii: "0") + UInt8(ms / 10 % 10))
    out.append(UInt8(ascii: "0") + UInt8(ms % 10))
  }
}
