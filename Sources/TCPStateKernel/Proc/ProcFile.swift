import Glibc

/// Reads one small text file of a /proc tree (a sysctl, a counter file)
/// without ever blocking on it: `--proc-root` may point at a tree where a
/// FIFO, a device or a huge file stands in for one. The file is opened with
/// O_NONBLOCK (a FIFO without a writer opens at once instead of hanging),
/// checked with fstat to be a regular file (proc files are, with size 0) and
/// read to EOF or `limit` bytes, whichever comes first.
public enum ProcFile {
  /// Why a file was not read. `description` is the reason shown to the user.
  public enum Failure: Error, Equatable, CustomStringConvertible, Sendable {
    case missing
    case permissionDenied
    /// A FIFO, device, socket or directory: what it is.
    case notRegular(String)
    case tooLarge(limit: Int)
    case error(String)

    public var description: String {
      switch self {
      case .missing: return "does not exist"
      case .permissionDenied: return "permission denied"
      case .notRegular(let kind): return "not a regular file (\(kind)), skipped"
      case .tooLarge(let limit): return "larger than \(limit >> 10) KiB, skipped"
      case .error(let reason): return reason
      }
    }
  }

  /// The file's bytes, at most `limit` of them.
  public static func read(_ path: String, limit: Int = 1 << 20) -> Result<[UInt8], Failure> {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else {
      switch errno {
      case ENOENT, ENOTDIR: return .failure(.missing)
      case EACCES, EPERM: return .failure(.permissionDenied)
      case ENXIO: return .failure(.notRegular("a socket or a device without a driver"))
      default: return .failure(.error(String(cString: strerror(errno))))
      }
    }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { return .failure(.error(String(cString: strerror(errno)))) }
    guard status.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular(kind(status.st_mode))) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16384)
    while true {
      let count = retryingOnInterrupt { chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
      if count < 0 { return .failure(.error(String(cString: strerror(errno)))) }
      if count == 0 { return .success(bytes) }
      guard bytes.count + count <= limit else { return .failure(.tooLarge(limit: limit)) }
      bytes += chunk[..<count]
    }
  }

  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFIFO: return "a FIFO"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFDIR: return "a directory"
    default: return "not a file"
    }
  }
}
