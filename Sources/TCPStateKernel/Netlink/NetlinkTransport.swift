/// Where netlink bytes go and come from: the seam between sock_diag's
/// conversations (dumps, lookups, SOCK_DESTROY, destroy notifications) and
/// the kernel. `NetlinkSocket` is the kernel; `ReplayTransport` answers
/// from recorded bytes, so the conversations' logic (retries, batching,
/// error replies, lost notifications) is tested without root or a live
/// kernel. The seam sits at the bytes, as mdlayher/netlink's `nltest` does:
/// everything above it is the code that ships.
public protocol NetlinkTransport: AnyObject {
  /// The port id the kernel addresses our replies to (`nlmsg_pid`).
  var portID: UInt32 { get }
  /// The descriptor to poll for readability; -1 for a transport without one.
  var fileDescriptor: Int32 { get }
  /// Messages the kernel dropped for want of receive-buffer space (each
  /// ENOBUFS a receive met). Multicast notifications are lost that way;
  /// the count is what callers report.
  var overruns: Int { get }

  /// Sends one datagram: one request, or a batch of them.
  func send(_ bytes: [UInt8]) throws(KernelError)

  /// Receives one datagram into `buffer` and returns its length; nil when
  /// nothing is queued on a non-blocking transport or a replay has nothing
  /// left. ENOBUFS is counted in `overruns` and the receive goes on.
  func receive(into buffer: UnsafeMutableRawBufferPointer) throws(KernelError) -> Int?
}
