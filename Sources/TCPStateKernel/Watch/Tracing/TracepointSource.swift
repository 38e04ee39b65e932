import Glibc
import TCPStateWire

/// Reads `sock:inet_sock_set_state` through one perf ring per CPU and hands
/// out the records in true time order. Leaves nothing behind even after
/// SIGKILL, but measured here it can miss events raised in softirq context
/// on an idle CPU, so the tracefs instance is the default source.
///
/// Per-CPU buffers deliver one socket's events out of order (a socket's
/// FIN_WAIT1 -> FIN_WAIT2 may sit on another CPU than its ESTABLISHED ->
/// FIN_WAIT1). Every poll drains all rings, then releases only what is older
/// than the moment the drain began, sorted by timestamp: anything written
/// before that moment is already in hand.
public final class PerfTracepointSource: StateChangeSource {
  public var name: String { kind.rawValue }
  public let kind = WatchSourceKind.perf
  public var recordsRead: UInt64 { samplesRead }
  var rings: [PerfRing]
  let decoder: StateChangeDecoder
  var reorder = ReorderBuffer<RawStateChange>()
  var pollSet: [pollfd]
  /// PERF_RECORD_LOST counts (rings full) and undecodable samples.
  public private(set) var losses = SourceLosses()
  /// Every sample read, before any filtering: how the silence check knows the source is alive.
  public private(set) var samplesRead: UInt64 = 0
  /// Record kinds that were not samples (PERF_RECORD_THROTTLE is 5, UNTHROTTLE 6).
  public private(set) var otherRecords: [UInt32: Int] = [:]
  public let setupNotices: [TracingNotice] = []
  var silence: SilenceDetector

  public init(tracepoint: TraceFS.Tracepoint, pagesPerCPU: Int = 128, procRoot: String = "/proc") throws {
    silence = SilenceDetector(procRoot: procRoot)
    do {
      decoder = try StateChangeDecoder(format: tracepoint.format)
    } catch {
      throw KernelError("decoding the tracepoint format", errno: EPROTO, detail: "\(error)")
    }
    let cpus = Int32(sysconf(Int32(_SC_NPROCESSORS_CONF)))
    var rings: [PerfRing] = []
    var firstError: KernelError?
    for cpu in 0..<max(1, cpus) {
      do {
        rings.append(try PerfRing(tracepointID: tracepoint.id, cpu: cpu, dataPages: pagesPerCPU))
      } catch {
        // An offline CPU refuses (ENODEV); the others still count.
        if firstError == nil { firstError = error }
      }
    }
    guard !rings.isEmpty else { throw firstError ?? KernelError("perf_event_open", errno: ENODEV) }
    self.rings = rings
    pollSet = rings.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
    for ring in rings { try ring.enable() }
  }

  /// Waits up to `timeoutMs` for data, drains every ring, and returns the
  /// events that can no longer be overtaken, oldest first.
  public func poll(timeoutMs: Int32) -> [RawStateChange] {
    _ = Glibc.poll(&pollSet, nfds_t(pollSet.count), timeoutMs)
    let cutoff = Clock.monotonicNanoseconds()
    drainAll()
    return reorder.release(upTo: cutoff)
  }

  public func flush() -> [RawStateChange] {
    drainAll()
    return reorder.releaseAll()
  }

  public func close() -> [TracingNotice] {
    rings.removeAll()
    pollSet.removeAll()
    return []
  }

  /// A BPF program attached to the same tracepoint that returns 0 stops
  /// perf delivery without any error (perf_trace_run_bpf_submit). The rings
  /// carry no kernel filter, so every TCP transition of the host should
  /// arrive: comparing the host's connection opens with the samples read
  /// is like with like.
  public func checkHealth() -> SourceHealth {
    guard silence.check(samplesRead: samplesRead) else { return .healthy }
    return .starved(
      "perf events from sock:inet_sock_set_state stopped arriving while connections keep opening (a BPF program attached to that tracepoint that returns 0 starves perf delivery)"
    )
  }

  func drainAll() {
    for ring in rings {
      ring.drain { bytes in
        do throws(DecodeError) {
          switch try PerfRecord.decode(bytes) {
          case .sample(let pid, _, let time, _, let raw):
            samplesRead += 1
            let result = raw.withUnsafeBytes { buffer in
              Result { () throws(DecodeError) -> StateChangeRecord in try decoder.decode(buffer) }
            }
            let record = try result.get()
            guard record.protocolNumber == StateChangeRecord.ipprotoTCP else { return }
            reorder.add(RawStateChange(monotonicNs: time, pid: pid, record: record))
          case .lost(let count):
            losses.dropped += count
          case .other(let type):
            otherRecords[type, default: 0] += 1
          }
        } catch {
          losses.noteUndecodable("\(error)")
        }
      }
    }
  }
}
