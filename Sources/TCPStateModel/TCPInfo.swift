import CShim

/// `struct tcp_info` as the kernel sent it (`INET_DIAG_INFO`, or
/// `getsockopt(TCP_INFO)`). The kernel's struct only grows at the end, and an
/// older kernel sends fewer bytes than this build knows: every accessor returns
/// nil for a field that did not arrive, so "absent" is never shown as zero.
///
/// Whether a field arrived is decided from the C struct itself (CShim's copy
/// of `struct tcp_info`, Linux 6.18, 280 bytes): its offset and size, via
/// `MemoryLayout.offset(of:)`. No offset is written down by hand.
public struct TCPInfo: Sendable {
  /// The received bytes, zero-filled past `receivedLength`.
  public let raw: tcpstate_tcp_info
  /// How many bytes the kernel sent (may exceed `MemoryLayout<tcpstate_tcp_info>.size`).
  public let receivedLength: Int

  /// Copies what arrived, no more than this build knows.
  public init(bytes: UnsafeRawBufferPointer) {
    var value = tcpstate_tcp_info()
    let count = min(bytes.count, MemoryLayout<tcpstate_tcp_info>.size)
    if count > 0, let base = bytes.baseAddress {
      withUnsafeMutableBytes(of: &value) { $0.baseAddress?.copyMemory(from: base, byteCount: count) }
    }
    self.raw = value
    self.receivedLength = bytes.count
  }

  /// Where `field` ends in the C struct: it arrived when `receivedLength` reaches this.
  @inline(__always) public static func end<Field>(of field: KeyPath<tcpstate_tcp_info, Field>) -> Int {
    MemoryLayout<tcpstate_tcp_info>.offset(of: field)! + MemoryLayout<Field>.size
  }

  /// The field's value when the kernel sent it.
  @inline(__always) func arrived<Field>(_ field: KeyPath<tcpstate_tcp_info, Field>) -> Field? {
    receivedLength >= Self.end(of: field) ? raw[keyPath: field] : nil
  }

  /// Each field's end by name, from the C layout; for tests and tooling.
  public static let fieldEnds: [(name: String, end: Int)] = [
    ("tcpi_state", end(of: \.tcpi_state)),
    ("tcpi_ca_state", end(of: \.tcpi_ca_state)),
    ("tcpi_retransmits", end(of: \.tcpi_retransmits)),
    ("tcpi_probes", end(of: \.tcpi_probes)),
    ("tcpi_backoff", end(of: \.tcpi_backoff)),
    ("tcpi_options", end(of: \.tcpi_options)),
    ("tcpi_wscale", end(of: \.tcpi_wscale)),
    ("tcpi_app_flags", end(of: \.tcpi_app_flags)),
    ("tcpi_rto", end(of: \.tcpi_rto)),
    ("tcpi_ato", end(of: \.tcpi_ato)),
    ("tcpi_snd_mss", end(of: \.tcpi_snd_mss)),
    ("tcpi_rcv_mss", end(of: \.tcpi_rcv_mss)),
    ("tcpi_unacked", end(of: \.tcpi_unacked)),
    ("tcpi_sacked", end(of: \.tcpi_sacked)),
    ("tcpi_lost", end(of: \.tcpi_lost)),
    ("tcpi_retrans", end(of: \.tcpi_retrans)),
    ("tcpi_fackets", end(of: \.tcpi_fackets)),
    ("tcpi_last_data_sent", end(of: \.tcpi_last_data_sent)),
    ("tcpi_last_ack_sent", end(of: \.tcpi_last_ack_sent)),
    ("tcpi_last_data_recv", end(of: \.tcpi_last_data_recv)),
    ("tcpi_last_ack_recv", end(of: \.tcpi_last_ack_recv)),
    ("tcpi_pmtu", end(of: \.tcpi_pmtu)),
    ("tcpi_rcv_ssthresh", end(of: \.tcpi_rcv_ssthresh)),
    ("tcpi_rtt", end(of: \.tcpi_rtt)),
    ("tcpi_rttvar", end(of: \.tcpi_rttvar)),
    ("tcpi_snd_ssthresh", end(of: \.tcpi_snd_ssthresh)),
    ("tcpi_snd_cwnd", end(of: \.tcpi_snd_cwnd)),
    ("tcpi_advmss", end(of: \.tcpi_advmss)),
    ("tcpi_reordering", end(of: \.tcpi_reordering)),
    ("tcpi_rcv_rtt", end(of: \.tcpi_rcv_rtt)),
    ("tcpi_rcv_space", end(of: \.tcpi_rcv_space)),
    ("tcpi_total_retrans", end(of: \.tcpi_total_retrans)),
    ("tcpi_pacing_rate", end(of: \.tcpi_pacing_rate)),
    ("tcpi_max_pacing_rate", end(of: \.tcpi_max_pacing_rate)),
    ("tcpi_bytes_acked", end(of: \.tcpi_bytes_acked)),
    ("tcpi_bytes_received", end(of: \.tcpi_bytes_received)),
    ("tcpi_segs_out", end(of: \.tcpi_segs_out)),
    ("tcpi_segs_in", end(of: \.tcpi_segs_in)),
    ("tcpi_notsent_bytes", end(of: \.tcpi_notsent_bytes)),
    ("tcpi_min_rtt", end(of: \.tcpi_min_rtt)),
    ("tcpi_data_segs_in", end(of: \.tcpi_data_segs_in)),
    ("tcpi_data_segs_out", end(of: \.tcpi_data_segs_out)),
    ("tcpi_delivery_rate", end(of: \.tcpi_delivery_rate)),
    ("tcpi_busy_time", end(of: \.tcpi_busy_time)),
    ("tcpi_rwnd_limited", end(of: \.tcpi_rwnd_limited)),
    ("tcpi_sndbuf_limited", end(of: \.tcpi_sndbuf_limited)),
    ("tcpi_delivered", end(of: \.tcpi_delivered)),
    ("tcpi_delivered_ce", end(of: \.tcpi_delivered_ce)),
    ("tcpi_bytes_sent", end(of: \.tcpi_bytes_sent)),
    ("tcpi_bytes_retrans", end(of: \.tcpi_bytes_retrans)),
    ("tcpi_dsack_dups", end(of: \.tcpi_dsack_dups)),
    ("tcpi_reord_seen", end(of: \.tcpi_reord_seen)),
    ("tcpi_rcv_ooopack", end(of: \.tcpi_rcv_ooopack)),
    ("tcpi_snd_wnd", end(of: \.tcpi_snd_wnd)),
    ("tcpi_rcv_wnd", end(of: \.tcpi_rcv_wnd)),
    ("tcpi_rehash", end(of: \.tcpi_rehash)),
    ("tcpi_total_rto", end(of: \.tcpi_total_rto)),
    ("tcpi_total_rto_recoveries", end(of: \.tcpi_total_rto_recoveries)),
    ("tcpi_total_rto_time", end(of: \.tcpi_total_rto_time)),
    ("tcpi_received_ce", end(of: \.tcpi_received_ce)),
    ("tcpi_delivered_e1_bytes", end(of: \.tcpi_delivered_e1_bytes)),
    ("tcpi_delivered_e0_bytes", end(of: \.tcpi_delivered_e0_bytes)),
    ("tcpi_delivered_ce_bytes", end(of: \.tcpi_delivered_ce_bytes)),
    ("tcpi_received_e1_bytes", end(of: \.tcpi_received_e1_bytes)),
    ("tcpi_received_e0_bytes", end(of: \.tcpi_received_e0_bytes)),
    ("tcpi_received_ce_bytes", end(of: \.tcpi_received_ce_bytes)),
    ("tcpi_accecn_fail_mode", end(of: \.tcpi_accecn_fail_mode)),
    ("tcpi_accecn_opt_seen", end(of: \.tcpi_accecn_opt_seen)),
  ]

  public var retransmits: UInt8? { arrived(\.tcpi_retransmits) }
  public var probes: UInt8? { arrived(\.tcpi_probes) }
  public var backoff: UInt8? { arrived(\.tcpi_backoff) }
  public var rto: UInt32? { arrived(\.tcpi_rto) }
  public var ato: UInt32? { arrived(\.tcpi_ato) }
  public var sndMss: UInt32? { arrived(\.tcpi_snd_mss) }
  public var rcvMss: UInt32? { arrived(\.tcpi_rcv_mss) }
  public var unacked: UInt32? { arrived(\.tcpi_unacked) }
  public var sacked: UInt32? { arrived(\.tcpi_sacked) }
  public var lost: UInt32? { arrived(\.tcpi_lost) }
  public var retrans: UInt32? { arrived(\.tcpi_retrans) }
  public var fackets: UInt32? { arrived(\.tcpi_fackets) }
  public var lastDataSent: UInt32? { arrived(\.tcpi_last_data_sent) }
  public var lastAckSent: UInt32? { arrived(\.tcpi_last_ack_sent) }
  public var lastDataRecv: UInt32? { arrived(\.tcpi_last_data_recv) }
  public var lastAckRecv: UInt32? { arrived(\.tcpi_last_ack_recv) }
  public var pmtu: UInt32? { arrived(\.tcpi_pmtu) }
  public var rcvSsthresh: UInt32? { arrived(\.tcpi_rcv_ssthresh) }
  public var rtt: UInt32? { arrived(\.tcpi_rtt) }
  public var rttvar: UInt32? { arrived(\.tcpi_rttvar) }
  public var ssthresh: UInt32? { arrived(\.tcpi_snd_ssthresh) }
  public var cwnd: UInt32? { arrived(\.tcpi_snd_cwnd) }
  public var advmss: UInt32? { arrived(\.tcpi_advmss) }
  public var reordering: UInt32? { arrived(\.tcpi_reordering) }
  public var rcvRtt: UInt32? { arrived(\.tcpi_rcv_rtt) }
  public var rcvSpace: UInt32? { arrived(\.tcpi_rcv_space) }
  public var totalRetrans: UInt32? { arrived(\.tcpi_total_retrans) }
  public var pacingRate: UInt64? { arrived(\.tcpi_pacing_rate) }
  public var maxPacingRate: UInt64? { arrived(\.tcpi_max_pacing_rate) }
  public var bytesAcked: UInt64? { arrived(\.tcpi_bytes_acked) }
  public var bytesReceived: UInt64? { arrived(\.tcpi_bytes_received) }
  public var segsOut: UInt32? { arrived(\.tcpi_segs_out) }
  public var segsIn: UInt32? { arrived(\.tcpi_segs_in) }
  public var notsentBytes: UInt32? { arrived(\.tcpi_notsent_bytes) }
  public var minRtt: UInt32? { arrived(\.tcpi_min_rtt) }
  public var dataSegsIn: UInt32? { arrived(\.tcpi_data_segs_in) }
  public var dataSegsOut: UInt32? { arrived(\.tcpi_data_segs_out) }
  public var deliveryRate: UInt64? { arrived(\.tcpi_delivery_rate) }
  public var busyTime: UInt64? { arrived(\.tcpi_busy_time) }
  public var rwndLimited: UInt64? { arrived(\.tcpi_rwnd_limited) }
  public var sndbufLimited: UInt64? { arrived(\.tcpi_sndbuf_limited) }
  public var delivered: UInt32? { arrived(\.tcpi_delivered) }
  public var deliveredCe: UInt32? { arrived(\.tcpi_delivered_ce) }
  public var bytesSent: UInt64? { arrived(\.tcpi_bytes_sent) }
  public var bytesRetrans: UInt64? { arrived(\.tcpi_bytes_retrans) }
  public var dsackDups: UInt32? { arrived(\.tcpi_dsack_dups) }
  public var reordSeen: UInt32? { arrived(\.tcpi_reord_seen) }
  public var rcvOoopack: UInt32? { arrived(\.tcpi_rcv_ooopack) }
  public var sndWnd: UInt32? { arrived(\.tcpi_snd_wnd) }
  public var rcvWnd: UInt32? { arrived(\.tcpi_rcv_wnd) }
  public var rehash: UInt32? { arrived(\.tcpi_rehash) }
  public var totalRto: UInt16? { arrived(\.tcpi_total_rto) }
  public var totalRtoRecoveries: UInt16? { arrived(\.tcpi_total_rto_recoveries) }
  public var totalRtoTime: UInt32? { arrived(\.tcpi_total_rto_time) }
  public var receivedCe: UInt32? { arrived(\.tcpi_received_ce) }
  public var deliveredE1Bytes: UInt32? { arrived(\.tcpi_delivered_e1_bytes) }
  public var deliveredE0Bytes: UInt32? { arrived(\.tcpi_delivered_e0_bytes) }
  public var deliveredCeBytes: UInt32? { arrived(\.tcpi_delivered_ce_bytes) }
  public var receivedE1Bytes: UInt32? { arrived(\.tcpi_received_e1_bytes) }
  public var receivedE0Bytes: UInt32? { arrived(\.tcpi_received_e0_bytes) }
  public var receivedCeBytes: UInt32? { arrived(\.tcpi_received_ce_bytes) }
  public var accecnFailMode: UInt16? { arrived(\.tcpi_accecn_fail_mode) }
  public var accecnOptSeen: UInt16? { arrived(\.tcpi_accecn_opt_seen) }

  public var tcpState: UInt8? { arrived(\.tcpi_state) }
  public var caStateRaw: UInt8? { arrived(\.tcpi_ca_state) }
  public var options: TCPInfoOptions? { arrived(\.tcpi_options).map(TCPInfoOptions.init(rawValue:)) }
  /// The peer's window scale (`tcpi_snd_wscale`, low nibble of byte 6).
  public var sndWscale: UInt8? { arrived(\.tcpi_wscale).map { $0 & 0x0f } }
  /// Our window scale (`tcpi_rcv_wscale`, high nibble of byte 6).
  public var rcvWscale: UInt8? { arrived(\.tcpi_wscale).map { $0 >> 4 } }
  /// `tcpi_delivery_rate_app_limited`: the last delivery-rate sample was limited by the application.
  public var deliveryRateAppLimited: Bool? { arrived(\.tcpi_app_flags).map { $0 & 1 != 0 } }
  /// `tcpi_fastopen_client_fail` (0: unspecified, 1: no cookie sent, 2: SYN-data dropped, 3: SYN-data acked but cookie rejected).
  public var fastopenClientFail: UInt8? { arrived(\.tcpi_app_flags).map { ($0 >> 1) & 3 } }
}
