import Glibc
import TCPStateKernel
import TCPStateKit

extension KernelError {
  /// The failure told to a user, with the exit code that fits it and the
  /// capability or kernel option to look at.
  var userError: TCPStateError {
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
