/// Durations as every option takes them: `100ms`, `2s`, `1.5m`, `1h`,
/// `500us`; a bare number is seconds (issue 18: one unit everywhere).
public enum DurationArgument {
  static let units: [(suffix: String, seconds: Double)] = [
    ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
  ]

  /// Seconds, or nil when the text is not a number with an optional unit.
  /// Non-finite and negative values come back as they are, for the option's
  /// own range check to name.
  public static func seconds(_ text: String) -> Double? {
    let trimmed = text.trimmingWhitespace()
    for unit in units.sorted(by: { $0.suffix.count > $1.suffix.count }) where trimmed.hasSuffix(unit.suffix) {
      let number = trimmed.dropLast(unit.suffix.count)
      guard let value = Double(number), !number.isEmpty else { return nil }
      return value * unit.seconds
    }
    return Double(trimmed)
  }
}
