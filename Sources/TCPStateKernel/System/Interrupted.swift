import Glibc

/// Runs a system call again while it fails with EINTR, the one place the
/// retry is written. A signal (SIGWINCH in top, SIGCHLD, the profiler's
/// timer) interrupts blocking calls; none of tcpstate's callers wants that to
/// be an error. Returns the call's result; `errno` still holds its error when
/// the result is negative.
@inline(__always)
public func retryingOnInterrupt<Result: BinaryInteger>(_ call: () -> Result) -> Result {
  while true {
    let result = call()
    if result < 0 && errno == EINTR { continue }
    return result
  }
}
