/// Records from a perf ring buffer (`struct perf_event_header` then the
/// body, include/uapi/linux/perf_event.h). Only the two kinds tcpstate asks
/// for are decoded: samples and lost-record notices.
public enum PerfRecord: Equatable, Sendable {
  /// A sample with PERF_SAMPLE_TID | TIME | CPU | RAW, in that order.
  case sample(pid: Int32, tid: Int32, time: UInt64, cpu: UInt32, raw: [UInt8])
  /// The kernel dropped `count` records because the buffer was full.
  case lost(count: UInt64)
  /// Anything else (kept so the ring can be advanced past it).
  case other(type: UInt32)

  public static let headerSize = 8
  static let typeLost: UInt32 = 2
  static let typeSample: UInt32 = 9

  /// Decodes one record; `bytes` starts at its header and holds at least `size` bytes.
  public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> PerfRecord {
    let reader = ByteReader(bytes)
    guard reader.has(headerSize, at: 0) else { throw DecodeError(offset: 0, "perf record header cut short") }
    let type = reader.u32(0)
    let size = Int(reader.u16(6))
    guard size >= headerSize, size <= bytes.count else {
      throw DecodeError(offset: 6, "perf record size \(size) does not fit \(bytes.count) bytes")
    }
    switch type {
    case typeSample:
      // u32 pid, u32 tid; u64 time; u32 cpu, u32 res; u32 raw size; raw bytes.
      guard size >= headerSize + 28 else { throw DecodeError(offset: 0, "perf sample of \(size) bytes is too short") }
      let rawSize = Int(reader.u32(headerSize + 24))
      guard headerSize + 28 + rawSize <= size else {
        throw DecodeError(offset: headerSize + 24, "raw data of \(rawSize) bytes overruns the \(size)-byte sample")
      }
      return .sample(
        pid: Int32(bitPattern: reader.u32(headerSize)), tid: Int32(bitPattern: reader.u32(headerSize + 4)),
        time: reader.u64(headerSize + 8), cpu: reader.u32(headerSize + 16),
        raw: Array(reader.slice(headerSize + 28, rawSize)))
    case typeLost:
      guard size >= headerSize + 16 else { throw DecodeError(offset: 0, "perf lost record too short") }
      return .lost(count: reader.u64(headerSize + 8))
    default:
      return .other(type: type)
    }
  }
}
