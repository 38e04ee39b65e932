import TCPStateWire

/// A raw state change from the kernel, with its time and the task that was running.
public struct RawStateChange: Sendable {
  /// CLOCK_MONOTONIC, nanoseconds.
  public var monotonicNs: UInt64
  public var pid: Int32
  public var record: StateChangeRecord
}

/// A raw trouble event (retransmission, reset, drop) with its time.
public struct RawTCPEvent: Sendable {
  /// CLOCK_MONOTONIC, nanoseconds.
  public var monotonicNs: UInt64
  public var record: TCPEventRecord
}

/// Something with a CLOCK_MONOTONIC time stamp, for `ReorderBuffer`.
protocol MonotonicStamped { var monotonicNs: UInt64 { get } }
extension RawStateChange: MonotonicStamped {}
extension RawTCPEvent: MonotonicStamped {}

/// Where `watch` gets every transition from: a tracefs instance or perf events.
public protocol StateChangeSource: AnyObject {
  var name: String { get }
  /// Which reader this is (`tracefs` or `perf`).
  var kind: WatchSourceKind { get }
  /// Records read so far, before user-space filtering: "it delivers".
  var recordsRead: UInt64 { get }
  /// Waits up to `timeoutMs`, reads what arrived, returns what can no longer be overtaken, oldest first.
  func poll(timeoutMs: Int32) -> [RawStateChange]
  /// Everything still held, oldest first (at exit).
  func flush() -> [RawStateChange]
  /// What the kernel said it dropped, and what could not be decoded.
  var losses: SourceLosses { get }
  /// Whether the source can still deliver; asked about once a second.
  func checkHealth() -> SourceHealth
  /// Things worth saying once, at start (a filter the kernel refused).
  var setupNotices: [TracingNotice] { get }
  /// Releases kernel state now (also done on deinit); returns what it could not undo.
  func close() -> [TracingNotice]
  /// The trouble events released by the last `poll` or `flush`, oldest
  /// first, all no later than the transitions it returned were cut off.
  func takeTrouble() -> [RawTCPEvent]
  /// The trouble tracepoints this source reads.
  var troubleKinds: Set<TCPEventRecord.Kind> { get }
}

extension StateChangeSource {
  public func takeTrouble() -> [RawTCPEvent] { [] }
  public var troubleKinds: Set<TCPEventRecord.Kind> { [] }
}

/// Running totals of what a source did not deliver. All of them concern
/// events that passed the source's own filter (a tracefs instance's port
/// filter drops other ports before the buffer, so its losses are the
/// watched ports' own), except perf's, which is unfiltered.
public struct SourceLosses: Equatable, Sendable {
  /// Events the kernel dropped because a buffer was full, as counted by it.
  public var dropped: UInt64 = 0
  /// Buffer pages that said events were missed without saying how many.
  public var pagesWithUncountedDrops = 0
  /// Records that arrived but could not be decoded.
  public var undecodable = 0
  /// The first few decode errors, for the report.
  public var firstProblems: [String] = []

  public init() {}

  mutating func noteUndecodable(_ problem: String) {
    undecodable += 1
    if firstProblems.count < 3 { firstProblems.append(problem) }
  }
}

/// The answer of a source's periodic health check.
public enum SourceHealth: Equatable, Sendable {
  case healthy
  /// Delivery had been switched off from outside and was switched back on:
  /// events in between are lost.
  case restored(String)
  /// Delivery has stopped and this source cannot bring it back.
  case starved(String)
}

/// Per-CPU buffers hand out one socket's events out of order. Everything read
/// in one pass was written before the pass began, so events up to that moment
/// can be released in time order; later ones wait for the next pass.
struct ReorderBuffer<Element: MonotonicStamped> {
  var pending: [Element] = []

  mutating func add(_ event: Element) { pending.append(event) }

  mutating func release(upTo cutoff: UInt64) -> [Element] {
    guard !pending.isEmpty else { return [] }
    pending.sort { $0.monotonicNs < $1.monotonicNs }
    let count = pending.prefix { $0.monotonicNs <= cutoff }.count
    let released = Array(pending[..<count])
    pending.removeFirst(count)
    return released
  }

  mutating func releaseAll() -> [Element] {
    defer { pending.removeAll() }
    return pending.sorted { $0.monotonicNs < $1.monotonicNs }
  }
}
