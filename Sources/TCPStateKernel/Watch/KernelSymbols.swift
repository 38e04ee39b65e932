import Glibc

/// Names kernel code addresses from /proc/kallsyms (root sees the real
/// addresses), so a drop's `location` reads `tcp_v4_rcv` or `nf_hook_slow`
/// instead of a number. Loaded once, on the first drop, and only text
/// symbols are kept.
final class KernelSymbols {
  private var addresses: [UInt64] = []
  private var names: [String] = []
  private var loaded = false
  private var cache: [UInt64: String] = [:]
  /// A kallsyms text to use instead of /proc/kallsyms (tests, the fuzzer).
  private let table: String?

  init(table: String? = nil) { self.table = table }

  /// The function containing `address`, or nil (no table, or below every symbol).
  func name(of address: UInt64) -> String? {
    if let cached = cache[address] { return cached }
    if !loaded {
      loaded = true
      (addresses, names) = Self.parse(table ?? TraceFS.readFile("/proc/kallsyms", limit: 64 << 20) ?? "")
    }
    // The last symbol at or below the address.
    var low = 0
    var high = addresses.count
    while low < high {
      let middle = (low + high) / 2
      if addresses[middle] <= address { low = middle + 1 } else { high = middle }
    }
    guard low > 0, addresses[low - 1] != 0 else { return nil }
    let name = names[low - 1]
    if cache.count < 4096 { cache[address] = name }
    return name
  }

  /// `ffffffff81000000 T _stext` lines, text symbols only (t/T), sorted by address.
  static func parse(_ text: String) -> ([UInt64], [String]) {
    var entries: [(UInt64, String)] = []
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 2)
      guard parts.count == 3, parts[1] == "t" || parts[1] == "T", let address = UInt64(parts[0], radix: 16) else {
        continue
      }
      // Module symbols carry "\t[module]" after the name.
      entries.append((address, String(parts[2].prefix { $0 != "\t" && $0 != " " })))
    }
    entries.sort { $0.0 < $1.0 }
    return (entries.map(\.0), entries.map(\.1))
  }
}
