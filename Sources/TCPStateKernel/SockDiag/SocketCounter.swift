import TCPStateModel

/// Counts live sockets per state through sock_diag, without tcp_info (the
/// cheapest dump the kernel offers). Used by `explain`, `diagram` and `doctor`.
public enum SocketCounter {
  /// Every state, both families. NEW_SYN_RECV request sockets are reported
  /// by the kernel as SYN_RECV and counted there.
  public static func countByState(filter: SocketFilter = SocketFilter(states: .all)) throws(KernelError) -> [TCPState:
    Int]
  {
    var counts: [TCPState: Int] = [:]
    try SockDiagDumper().dump(filter: filter) { socket in
      counts[socket.state, default: 0] += 1
      return true
    }
    return counts
  }
}
