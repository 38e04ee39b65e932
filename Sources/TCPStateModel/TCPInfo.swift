import CShim

/// `struct tcp_info` as the kernel sent it (`INET_DIAG_INFO`, or
/// `getsockopt(TCP_INFO)`). The kernel's struct only grows at the end, and an
/// older kernel sends fewer bytes than this build knows: every accessor returns
/// nil for a field that did not arrive, so "absent" is never shown as zero.
///
/// The byte offsets below mirror `struct tcp_info` (Linux 6.18, 280 bytes);
/// `TCPInfoLayoutTests` checks each against the C layout in CShim.
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

  /// The fields that fit in `receivedLength`, keyed by field name; for tests and tooling.
  public static let fieldEnds: [(name: String, end: Int)] = [
    ("tcpi_state", 1),
    ("tcpi_ca_state", 2),
    ("tcpi_retransmits", 3),
    ("tcpi_probes", 4),
    ("tcpi_backoff", 5),
    ("tcpi_options", 6),
    ("tcpi_wscale", 7),
    ("tcpi_app_flags", 8),
    ("tcpi_rto", 12),
    ("tcpi_ato", 16),
    ("tcpi_snd_mss", 20),
    ("tcpi_rcv_mss", 24),
    ("tcpi_unacked", 28),
    ("tcpi_sacked", 32),
    ("tcpi_lost", 36),
    ("tcpi_retrans", 40),
    ("tcpi_fackets", 44),
    ("tcpi_last_data_sent", 48),
    ("tcpi_last_ack_sent", 52),
    ("tcpi_last_data_recv", 56),
    ("tcpi_last_ack_recv", 60),
    ("tcpi_pmtu", 64),
    ("tcpi_rcv_ssthresh", 68),
    ("tcpi_rtt", 72),
    ("tcpi_rttvar", 76),
    ("tcpi_snd_ssthresh", 80),
    ("tcpi_snd_cwnd", 84),
    ("tcpi_advmss", 88),
    ("tcpi_reordering", 92),
    ("tcpi_rcv_rtt", 96),
    ("tcpi_rcv_space", 100),
    ("tcpi_total_retrans", 104),
    ("tcpi_pacing_rate", 112),
    ("tcpi_max_pacing_rate", 120),
    ("tcpi_bytes_acked", 128),
    ("tcpi_bytes_received", 136),
    ("tcpi_segs_out", 140),
    ("tcpi_segs_in", 144),
    ("tcpi_notsent_bytes", 148),
    ("tcpi_min_rtt", 152),
    ("tcpi_data_segs_in", 156),
    ("tcpi_data_segs_out", 160),
    ("tcpi_delivery_rate", 168),
    ("tcpi_busy_time", 176),
    ("tcpi_rwnd_limited", 184),
    ("tcpi_sndbuf_limited", 192),
    ("tcpi_delivered", 196),
    ("tcpi_delivered_ce", 200),
    ("tcpi_bytes_sent", 208),
    ("tcpi_bytes_retrans", 216),
    ("tcpi_dsack_dups", 220),
    ("tcpi_reord_seen", 224),
    ("tcpi_rcv_ooopack", 228),
    ("tcpi_snd_wnd", 232),
    ("tcpi_rcv_wnd", 236),
    ("tcpi_rehash", 240),
    ("tcpi_total_rto", 242),
    ("tcpi_total_rto_recoveries", 244),
    ("tcpi_total_rto_time", 248),
    ("tcpi_received_ce", 252),
    ("tcpi_delivered_e1_bytes", 256),
    ("tcpi_delivered_e0_bytes", 260),
    ("tcpi_delivered_ce_bytes", 264),
    ("tcpi_received_e1_bytes", 268),
    ("tcpi_received_e0_bytes", 272),
    ("tcpi_received_ce_bytes", 276),
    ("tcpi_accecn_fail_mode", 278),
    ("tcpi_accecn_opt_seen", 280),
  ]

  public var retransmits: UInt8? { receivedLength >= 3 ? raw.tcpi_retransmits : nil }
  public var probes: UInt8? { receivedLength >= 4 ? raw.tcpi_probes : nil }
  public var backoff: UInt8? { receivedLength >= 5 ? raw.tcpi_backoff : nil }
  public var rto: UInt32? { receivedLength >= 12 ? raw.tcpi_rto : nil }
  public var ato: UInt32? { receivedLength >= 16 ? raw.tcpi_ato : nil }
  public var sndMss: UInt32? { receivedLength >= 20 ? raw.tcpi_snd_mss : nil }
  public var rcvMss: UInt32? { receivedLength >= 24 ? raw.tcpi_rcv_mss : nil }
  public var unacked: UInt32? { receivedLength >= 28 ? raw.tcpi_unacked : nil }
  public var sacked: UInt32? { receivedLength >= 32 ? raw.tcpi_sacked : nil }
  public var lost: UInt32? { receivedLength >= 36 ? raw.tcpi_lost : nil }
  public var retrans: UInt32? { receivedLength >= 40 ? raw.tcpi_retrans : nil }
  public var fackets: UInt32? { receivedLength >= 44 ? raw.tcpi_fackets : nil }
  public var lastDataSent: UInt32? { receivedLength >= 48 ? raw.tcpi_last_data_sent : nil }
  public var lastAckSent: UInt32? { receivedLength >= 52 ? raw.tcpi_last_ack_sent : nil }
  public var lastDataRecv: UInt32? { receivedLength >= 56 ? raw.tcpi_last_data_recv : nil }
  public var lastAckRecv: UInt32? { receivedLength >= 60 ? raw.tcpi_last_ack_recv : nil }
  public var pmtu: UInt32? { receivedLength >= 64 ? raw.tcpi_pmtu : nil }
  public var rcvSsthresh: UInt32? { receivedLength >= 68 ? raw.tcpi_rcv_ssthresh : nil }
  public var rtt: UInt32? { receivedLength >= 72 ? raw.tcpi_rtt : nil }
  public var rttvar: UInt32? { receivedLength >= 76 ? raw.tcpi_rttvar : nil }
  public var ssthresh: UInt32? { receivedLength >= 80 ? raw.tcpi_snd_ssthresh : nil }
  public var cwnd: UInt32? { receivedLength >= 84 ? raw.tcpi_snd_cwnd : nil }
  public var advmss: UInt32? { receivedLength >= 88 ? raw.tcpi_advmss : nil }
  public var reordering: UInt32? { receivedLength >= 92 ? raw.tcpi_reordering : nil }
  public var rcvRtt: UInt32? { receivedLength >= 96 ? raw.tcpi_rcv_rtt : nil }
  public var rcvSpace: UInt32? { receivedLength >= 100 ? raw.tcpi_rcv_space : nil }
  public var totalRetrans: UInt32? { receivedLength >= 104 ? raw.tcpi_total_retrans : nil }
  public var pacingRate: UInt64? { receivedLength >= 112 ? raw.tcpi_pacing_rate : nil }
  public var maxPacingRate: UInt64? { receivedLength >= 120 ? raw.tcpi_max_pacing_rate : nil }
  public var bytesAcked: UInt64? { receivedLength >= 128 ? raw.tcpi_bytes_acked : nil }
  public var bytesReceived: UInt64? { receivedLength >= 136 ? raw.tcpi_bytes_received : nil }
  public var segsOut: UInt32? { receivedLength >= 140 ? raw.tcpi_segs_out : nil }
  public var segsIn: UInt32? { receivedLength >= 144 ? raw.tcpi_segs_in : nil }
  public var notsentBytes: UInt32? { receivedLength >= 148 ? raw.tcpi_notsent_bytes : nil }
  public var minRtt: UInt32? { receivedLength >= 152 ? raw.tcpi_min_rtt : nil }
  public var dataSegsIn: UInt32? { receivedLength >= 156 ? raw.tcpi_data_segs_in : nil }
  public var dataSegsOut: UInt32? { receivedLength >= 160 ? raw.tcpi_data_segs_out : nil }
  public var deliveryRate: UInt64? { receivedLength >= 168 ? raw.tcpi_delivery_rate : nil }
  public var busyTime: UInt64? { receivedLength >= 176 ? raw.tcpi_busy_time : nil }
  public var rwndLimited: UInt64? { receivedLength >= 184 ? raw.tcpi_rwnd_limited : nil }
  public var sndbufLimited: UInt64? { receivedLength >= 192 ? raw.tcpi_sndbuf_limited : nil }
  public var delivered: UInt32? { receivedLength >= 196 ? raw.tcpi_delivered : nil }
  public var deliveredCe: UInt32? { receivedLength >= 200 ? raw.tcpi_delivered_ce : nil }
  public var bytesSent: UInt64? { receivedLength >= 208 ? raw.tcpi_bytes_sent : nil }
  public var bytesRetrans: UInt64? { receivedLength >= 216 ? raw.tcpi_bytes_retrans : nil }
  public var dsackDups: UInt32? { receivedLength >= 220 ? raw.tcpi_dsack_dups : nil }
  public var reordSeen: UInt32? { receivedLength >= 224 ? raw.tcpi_reord_seen : nil }
  public var rcvOoopack: UInt32? { receivedLength >= 228 ? raw.tcpi_rcv_ooopack : nil }
  public var sndWnd: UInt32? { receivedLength >= 232 ? raw.tcpi_snd_wnd : nil }
  public var rcvWnd: UInt32? { receivedLength >= 236 ? raw.tcpi_rcv_wnd : nil }
  public var rehash: UInt32? { receivedLength >= 240 ? raw.tcpi_rehash : nil }
  public var totalRto: UInt16? { receivedLength >= 242 ? raw.tcpi_total_rto : nil }
  public var totalRtoRecoveries: UInt16? { receivedLength >= 244 ? raw.tcpi_total_rto_recoveries : nil }
  public var totalRtoTime: UInt32? { receivedLength >= 248 ? raw.tcpi_total_rto_time : nil }
  public var receivedCe: UInt32? { receivedLength >= 252 ? raw.tcpi_received_ce : nil }
  public var deliveredE1Bytes: UInt32? { receivedLength >= 256 ? raw.tcpi_delivered_e1_bytes : nil }
  public var deliveredE0Bytes: UInt32? { receivedLength >= 260 ? raw.tcpi_delivered_e0_bytes : nil }
  public var deliveredCeBytes: UInt32? { receivedLength >= 264 ? raw.tcpi_delivered_ce_bytes : nil }
  public var receivedE1Bytes: UInt32? { receivedLength >= 268 ? raw.tcpi_received_e1_bytes : nil }
  public var receivedE0Bytes: UInt32? { receivedLength >= 272 ? raw.tcpi_received_e0_bytes : nil }
  public var receivedCeBytes: UInt32? { receivedLength >= 276 ? raw.tcpi_received_ce_bytes : nil }
  public var accecnFailMode: UInt16? { receivedLength >= 278 ? raw.tcpi_accecn_fail_mode : nil }
  public var accecnOptSeen: UInt16? { receivedLength >= 280 ? raw.tcpi_accecn_opt_seen : nil }

  public var tcpState: UInt8? { receivedLength >= 1 ? raw.tcpi_state : nil }
  public var caStateRaw: UInt8? { receivedLength >= 2 ? raw.tcpi_ca_state : nil }
  public var options: TCPInfoOptions? { receivedLength >= 6 ? TCPInfoOptions(rawValue: raw.tcpi_options) : nil }
  /// The peer's window scale (`tcpi_snd_wscale`, low nibble of byte 6).
  public var sndWscale: UInt8? { receivedLength >= 7 ? raw.tcpi_wscale & 0x0f : nil }
  /// Our window scale (`tcpi_rcv_wscale`, high nibble of byte 6).
  public var rcvWscale: UInt8? { receivedLength >= 7 ? raw.tcpi_wscale >> 4 : nil }
  /// `tcpi_delivery_rate_app_limited`: the last delivery-rate sample was limited by the application.
  public var deliveryRateAppLimited: Bool? { receivedLength >= 8 ? raw.tcpi_app_flags & 1 != 0 : nil }
  /// `tcpi_fastopen_client_fail` (0: unspecified, 1: no cookie sent, 2: SYN-data dropped, 3: SYN-data acked but cookie rejected).
  public var fastopenClientFail: UInt8? { receivedLength >= 8 ? (raw.tcpi_app_flags >> 1) & 3 : nil }
}
