/// The kernel TCP counters the exporter publishes, each as a Prometheus
/// counter named in the exporter's style with the kernel's own name in its
/// HELP, so `nstat` users find it. A counter this kernel lacks is left out.
public struct KernelCounter: Sendable {
  /// `/proc/net/snmp` (`Tcp`) or `/proc/net/netstat` (`TcpExt`) line prefix.
  public var group: String
  public var kernelName: String
  /// The family name, without `_total`.
  public var metric: String
  public var meaning: String
}

public enum KernelCounterCatalog {
  static func tcp(_ name: String, _ metric: String, _ meaning: String) -> KernelCounter {
    KernelCounter(group: "Tcp", kernelName: name, metric: "tcpstate_" + metric, meaning: meaning)
  }
  static func ext(_ name: String, _ metric: String, _ meaning: String) -> KernelCounter {
    KernelCounter(group: "TcpExt", kernelName: name, metric: "tcpstate_" + metric, meaning: meaning)
  }

  public static let all: [KernelCounter] = [
    tcp("ActiveOpens", "active_opens", "connections this host opened (connect)"),
    tcp("PassiveOpens", "passive_opens", "connections this host accepted (handshakes completed on a listener)"),
    tcp("AttemptFails", "attempt_fails", "connection attempts that failed (SYN_SENT or SYN_RECV to CLOSE, or reset)"),
    tcp("EstabResets", "established_resets", "resets of ESTABLISHED or CLOSE_WAIT connections"),
    tcp("InSegs", "segments_received", "segments received, errors included"),
    tcp("OutSegs", "segments_sent", "segments sent, retransmissions excluded"),
    tcp("RetransSegs", "segments_retransmitted", "segments retransmitted"),
    tcp("InErrs", "segments_received_errors", "segments received in error (bad checksum, too short)"),
    tcp("OutRsts", "resets_sent", "segments sent with RST"),
    tcp("InCsumErrors", "checksum_errors", "segments received with a bad checksum"),
    ext("ListenOverflows", "listen_overflows", "handshakes completed while the accept queue was full"),
    ext("ListenDrops", "listen_drops", "SYNs and handshakes a listener dropped, overflows included"),
    ext("SyncookiesSent", "syncookies_sent", "SYN cookies sent (SYN queue full or tcp_syncookies=2)"),
    ext("SyncookiesRecv", "syncookies_received", "valid SYN cookies received back"),
    ext("SyncookiesFailed", "syncookies_failed", "invalid SYN cookies received"),
    ext(
      "TCPReqQFullDrop", "request_queue_full_drops", "SYNs dropped because the SYN queue was full and cookies were off"),
    ext("TCPReqQFullDoCookies", "request_queue_full_cookies", "SYN cookies sent because the SYN queue was full"),
    ext("EmbryonicRsts", "embryonic_resets", "resets received in SYN_RECV"),
    ext("TCPTimeouts", "timeouts", "retransmission timeouts (RTO) fired"),
    ext("TCPSynRetrans", "syn_retransmits", "SYN and SYN-ACK retransmissions"),
    ext("TCPFastRetrans", "fast_retransmits", "fast retransmissions (duplicate ACKs or SACK)"),
    ext("TCPLossProbes", "loss_probes", "tail loss probes sent (TLP)"),
    ext("TCPLossProbeRecovery", "loss_probe_recoveries", "losses a tail loss probe repaired"),
    ext("TCPSpuriousRTOs", "spurious_rtos", "retransmission timeouts found spurious (F-RTO)"),
    ext("TCPRetransFail", "retransmit_failures", "retransmissions the lower layers refused"),
    ext("TW", "time_wait_ended", "TIME_WAIT sockets that ran their full time"),
    ext(
      "TCPTimeWaitOverflow", "time_wait_overflows",
      "TIME_WAIT sockets not created because tcp_max_tw_buckets was reached"),
    ext("TCPAbortOnData", "aborts_on_data", "connections reset because data arrived after close"),
    ext("TCPAbortOnClose", "aborts_on_close", "connections reset because unread data was left at close"),
    ext("TCPAbortOnMemory", "aborts_on_memory", "connections reset for lack of memory (tcp_mem, orphans)"),
    ext("TCPAbortOnTimeout", "aborts_on_timeout", "connections reset after too many retransmissions or probes"),
    ext("TCPAbortOnLinger", "aborts_on_linger", "connections reset when the linger time ran out"),
    ext("TCPMemoryPressures", "memory_pressure_events", "times TCP entered memory pressure (tcp_mem)"),
    ext("TCPBacklogDrop", "backlog_drops", "segments dropped because the socket backlog was full"),
    ext("TCPRcvQDrop", "receive_queue_drops", "segments dropped because the receive queue was full"),
    ext("TCPZeroWindowDrop", "zero_window_drops", "segments dropped because the receive window was zero"),
    ext("TCPOFOQueue", "out_of_order_queued", "segments queued out of order"),
    ext("TCPOFODrop", "out_of_order_drops", "out-of-order segments dropped for lack of memory"),
    ext("TCPDeferAcceptDrop", "defer_accept_drops", "handshakes dropped by TCP_DEFER_ACCEPT"),
    ext("TCPKeepAlive", "keepalive_probes", "keepalive probes sent"),
  ]
}
