import TCPStateWire

/// A raw state change from the kernel, with its time and the task that was running.
public struct RawStateChange: Sendable {
  /// CLOCK_MONOTONIC, nanoseconds.
  public var monotonicNs: UInt64
  public var pid: Int32
  public var record: StateChangeRecord
}

/// Where `watch` gets every transition from: a tracefs instance or perf events.
public protocol StateChangeSource: AnyObject {
  var name: String { get }
  /// Waits up to `timeoutMs`, reads what arrived, returns what can no longer be overtaken, oldest first.
  func poll(timeoutMs: Int32) -> [RawStateChange]
  /// Everything still held, oldest first (at exit).
  func flush() -> [RawStateChange]
  /// Events the kernel dropped (buffer full), as far as it says.
  var lost: UInt64 { get }
  /// Every record read before filtering: the silence check's pulse.
  var samplesRead: UInt64 { get }
  /// Releases kernel state now (also done on deinit).
  func close()
}

/// Per-CPU buffers hand out one socket's events out of order. Everything read
/// in one pass was written before the pass began, so events up to that moment
/// can be released in time order; later ones wait for the next pass.
struct ReorderBuffer {
  var pending: [RawStateChange] = []

  mutating func add(_ event: RawStateChange) { pending.append(event) }

  mutating func release(upTo cutoff: UInt64) -> [RawStateChange] {
    guard !pending.isEmpty else { return [] }
    pending.sort { $0.monotonicNs < $1.monotonicNs }
    let count = pending.prefix { $0.monotonicNs <= cutoff }.count
    let released = Array(pending[..<count])
    pending.removeFirst(count)
    return released
  }

  mutating func releaseAll() -> [RawStateChange] {
    defer { pending.removeAll() }
    return pending.sorted { $0.monotonicNs < $1.monotonicNs }
  }
}
