import CShim
import Glibc

/// Buffered writes to a file descriptor.
///
/// A closed pipe (`| head`) surfaces as `OutputSink.Failure.closed` so the
/// caller can stop quietly; SIGPIPE must be ignored by the process for that
/// (the CLI does it at start). Any other failed write (a full disk, EIO,
/// EBADF) is `.failed(errno:)`: output was lost and the caller must say so.
/// The first failure sticks: later flushes throw it again without writing,
/// so an error met in a callback that cannot throw is not forgotten.
public final class OutputSink {
  public enum Failure: Error, Equatable, Sendable {
    /// The reader went away (EPIPE).
    case closed
    /// write(2) failed with this errno; what was buffered is lost.
    case failed(errno: Int32)
  }

  let fd: Int32
  /// Renderers append here directly. Unchecked: it is touched once or twice
  /// per socket and never by two accesses at once, so the dynamic
  /// exclusivity check (a measurable share of `list` at 100k sockets) buys nothing.
  @exclusivity(unchecked) public var buffer: [UInt8] = []
  let flushThreshold: Int
  /// The first write failure, if any.
  public private(set) var failure: Failure?

  public init(fd: Int32 = STDOUT_FILENO, flushThreshold: Int = 64 * 1024) {
    self.fd = fd
    self.flushThreshold = flushThreshold
    buffer.reserveCapacity(flushThreshold + 4096)
  }

  public var isTerminal: Bool { isatty(fd) == 1 }

  public func write(_ text: String) throws(Failure) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= flushThreshold { try flush() }
  }

  /// Call after appending to `buffer` directly.
  @inline(__always) public func flushIfFull() throws(Failure) {
    if buffer.count >= flushThreshold { try flush() }
  }

  /// Writes everything buffered, or throws the (first) failure.
  public func flush() throws(Failure) {
    if let failure {
      buffer.removeAll(keepingCapacity: true)
      throw failure
    }
    var offset = 0
    while offset < buffer.count {
      // Once SIGINT/SIGTERM/SIGHUP has asked us to stop, a reader that does
      // not read must not hold the process (and its tracefs instance):
      // write only what the output takes within a moment, a pipe buffer's
      // worth at a time, and give up on the rest.
      let stopping = tcpstate_stop_signal() != 0
      if stopping && !Self.writable(fd, withinMs: 200) {
        buffer.removeAll(keepingCapacity: true)
        throw Failure.closed
      }
      let chunk = stopping ? min(Int(PIPE_BUF), buffer.count - offset) : buffer.count - offset
      let written = buffer.withUnsafeBytes { bytes -> Int in
        guard let base = bytes.baseAddress else { return 0 }
        return Glibc.write(fd, base + offset, chunk)
      }
      if written < 0 {
        let code = errno
        // Not `retryingOnInterrupt`: the signal that interrupted the write
        // may be the stop request, which the top of this loop must see.
        if code == EINTR { continue }
        buffer.removeAll(keepingCapacity: true)
        let failure: Failure = code == EPIPE ? .closed : .failed(errno: code)
        self.failure = failure
        throw failure
      }
      offset += written
    }
    buffer.removeAll(keepingCapacity: true)
  }

  static func writable(_ fd: Int32, withinMs timeout: Int32) -> Bool {
    var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
    let ready = retryingOnInterrupt { poll(&entry, 1, timeout) }
    return ready > 0 && entry.revents & Int16(POLLOUT) != 0
  }

  /// A pipe whose reader has gone reports POLLERR to the writer at once,
  /// before any write: `watch | head -3` on a quiet port ends when head
  /// does, not at the next matching event.
  public func checkReader() throws(Failure) {
    var entry = pollfd(fd: fd, events: 0, revents: 0)
    guard poll(&entry, 1, 0) > 0, entry.revents & Int16(POLLERR | POLLHUP) != 0 else { return }
    buffer.removeAll(keepingCapacity: true)
    throw Failure.closed
  }
}
