import TCPStateModel

/// Small text helpers shared by the renderers: rates, durations, padding.
public enum TextFormatting {
  /// `1.2Gbps`, `850Kbps`, `12bps`, as ss prints rates.
  public static func rate(bitsPerSecond value: UInt64) -> String {
    var out: [UInt8] = []
    appendRate(bitsPerSecond: value, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// The same, appended as bytes (two or three per socket in `list --info`).
  public static func appendRate(bitsPerSecond value: UInt64, to out: inout [UInt8]) {
    let unit: StaticString
    let scale: UInt64
    if value >= 1_000_000_000 {
      (scale, unit) = (1_000_000_000, "Gbps")
    } else if value >= 1_000_000 {
      (scale, unit) = (1_000_000, "Mbps")
    } else if value >= 1_000 {
      (scale, unit) = (1_000, "Kbps")
    } else {
      appendDecimal(value, to: &out)
      out.append(contentsOf: [UInt8(ascii: "b"), UInt8(ascii: "p"), UInt8(ascii: "s")])
      return
    }
    let tenths = roundedTenths(value, scale: scale)
    appendDecimal(tenths / 10, to: &out)
    out.append(UInt8(ascii: "."))
    out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: tenths % 10))
    out.append(contentsOf: UnsafeBufferPointer(start: unit.utf8Start, count: unit.utf8CodeUnitCount))
  }

  /// `value / scale` in tenths, rounded. Whole part and remainder are scaled
  /// apart so a value near UInt64.max (a corrupt rate) cannot overflow.
  static func roundedTenths(_ value: UInt64, scale: UInt64) -> UInt64 {
    let whole = value / scale
    return whole * 10 + ((value % scale) * 10 + scale / 2) / scale
  }

  /// `value / scale` with one decimal, rounded. Whole part and remainder are
  /// scaled apart so a value near UInt64.max (a corrupt rate) cannot overflow.
  public static func decimal(_ value: UInt64, scale: UInt64) -> String {
    let tenths = roundedTenths(value, scale: scale)
    return "\(tenths / 10).\(tenths % 10)"
  }

  /// Microseconds as milliseconds with three decimals, like ss's `rtt:0.032`.
  public static func milliseconds(fromMicroseconds us: UInt32) -> String {
    let whole = us / 1000
    let fraction = us % 1000
    var text = "\(whole)"
    if fraction != 0 {
      var digits = String(fraction)
      while digits.count < 3 { digits = "0" + digits }
      while digits.hasSuffix("0") { digits.removeLast() }
      text += "." + digits
    }
    return text
  }

  /// A timer's remaining time the way ss -o prints it: `200ms`, `7.5sec`, `59min`.
  public static func timerDuration(milliseconds ms: Int64) -> String {
    let sign = ms < 0 ? "-" : ""
    let value = ms.magnitude
    if value < 1000 { return "\(sign)\(value)ms" }
    if value < 60_000 { return "\(sign)\(decimal(value, scale: 1000))sec" }
    return "\(sign)\(value / 60_000)min\(value % 60_000 / 1000 > 0 ? "\(value % 60_000 / 1000)sec" : "")"
  }

  /// `0x` and lower-case hex digits, for 64-bit ids that JSON numbers would round.
  public static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

  @inline(__always) static func pad(_ out: inout [UInt8], from start: Int, to width: Int) {
    let written = out.count - start
    if written < width { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - written)) }
  }

  @inline(__always) static func padLeft(_ out: inout [UInt8], _ value: UInt64, width: Int) {
    var digits: [UInt8] = []
    appendDecimal(value, to: &digits)
    if digits.count < width { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - digits.count)) }
    out.append(contentsOf: digits)
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and newlines (no Foundation).
  public func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let start = firstIndex(where: { !isSpace($0) }),
      let end = lastIndex(where: { !isSpace($0) })
    else {
      return ""
    }
    return String(self[start...end])
  }
}
