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
      let written = buffer.withUnsafeBytes { bytes -> Int in
        guard let base = bytes.baseAddress else { return 0 }
        return Glibc.write(fd, base + offset, bytes.count - offset)
      }
      if written < 0 {
        let code = errno
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
}
