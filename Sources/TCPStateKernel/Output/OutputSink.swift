import CShim
import Glibc

/// Buffered writes to a file descriptor. A closed pipe (`| head`) surfaces as
/// `OutputSink.Closed` so the caller can stop quietly; SIGPIPE must be ignored
/// by the process for that (the CLI does it at start).
public final class OutputSink {
  public struct Closed: Error {}

  let fd: Int32
  public var buffer: [UInt8] = []
  let flushThreshold: Int

  public init(fd: Int32 = STDOUT_FILENO, flushThreshold: Int = 64 * 1024) {
    self.fd = fd
    self.flushThreshold = flushThreshold
    buffer.reserveCapacity(flushThreshold + 4096)
  }

  public var isTerminal: Bool { isatty(fd) == 1 }

  public func write(_ text: String) throws(Closed) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= flushThreshold { try flush() }
  }

  /// Call after appending to `buffer` directly.
  @inline(__always) public func flushIfFull() throws(Closed) {
    if buffer.count >= flushThreshold { try flush() }
  }

  public func flush() throws(Closed) {
    var offset = 0
    while offset < buffer.count {
      // Once SIGINT/SIGTERM/SIGHUP has asked us to stop, a reader that does
      // not read must not hold the process (and its tracefs instance):
      // write only what the output takes within a moment, a pipe buffer's
      // worth at a time, and give up on the rest.
      let stopping = tcpstate_stop_signal() != 0
      if stopping && !Self.writable(fd, withinMs: 200) {
        buffer.removeAll(keepingCapacity: true)
        throw Closed()
      }
      let chunk = stopping ? min(Int(PIPE_BUF), buffer.count - offset) : buffer.count - offset
      let written = buffer.withUnsafeBytes { bytes -> Int in
        guard let base = bytes.baseAddress else { return 0 }
        return Glibc.write(fd, base + offset, chunk)
      }
      if written < 0 {
        if errno == EINTR { continue }
        buffer.removeAll(keepingCapacity: true)
        throw Closed()
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }

  static func writable(_ fd: Int32, withinMs timeout: Int32) -> Bool {
    var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
    while true {
      let ready = poll(&entry, 1, timeout)
      if ready < 0 && errno == EINTR { continue }
      return ready > 0 && entry.revents & Int16(POLLOUT) != 0
    }
  }

  /// A pipe whose reader has gone reports POLLERR to the writer at once,
  /// before any write: `watch | head -3` on a quiet port ends when head
  /// does, not at the next matching event.
  public func checkReader() throws(Closed) {
    var entry = pollfd(fd: fd, events: 0, revents: 0)
    guard poll(&entry, 1, 0) > 0, entry.revents & Int16(POLLERR | POLLHUP) != 0 else { return }
    buffer.removeAll(keepingCapacity: true)
    throw Closed()
  }
}
