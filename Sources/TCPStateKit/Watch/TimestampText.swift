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

  /// Milliseconds with up to three decimals: `0.084`, `12.5`, `60000`.
  public static func milliseconds(_ ns: UInt64) -> String {
    let us = ns / 1000
    let whole = us / 1000
    let fraction = us % 1000
    if fraction == 0 || whole >= 1000 { return "\(whole)" }
    var digits = String(fraction)
    while digits.count < 3 { digits = "0" + digits }
    while digits.hasSuffix("0") { digits.removeLast() }
    return "\(whole).\(digits)"
  }
}
