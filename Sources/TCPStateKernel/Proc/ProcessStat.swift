/// The fields of `/proc/PID/stat` (or `/proc/PID/task/TID/stat`) that tell
/// one process from another that later got the same pid: its start time in
/// clock ticks since boot (field 22) never repeats for a pid, whatever the
/// process renames itself to. Mirrors `do_task_stat()` in fs/proc/array.c.
public struct ProcessStat: Equatable, Sendable {
  /// Field 3: R, S, D, Z (zombie), X (dead), …
  public var state: Character
  /// Field 22, `starttime`.
  public var startTime: UInt64
  /// Field 2 without its parentheses; the kernel truncates it to 15 bytes and
  /// it may contain spaces and parentheses itself, hence the last `)`.
  public var command: String

  /// A process that has exited but not been reaped (or is being torn down) owns nothing any more.
  public var isGone: Bool { state == "Z" || state == "X" }

  public init(state: Character, startTime: UInt64, command: String) {
    self.state = state
    self.startTime = startTime
    self.command = command
  }

  public static func read(pid: Int32, procRoot: String = "/proc") -> ProcessStat? {
    guard pid > 0, let text = TraceFS.readFile("\(procRoot)/\(pid)/stat", limit: 4096) else { return nil }
    return parse(text)
  }

  public static func parse(_ text: String) -> ProcessStat? {
    guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return nil }
    let command = String(text[text.index(after: open)..<close])
    let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
    // fields[0] is field 3 (state), so field 22 is fields[19].
    guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
    return ProcessStat(state: state, startTime: start, command: command)
  }
}
