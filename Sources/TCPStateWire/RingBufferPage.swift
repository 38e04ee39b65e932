/// Decodes one page read from a tracefs `per_cpu/cpuN/trace_pipe_raw`
/// (kernel/trace/ring_buffer.c): a `u64` time stamp, a `local_t` commit
/// (bytes of data, plus flags), then events, each a 32-bit header
/// (`type_len:5`, `time_delta:27`) and its payload.
public enum RingBufferPage {
  public struct Event {
    /// Time stamp in the instance's trace clock (tcpstate selects `mono`).
    public var timestamp: UInt64
    /// The trace entry: common fields, then the event's fields.
    public var data: UnsafeRawBufferPointer
  }

  public struct Decoded {
    public var events: [Event]
    /// The kernel overwrote or dropped events before this page (RB_MISSED_EVENTS).
    public var missedEvents: Bool
    /// How many were dropped, when the kernel stored the count (RB_MISSED_STORED).
    public var missedCount: UInt64?
  }

  static let headerSize = 16
  static let typePadding: UInt32 = 29
  static let typeTimeExtend: UInt32 = 30
  static let typeTimeStamp: UInt32 = 31
  static let missedEventsFlag: UInt64 = 1 << 31
  static let missedStoredFlag: UInt64 = 1 << 30

  /// The events of a page. Stops at the first malformed event and reports it,
  /// keeping what came before.
  public static func decode(_ page: UnsafeRawBufferPointer) throws(DecodeError) -> Decoded {
    let reader = ByteReader(page)
    guard reader.has(headerSize, at: 0) else { throw DecodeError(offset: 0, "ring buffer page header cut short") }
    var time = reader.u64(0)
    let commit = reader.u64(8)
    let length = Int(commit & 0x0fff_ffff)
    guard headerSize + length <= page.count else {
      throw DecodeError(offset: 8, "page commits \(length) bytes, only \(page.count - headerSize) arrived")
    }
    var decoded = Decoded(events: [], missedEvents: commit & missedEventsFlag != 0, missedCount: nil)
    if commit & missedStoredFlag != 0, reader.has(8, at: headerSize + length) {
      decoded.missedCount = reader.u64(headerSize + length)
    }
    var offset = headerSize
    let end = headerSize + length
    while offset + 4 <= end {
      let header = reader.u32(offset)
      let typeLength = header & 0x1f
      let delta = UInt64(header >> 5)
      switch typeLength {
      case typePadding:
        // A discarded event (its size follows) or the end of the page's data.
        guard offset + 8 <= end else { return decoded }
        let size = Int(reader.u32(offset + 4))
        if delta == 0 && size == 0 { return decoded }
        offset += 4 + max(4, size)
      case typeTimeExtend:
        guard offset + 8 <= end else { throw DecodeError(offset: offset, "time extend cut short") }
        time &+= delta | UInt64(reader.u32(offset + 4)) << 27
        offset += 8
      case typeTimeStamp:
        guard offset + 8 <= end else { throw DecodeError(offset: offset, "absolute time stamp cut short") }
        // 59 bits of absolute time; the top bits come from the current time.
        let low = delta | UInt64(reader.u32(offset + 4)) << 27
        time = (time & ~((1 << 59) - 1)) | low
        offset += 8
      case 0:
        guard offset + 8 <= end else { throw DecodeError(offset: offset, "event length cut short") }
        let size = Int(reader.u32(offset + 4))
        guard size >= 4, offset + 4 + size <= end else {
          throw DecodeError(offset: offset, "event of \(size) bytes overruns the page")
        }
        time &+= delta
        decoded.events.append(Event(timestamp: time, data: reader.slice(offset + 8, size - 4)))
        offset += 4 + size
      default:
        let size = Int(typeLength) * 4
        guard offset + 4 + size <= end else {
          throw DecodeError(offset: offset, "event of \(size) bytes overruns the page")
        }
        time &+= delta
        decoded.events.append(Event(timestamp: time, data: reader.slice(offset + 4, size)))
        offset += 4 + size
      }
    }
    return decoded
  }
}
