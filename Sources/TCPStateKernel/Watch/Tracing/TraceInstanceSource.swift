import Glibc
import TCPStateWire

/// Reads a `TraceInstance`'s per-CPU `trace_pipe_raw` pages, decodes them
/// and merges the CPUs in time order.
public final class TraceInstanceSource: StateChangeSource {
  public var name: String { kind.rawValue }
  public let kind = WatchSourceKind.tracefs
  public private(set) var recordsRead: UInt64 = 0
  let instance: TraceInstance
  let decoder: StateChangeDecoder
  let eventID: UInt16?
  var reorder = ReorderBuffer<RawStateChange>()
  /// The trouble tracepoints' decoders by common_type; empty when only state transitions are asked for.
  let troubleDecoders: [UInt16: any TCPEventDecoder]
  var troubleReorder = ReorderBuffer<RawTCPEvent>()
  var releasedTrouble: [RawTCPEvent] = []
  public let troubleKinds: Set<TCPEventRecord.Kind>
  var pollSet: [pollfd]
  /// `sched:sched_process_exit`, when the instance has it: exits go to `taskExits`.
  let taskExitID: UInt16?
  let taskExitDecoder: TaskExitDecoder?
  public var taskExits: TaskExitLog? {
    didSet { taskExits?.refresh = taskExitID == nil ? nil : { [weak self] in self?.drainAll() } }
  }
  let page: UnsafeMutableRawBufferPointer
  public private(set) var losses = SourceLosses()
  public var setupNotices: [TracingNotice] {
    (instance.portFilterRefused ? [.portFilterRefused] : []) + instance.troubleNotices
  }

  public init(instance: TraceInstance) throws {
    self.instance = instance
    do {
      decoder = try StateChangeDecoder(format: instance.format)
    } catch {
      throw KernelError("decoding the tracepoint format", errno: EPROTO, detail: "\(error)")
    }
    eventID = instance.format.id.map { UInt16(truncatingIfNeeded: $0) }
    var decoders: [UInt16: any TCPEventDecoder] = [:]
    for (kind, format) in instance.troubleEvents {
      // The instance checked each decoder builds; one without an id cannot be told apart.
      if let id = format.id, let decoder = try? kind.decoder(format: format) {
        decoders[UInt16(truncatingIfNeeded: id)] = decoder
      }
    }
    troubleDecoders = decoders
    if let format = instance.taskExitFormat, let id = format.id, let decoder = try? TaskExitDecoder(format: format) {
      taskExitID = UInt16(truncatingIfNeeded: id)
      taskExitDecoder = decoder
    } else {
      taskExitID = nil
      taskExitDecoder = nil
    }
    troubleKinds = Set(decoders.values.map(\.kind))
    pollSet = instance.readers.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
    page = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(sysconf(Int32(_SC_PAGESIZE))), alignment: 8)
  }

  deinit { page.deallocate() }

  public func close() -> [TracingNotice] {
    pollSet.removeAll()
    instance.close()
    return instance.closeProblems
  }

  /// The buffer is fed on the ftrace path, which a BPF program on the same
  /// tracepoint cannot starve (it only gates perf delivery); what can stop
  /// it is its event or tracing being switched off in the instance from
  /// outside. That is checked directly and undone, rather than guessed from
  /// host-wide counters, which a port filter makes incomparable.
  public func checkHealth() -> SourceHealth {
    let off = instance.switchedOff()
    guard !off.isEmpty else { return .healthy }
    let what = off.joined(separator: " and ")
    if instance.switchBackOn(off) {
      return .restored(
        "\(what) had been set to 0 from outside tcpstate; set it back to 1 (transitions in between are lost)")
    }
    return .starved("\(what) was set to 0 from outside tcpstate and cannot be set back")
  }

  public func poll(timeoutMs: Int32) -> [RawStateChange] {
    if !pollSet.isEmpty { _ = Glibc.poll(&pollSet, nfds_t(pollSet.count), timeoutMs) }
    let cutoff = Clock.monotonicNanoseconds()
    drainAll()
    if !troubleDecoders.isEmpty { releasedTrouble.append(contentsOf: troubleReorder.release(upTo: cutoff)) }
    return reorder.release(upTo: cutoff)
  }

  public func flush() -> [RawStateChange] {
    drainAll()
    releasedTrouble.append(contentsOf: troubleReorder.releaseAll())
    return reorder.releaseAll()
  }

  public func takeTrouble() -> [RawTCPEvent] {
    defer { releasedTrouble.removeAll(keepingCapacity: true) }
    return releasedTrouble
  }

  func drainAll() {
    for reader in instance.readers {
      // Each read hands over one page (or what is there of it); stop at EAGAIN.
      while true {
        let count = retryingOnInterrupt { read(reader.fd, page.baseAddress, page.count) }
        guard count > 0 else { break }
        decodePage(UnsafeRawBufferPointer(rebasing: page[..<count]))
      }
    }
  }

  func decodePage(_ bytes: UnsafeRawBufferPointer) {
    do {
      let decoded = try RingBufferPage.decode(bytes)
      if decoded.missedEvents {
        if let count = decoded.missedCount { losses.dropped += count } else { losses.pagesWithUncountedDrops += 1 }
      }
      for event in decoded.events {
        recordsRead += 1
        // common_type: the state event, a trouble tracepoint's, or none of ours (skipped).
        if let eventID, event.data.count >= 2 {
          let type = event.data.loadUnaligned(as: UInt16.self)
          if type != eventID {
            if type == taskExitID, let taskExitDecoder {
              if let exit = try? taskExitDecoder.decode(event.data) {
                taskExits?.record(taskID: exit.taskID, command: exit.command, atNs: event.timestamp)
              }
              continue
            }
            if let decoder = troubleDecoders[type] { decodeTrouble(event, decoder) }
            continue
          }
        }
        do {
          let record = try decoder.decode(event.data)
          guard record.protocolNumber == StateChangeRecord.ipprotoTCP else { continue }
          reorder.add(RawStateChange(monotonicNs: event.timestamp, pid: record.commonPID, record: record))
        } catch {
          losses.noteUndecodable("\(error)")
        }
      }
    } catch {
      losses.noteUndecodable("a trace_pipe_raw page: \(error)")
    }
  }

  func decodeTrouble(_ event: RingBufferPage.Event, _ decoder: any TCPEventDecoder) {
    do {
      troubleReorder.add(RawTCPEvent(monotonicNs: event.timestamp, record: try decoder.decode(event.data)))
    } catch {
      losses.noteUndecodable("\(error)")
    }
  }
}
