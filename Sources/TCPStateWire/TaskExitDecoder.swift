/// `sched:sched_process_exit`: a task (thread) is exiting, with the command
/// name it had (`comm`, 16 bytes, NUL-padded) and its task id. Watch uses it
/// to name the task of earlier events read after the task is gone from /proc.
public struct TaskExitRecord: Equatable, Sendable {
  public var taskID: Int32
  public var command: String

  public init(taskID: Int32, command: String) {
    self.taskID = taskID
    self.command = command
  }
}

public struct TaskExitDecoder: Sendable {
  public let minimumSize: Int
  let comm, pid: TracepointFormat.Field

  public init(format: TracepointFormat) throws(MissingTracepointField) {
    var lookup = FieldLookup(format, "sched:sched_process_exit")
    comm = try lookup.field("comm", size: 16)
    pid = try lookup.field("pid", size: 4)
    minimumSize = lookup.end
  }

  public func decode(_ raw: UnsafeRawBufferPointer) throws(DecodeError) -> TaskExitRecord {
    let reader = try ByteReader.checked(raw, minimum: minimumSize, "sched_process_exit")
    let name = reader.slice(comm.offset, comm.size)
    let length = name.firstIndex(of: 0) ?? name.count
    return TaskExitRecord(
      taskID: Int32(bitPattern: reader.u32(pid.offset)),
      command: String(decoding: UnsafeRawBufferPointer(rebasing: name[..<length]), as: UTF8.self))
  }
}
