import Glibc
import TCPStateKit
import TCPStateWire

/// Finds the `sock:inet_sock_set_state` tracepoint's id and record format.
///
/// Only these two files are read, once, at start: perf_event_open needs the
/// id, the decoder needs the offsets. If tracefs is not mounted and we are
/// root, it is mounted for that read and unmounted again, so nothing is left
/// behind; nothing is enabled in tracefs itself (perf events vanish with
/// their file descriptors, even after SIGKILL).
public struct TraceFS {
  public static let candidates = ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]
  static let eventPath = "events/sock/inet_sock_set_state"

  public struct Tracepoint {
    public var id: UInt64
    public var format: TracepointFormat
    public var mountedByUs: Bool
  }

  /// Reads the tracepoint, mounting tracefs temporarily when needed.
  public static func stateChangeTracepoint() throws(TCPStateError) -> Tracepoint {
    for root in candidates {
      if let formatText = readFile("\(root)/\(eventPath)/format") {
        return try parse(formatText, root: root, mountedByUs: false)
      }
    }
    let root = candidates[0]
    guard geteuid() == 0 else {
      throw TCPStateError(
        .permission,
        "the tracepoint sock:inet_sock_set_state needs root (tracefs is readable by root only; perf_event_open on it needs CAP_PERFMON)",
        hints: ["run as root, or with CAP_PERFMON and CAP_SYS_ADMIN"])
    }
    guard mount("nodev", root, "tracefs", 0, nil) == 0 else {
      let reason = String(cString: strerror(errno))
      throw TCPStateError(
        .unavailable, "tracefs is not mounted and mounting it at \(root) failed: \(reason)",
        hints: ["try: mount -t tracefs nodev \(root)"])
    }
    defer { umount(root) }
    guard let formatText = readFile("\(root)/\(eventPath)/format") else {
      throw TCPStateError(
        .unavailable, "this kernel has no sock:inet_sock_set_state tracepoint (Linux 4.16 or later has it)")
    }
    return try parse(formatText, root: root, mountedByUs: true)
  }

  static func parse(_ text: String, root: String, mountedByUs: Bool) throws(TCPStateError) -> Tracepoint {
    do {
      let format = try TracepointFormat.parse(text)
      guard let id = format.id ?? readFile("\(root)/\(eventPath)/id").flatMap({ UInt64($0.filter(\.isNumber)) }) else {
        throw TCPStateError(.unavailable, "cannot read the id of sock:inet_sock_set_state")
      }
      return Tracepoint(id: id, format: format, mountedByUs: mountedByUs)
    } catch let error as TracepointFormat.ParseError {
      throw TCPStateError(.unavailable, "cannot read the tracepoint's format: \(error)")
    } catch let error as TCPStateError {
      throw error
    } catch {
      throw TCPStateError(.software, "\(error)")
    }
  }

  static func readFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 8192)
    while true {
      let n = read(fd, &chunk, chunk.count)
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { break }
      data.append(contentsOf: chunk[..<n])
    }
    return String(decoding: data, as: UTF8.self)
  }
}
