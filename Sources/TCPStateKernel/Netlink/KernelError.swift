import Glibc

/// A failed system call, as the kernel reported it: the operation, errno,
/// the path it concerned (if any) and, from netlink, the kernel's
/// extended-ack text. The CLI decides how to word it for a user.
public struct KernelError: Error, CustomStringConvertible, Equatable, Sendable {
  public var operation: String
  public var errno: Int32
  /// The file or directory the operation was about.
  public var path: String?
  public var detail: String?

  public init(_ operation: String, errno: Int32, path: String? = nil, detail: String? = nil) {
    self.operation = operation
    self.errno = errno
    self.path = path
    self.detail = detail
  }

  /// `operation path: strerror (detail)`.
  public var description: String {
    var text = operation
    if let path { text += " \(path)" }
    text += ": \(String(cString: strerror(errno)))"
    if let detail { text += " (\(detail))" }
    return text
  }
}
