import Glibc

/// Names kernel code addresses from /proc/kallsyms (root sees the real
/// addresses), so a drop's `location` reads `tcp_v4_rcv` or `nf_hook_slow`
/// instead of a number. Loaded once, on the first drop, streaming the file
/// (5 MB here) through a small buffer; only text symbols are kept, their
/// names in one byte array: about 3 MB for 6.18's ~150k functions, where a
/// String per name cost ten times that.
final class KernelSymbols {
  private var addresses: [UInt64] = []
  /// Where each name starts in `names`; one more entry marks the end.
  private var starts: [UInt32] = []
  private var names: [UInt8] = []
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
      load()
    }
    // The last symbol at or below the address.
    var low = 0
    var high = addresses.count
    while low < high {
      let middle = (low + high) / 2
      if addresses[middle] <= address { low = middle + 1 } else { high = middle }
    }
    guard low > 0, addresses[low - 1] != 0 else { return nil }
    let name = String(decoding: names[Int(starts[low - 1])..<Int(starts[low])], as: UTF8.self)
    if cache.count < 4096 { cache[address] = name }
    return name
  }

  private func load() {
    var entries: [(UInt64, Range<Int>)] = []
    var bytes: [UInt8] = []
    if let table {
      forEachLine(Array(table.utf8)) { add($0, to: &entries, names: &bytes) }
    } else {
      let fd = open("/proc/kallsyms", O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { return }
      defer { close(fd) }
      var pending: [UInt8] = []
      var chunk = [UInt8](repeating: 0, count: 65_536)
      while true {
        let count = retryingOnInterrupt { read(fd, &chunk, chunk.count) }
        guard count > 0 else { break }
        pending.append(contentsOf: chunk[..<count])
        guard let last = pending.lastIndex(of: 10) else { continue }
        forEachLine(Array(pending[...last])) { add($0, to: &entries, names: &bytes) }
        pending.removeFirst(last + 1)
      }
      forEachLine(pending) { add($0, to: &entries, names: &bytes) }
    }
    entries.sort { $0.0 < $1.0 }
    addresses = entries.map(\.0)
    names.reserveCapacity(bytes.count)
    for (_, range) in entries {
      starts.append(UInt32(names.count))
      names.append(contentsOf: bytes[range])
    }
    starts.append(UInt32(names.count))
  }

  private func forEachLine(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
    for line in bytes.split(separator: 10) { body(line) }
  }

  /// `ffffffff81000000 T _stext` (and `\t[module]` after a module's names): text symbols only.
  private func add(_ line: ArraySlice<UInt8>, to entries: inout [(UInt64, Range<Int>)], names: inout [UInt8]) {
    let parts = line.split(separator: 32, maxSplits: 2)
    guard parts.count == 3, parts[1].count == 1,
      parts[1].first == UInt8(ascii: "t") || parts[1].first == UInt8(ascii: "T"),
      let address = UInt64(String(decoding: parts[0], as: UTF8.self), radix: 16)
    else { return }
    let name = parts[2].prefix { $0 != 9 && $0 != 32 }
    let start = names.count
    names.append(contentsOf: name)
    entries.append((address, start..<names.count))
  }
}
