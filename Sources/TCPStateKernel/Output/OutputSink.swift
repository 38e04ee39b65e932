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
      let written = buffer.withUnsafeBytes { bytes -> Int in
        guard let base = bytes.baseAddress else { return 0 }
        return Glibc.write(fd, base + offset, bytes.count - offset)
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
}
