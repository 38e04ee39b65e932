import TCPStateKit
import TCPStateModel

/// One line of `top`'s output with how to draw it. The terminal layer maps
/// tones to attributes; batch mode prints `text` alone.
public struct TopLine: Sendable, Equatable {
  public enum Tone: Sendable { case normal, title, columns, selected, info, warning, critical, dim }

  public var text: String
  public var tone: Tone
  /// Characters to emphasise inside the line (the sort column's title).
  public var highlight: Range<Int>?

  public init(_ text: String, _ tone: Tone = .normal, highlight: Range<Int>? = nil) {
    self.text = text
    self.tone = tone
    self.highlight = highlight
  }
}

/// Number formats for `top`'s cells: short, fixed meaning, blank when unknown.
enum TopCell {
  /// Bytes per second as `850B`, `12.3K`, `1.2M`, `3.4G` (powers of 1000); blank when unknown.
  static func bytes(_ perSecond: Double?) -> String {
    guard let perSecond, perSecond.isFinite, perSecond >= 0 else { return "" }
    let value = perSecond >= 0x1p63 ? UInt64.max : UInt64(perSecond.rounded())
    let units: [(UInt64, String)] = [(1_000_000_000, "G"), (1_000_000, "M"), (1_000, "K")]
    for (scale, unit) in units where value >= scale {
      return TextFormatting.decimal(value, scale: scale) + unit
    }
    return "\(value)B"
  }

  /// `45s`, `3m04s`, `2h03m`, `5d02h`; `>` in front when it is a lower bound.
  static func age(_ seconds: Double?, atLeast: Bool) -> String {
    guard let seconds, seconds.isFinite, seconds >= 0 else { return "" }
    let s = Int(seconds)
    let text: String
    switch s {
    case ..<60: text = "\(s)s"
    case ..<3600: text = "\(s / 60)m" + two(s % 60) + "s"
    case ..<86400: text = "\(s / 3600)h" + two(s / 60 % 60) + "m"
    default: text = "\(s / 86400)d" + two(s / 3600 % 24) + "h"
    }
    return (atLeast ? ">" : "") + text
  }

  static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

  static func number<T: BinaryInteger>(_ value: T?) -> String { value.map { "\($0)" } ?? "" }

  /// Per-second counter rates: `12`, `0.4`; `-` when unknown (first refresh or a counter reset).
  static func perSecond(_ value: Double?) -> String {
    guard let value, value.isFinite, value >= 0 else { return "-" }
    if value >= 100 { return "\(Int(value.rounded()))" }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
  }

  static func change(_ value: Int?) -> String {
    guard let value, value != 0 else { return "" }
    return value > 0 ? " (+\(value))" : " (\(value))"
  }

  static func padLeft(_ text: String, _ width: Int) -> String {
    let count = TextWrap.width(text)
    return count >= width ? text : String(repeating: " ", count: width - count) + text
  }

  static func padRight(_ text: String, _ width: Int) -> String {
    let count = TextWrap.width(text)
    return count >= width ? text : text + String(repeating: " ", count: width - count)
  }

  /// The line cut to `width` columns (`nil`: as long as it is).
  static func clip(_ text: String, _ width: Int?) -> String {
    guard let width, TextWrap.width(text) > width else { return text }
    var out = ""
    var used = 0
    for character in text {
      let w = character.unicodeScalars.reduce(0) { $0 + TextWrap.width(of: $1) }
      if used + w > width { break }
      out.append(character)
      used += w
    }
    return out
  }
}
