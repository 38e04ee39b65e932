/// Task exits seen in the trace instance (`sched:sched_process_exit`), by
/// task id: the command a task had when it exited, and when.
///
/// A task id names one task from its creation to its exit, so the first exit
/// of that id at or after an event's time is the exit of the very task that
/// caused the event: its command is right, not guessed. The source records
/// exits while draining every CPU, before it releases the events up to that
/// moment, so an exit in the same read batch is known by the time the event
/// is named.
public final class TaskExitLog {
  struct Exit {
    var atNs: UInt64
    var command: String
  }
  var exits: [Int32: [Exit]] = [:]
  var newestNs: UInt64 = 0
  var recorded = 0
  /// Exits older than this behind the newest are forgotten: events are named
  /// within the reorder window, well under a second after they happen.
  let keepNs: UInt64

  /// Reads what the kernel has buffered since (the source's drain): a task
  /// alive when its event was read can exit before /proc is asked about it,
  /// and its exit is then in the buffer, not yet in the log.
  public var refresh: (() -> Void)?

  public init(keepNs: UInt64 = 10_000_000_000) { self.keepNs = keepNs }

  public func record(taskID: Int32, command: String, atNs: UInt64) {
    exits[taskID, default: []].append(Exit(atNs: atNs, command: command))
    newestNs = max(newestNs, atNs)
    recorded += 1
    if recorded % 1024 == 0 { prune() }
  }

  /// The command of task `taskID` as it exited, if it exited at or after `ns`;
  /// reads the buffer again once when the exit is not known yet.
  public func command(ofTask taskID: Int32, atOrAfter ns: UInt64) -> String? {
    if let known = seen(taskID, ns) { return known }
    refresh?()
    return seen(taskID, ns)
  }

  func seen(_ taskID: Int32, _ ns: UInt64) -> String? {
    exits[taskID]?.filter { $0.atNs >= ns }.min { $0.atNs < $1.atNs }?.command
  }

  func prune() {
    guard newestNs > keepNs else { return }
    let cutoff = newestNs - keepNs
    exits = exits.compactMapValues { list in
      let kept = list.filter { $0.atNs >= cutoff }
      return kept.isEmpty ? nil : kept
    }
  }
}
