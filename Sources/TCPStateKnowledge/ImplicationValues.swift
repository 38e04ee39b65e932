/// Which numbers the implications can reason about. A value written as a
/// whole number outside what the kernel's sysctl can hold (a C `int`, or a
/// port) is said to be invalid instead of turned into "dropped after -5 s"
/// or a trapping overflow; a value that is not a number at all gets no
/// implication, as before.
extension Implications {
  /// What a C `int` sysctl holding a count, a time or a size can mean: 0 ... INT_MAX.
  static let intRange = 0...Int(Int32.max)
  static let portRange = 0...Int(UInt16.max)

  /// The tunables (by short name) whose numbers `implication` reads, with the
  /// range each must fall in; the described tunable's own fields come first.
  static func numericInputs(_ tunable: Tunable) -> [(name: String, range: ClosedRange<Int>)] {
    switch tunable.implication {
    case .synRetries, .synLinearTimeouts:
      return [
        (tunable.name, intRange), ("tcp_syn_retries", intRange), ("tcp_syn_linear_timeouts", intRange),
      ]
    case .keepalive:
      return [
        (tunable.name, intRange), ("tcp_keepalive_time", intRange), ("tcp_keepalive_intvl", intRange),
        ("tcp_keepalive_probes", intRange),
      ]
    case .synackRetries, .synBacklog, .somaxconn, .finTimeout, .twBuckets, .orphans, .orphanRetries,
      .retries1, .retries2, .buffers:
      return [(tunable.name, intRange)]
    case .portRange:
      return [(tunable.name, portRange)]
    default:
      return []
    }
  }

  /// "-5 is not a valid value for tcp_fin_timeout (0 to 2147483647)" for the
  /// first whole number out of range among the values `tunable`'s implication
  /// reads; nil when they are all usable (or not numbers at all).
  static func invalidValue(_ tunable: Tunable, others: [String: String]) -> Localized? {
    for input in numericInputs(tunable) {
      guard let value = others[input.name] else { continue }
      for field in TunableDefault.split(value) where isWholeNumber(field) {
        if let number = Int(field), input.range.contains(number) { continue }
        let range = "\(input.range.lowerBound) to \(input.range.upperBound)"
        let rangeZh = "\(input.range.lowerBound) 到 \(input.range.upperBound)"
        return L(
          "\(field) is not a valid value for \(input.name) (it takes \(range)): no estimate.",
          "\(field) 不是 \(input.name) 的有效值（取值范围 \(rangeZh)）：无法估算。")
      }
    }
    return nil
  }

  /// An optional minus sign and decimal digits only.
  static func isWholeNumber(_ field: String) -> Bool {
    let digits = field.utf8.first == UInt8(ascii: "-") ? field.utf8.dropFirst() : field.utf8[...]
    return !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }
}
