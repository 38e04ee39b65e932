import Glibc
import TCPStateKit

/// A failed system call: the operation, errno and, from netlink, the
/// kernel's extended-ack text. Turned into a user-facing `TCPStateError`
/// that names the missing capability where that is the cause.
public struct KernelError: Error, CustomStringConvertible, Sendable {
  public var operation: String
  public var errno: Int32
  public var detail: String?

  public init(_ operation: String, errno: Int32, detail: String? = nil) {
    self.operation = operation
    self.errno = errno
    self.detail = detail
  }

  public var description: String {
    var text = "\(operation): \(String(cString: strerror(errno)))"
    if let detail { text += " (\(detail))" }
    return text
  }

  /// The same failure, told to a user, with the exit code that fits it.
  public var userError: TCPStateError {
    switch errno {
    case EPERM, EACCES:
      return TCPStateError(.permission, "\(self)")
    case EPROTONOSUPPORT, EAFNOSUPPORT, ENOENT, EOPNOTSUPP:
      return TCPStateError(
        .unavailable, "\(self)",
        hints: ["the kernel lacks sock_diag/inet_diag support (CONFIG_INET_DIAG, module tcp_diag)"])
    default:
      return TCPStateError(.unavailable, "\(self)")
    }
  }
}
