import Glibc
import TCPStateWire

/// Reads a `TraceInstance`'s per-CPU `trace_pipe_raw` pages, decodes them
/// and merges the CPUs in time order.
public final class TraceInstanceSource: StateChangeSource {
  public let name = "tracefs"
  let instance: TraceInstance
  let decoder: StateChangeDecoder
  let eventID: UInt16?
  var reorder = ReorderBuffer()
  var pollSet: [pollfd]
  let page: UnsafeMutableRawBufferPointer
  public private(set) var lost: UInt64 = 0
  /// Pages that said events were missed, without a count.
  public private(set) var pagesWithUncountedLoss = 0
  public private(set) var samplesRead: UInt64 = 0
  public private(set) var decodeErrors: [DecodeError] = []

  public init(instance: TraceInstance) throws {
    self.instance = instance
    do {
      decoder = try StateChangeDecoder(format: instance.format)
    } catch {
      throw KernelError("decoding the tracepoint format", errno: EPROTO, detail: "\(error)")
    }
    eventID = instance.format.id.map { UInt16(truncatingIfNeeded: $0) }
    pollSet = instance.readers.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
    page = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(sysconf(Int32(_SC_PAGESIZE))), alignment: 8)
  }

  deinit { page.deallocate() }

  public func close() {
    pollSet.removeAll()
    instance.close()
  }

  public func poll(timeoutMs: Int32) -> [RawStateChange] {
    if !pollSet.isEmpty { _ = Glibc.poll(&pollSet, nfds_t(pollSet.count), timeoutMs) }
    let cutoff = monotonicNow()
    drainAll()
    return reorder.release(upTo: cutoff)
  }

  public func flush() -> [RawStateChange] {
    drainAll()
    return reorder.releaseAll()
  }

  func drainAll() {
    for reader in instance.readers {
      // Each read hands over one page (or what is there of it); stop at EAGAIN.
      while true {
        let count = read(reader.fd, page.baseAddress, page.count)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        decodePage(UnsafeRawBufferPointer(rebasing: page[..<count]))
      }
    }
  }

  func decodePage(_ bytes: UnsafeRawBufferPointer) {
    do {
      let decoded = try RingBufferPage.decode(bytes)
      if decoded.missedEvents {
        if let count = decoded.missedCount { lost += count } else { pagesWithUncountedLoss += 1 }
      }
      for event in decoded.events {
        samplesRead += 1
        // common_type: skip anything that is not our event (none is enabled, but be sure).
        if let eventID, event.data.count >= 2, event.data.loadUnaligned(as: UInt16.self) != eventID { continue }
        do {
          let record = try decoder.decode(event.data)
          guard record.protocolNumber == StateChangeRecord.ipprotoTCP else { continue }
          reorder.add(RawStateChange(monotonicNs: event.timestamp, pid: record.commonPID, record: record))
        } catch {
          if decodeErrors.count < 100 { decodeErrors.append(error) }
        }
      }
    } catch {
      if decodeErrors.count < 100 { decodeErrors.append(error) }
    }
  }
}
