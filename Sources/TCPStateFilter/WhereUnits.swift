/// The units a `--where` number may carry, per field unit. Values become the
/// field's base unit: microseconds, bytes, bits per second, counts.
enum WhereUnits {
  static let durations: [String: Double] = [
    "us": 1, "ms": 1000, "s": 1_000_000, "m": 60_000_000, "min": 60_000_000, "h": 3_600_000_000,
  ]
  /// Binary (KiB) and decimal (KB) multiples; `K`/`M`/`G` alone are binary, as `ss -m` and sysctl sizes are.
  static let bytes: [String: Double] = [
    "b": 1, "k": 1024, "kib": 1024, "m": 1_048_576, "mib": 1_048_576, "g": 1_073_741_824, "gib": 1_073_741_824,
    "kb": 1000, "mb": 1_000_000, "gb": 1_000_000_000,
  ]
  static let rates: [String: Double] = [
    "bps": 1, "bit": 1, "kbit": 1e3, "kbps": 1e3, "mbit": 1e6, "mbps": 1e6, "gbit": 1e9, "gbps": 1e9,
  ]

  /// The multiplier for `unit` on a field of `kind`, or nil when it does not apply.
  /// A duration needs its unit (is `50` ms or s?); other fields may omit it.
  static func multiplier(_ unit: String, for kind: SocketField.Unit) -> Double? {
    let lower = unit.lowercased()
    switch kind {
    case .duration: return lower.isEmpty ? nil : durations[lower]
    case .bytes: return lower.isEmpty ? 1 : bytes[lower]
    case .bitsPerSecond: return lower.isEmpty ? 1 : rates[lower]
    case .count: return lower.isEmpty ? 1 : nil
    }
  }

  static func expected(for kind: SocketField.Unit) -> String {
    switch kind {
    case .duration: "a time needs its unit: us, ms, s, m or h (rtt>50ms)"
    case .bytes: "bytes take B, KiB, MiB, GiB (or KB, MB, GB), or none"
    case .bitsPerSecond: "rates take bps, kbit, Mbit or Gbit, or none"
    case .count: "a count takes no unit"
    }
  }
}
