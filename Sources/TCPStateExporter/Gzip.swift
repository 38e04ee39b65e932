import CZlib

/// gzip for scrapes: Prometheus sends `Accept-Encoding: gzip`, and the text
/// compresses about tenfold. zlib's deflate with a gzip wrapper (window bits 15 + 16).
enum Gzip {
  /// The gzip member for `bytes`, or nil if zlib fails (the caller then sends plain text).
  static func compress(_ bytes: [UInt8], level: Int32 = 5) -> [UInt8]? {
    var stream = z_stream()
    let initialized = deflateInit2_(
      &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    guard initialized == Z_OK else { return nil }
    defer { deflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
    let result: Int32 = bytes.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { out in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        stream.next_out = out.baseAddress
        stream.avail_out = uInt(out.count)
        return deflate(&stream, Z_FINISH)
      }
    }
    guard result == Z_STREAM_END else { return nil }
    output.removeSubrange(Int(stream.total_out)...)
    return output
  }

  /// Whether an `Accept-Encoding` value allows gzip (named without q=0).
  static func accepted(by header: String?) -> Bool {
    guard let header else { return false }
    for coding in header.lowercased().split(separator: ",") {
      let parts = coding.split(separator: ";").map { String($0.filter { $0 != " " && $0 != "\t" }) }
      guard parts.first == "gzip" || parts.first == "*" else { continue }
      if parts.dropFirst().contains(where: { $0.hasPrefix("q=") && Double($0.dropFirst(2)) == 0 }) { continue }
      return true
    }
    return false
  }
}
