import TCPStateModel

/// `tcp_info` as a JSON object. Rates are converted from the kernel's bytes
/// per second to bits per second (`_bps`), as ss and most dashboards show them.
public enum TCPInfoJSON {
  /// Key and getter for each plain numeric field, in struct order.
  static let fields: [(key: StaticString, value: (TCPInfo) -> UInt64?)] = [
    ("retransmits", { $0.retransmits.map(UInt64.init) }),
    ("probes", { $0.probes.map(UInt64.init) }),
    ("backoff", { $0.backoff.map(UInt64.init) }),
    ("snd_wscale", { $0.sndWscale.map(UInt64.init) }),
    ("rcv_wscale", { $0.rcvWscale.map(UInt64.init) }),
    ("rto_us", { $0.rto.map(UInt64.init) }),
    ("ato_us", { $0.ato.map(UInt64.init) }),
    ("mss", { $0.sndMss.map(UInt64.init) }),
    ("rcv_mss", { $0.rcvMss.map(UInt64.init) }),
    ("unacked", { $0.unacked.map(UInt64.init) }),
    ("sacked", { $0.sacked.map(UInt64.init) }),
    ("lost", { $0.lost.map(UInt64.init) }),
    ("retrans", { $0.retrans.map(UInt64.init) }),
    ("last_data_sent_ms", { $0.lastDataSent.map(UInt64.init) }),
    ("last_data_recv_ms", { $0.lastDataRecv.map(UInt64.init) }),
    ("last_ack_recv_ms", { $0.lastAckRecv.map(UInt64.init) }),
    ("pmtu", { $0.pmtu.map(UInt64.init) }),
    ("rcv_ssthresh", { $0.rcvSsthresh.map(UInt64.init) }),
    ("rtt_us", { $0.rtt.map(UInt64.init) }),
    ("rttvar_us", { $0.rttvar.map(UInt64.init) }),
    ("ssthresh", { $0.ssthresh.map(UInt64.init) }),
    ("cwnd", { $0.cwnd.map(UInt64.init) }),
    ("advmss", { $0.advmss.map(UInt64.init) }),
    ("reordering", { $0.reordering.map(UInt64.init) }),
    ("rcv_rtt_us", { $0.rcvRtt.map(UInt64.init) }),
    ("rcv_space", { $0.rcvSpace.map(UInt64.init) }),
    ("total_retrans", { $0.totalRetrans.map(UInt64.init) }),
    ("pacing_rate_bps", { $0.pacingRate.flatMap { $0 == UInt64.max ? nil : $0 &* 8 } }),
    ("max_pacing_rate_bps", { $0.maxPacingRate.flatMap { $0 == UInt64.max ? nil : $0 &* 8 } }),
    ("bytes_acked", { $0.bytesAcked }),
    ("bytes_received", { $0.bytesReceived }),
    ("segs_out", { $0.segsOut.map(UInt64.init) }),
    ("segs_in", { $0.segsIn.map(UInt64.init) }),
    ("notsent_bytes", { $0.notsentBytes.map(UInt64.init) }),
    ("min_rtt_us", { $0.minRtt.flatMap { $0 == UInt32.max ? nil : UInt64($0) } }),
    ("data_segs_in", { $0.dataSegsIn.map(UInt64.init) }),
    ("data_segs_out", { $0.dataSegsOut.map(UInt64.init) }),
    ("delivery_rate_bps", { $0.deliveryRate.map { $0 &* 8 } }),
    ("busy_time_us", { $0.busyTime }),
    ("rwnd_limited_us", { $0.rwndLimited }),
    ("sndbuf_limited_us", { $0.sndbufLimited }),
    ("delivered", { $0.delivered.map(UInt64.init) }),
    ("delivered_ce", { $0.deliveredCe.map(UInt64.init) }),
    ("bytes_sent", { $0.bytesSent }),
    ("bytes_retrans", { $0.bytesRetrans }),
    ("dsack_dups", { $0.dsackDups.map(UInt64.init) }),
    ("reord_seen", { $0.reordSeen.map(UInt64.init) }),
    ("rcv_ooopack", { $0.rcvOoopack.map(UInt64.init) }),
    ("snd_wnd", { $0.sndWnd.map(UInt64.init) }),
    ("rcv_wnd", { $0.rcvWnd.map(UInt64.init) }),
    ("rehash", { $0.rehash.map(UInt64.init) }),
    ("total_rto", { $0.totalRto.map(UInt64.init) }),
    ("total_rto_recoveries", { $0.totalRtoRecoveries.map(UInt64.init) }),
    ("total_rto_time_ms", { $0.totalRtoTime.map(UInt64.init) }),
    ("received_ce", { $0.receivedCe.map(UInt64.init) }),
  ]

  public static func write(_ info: TCPInfo, socket: Socket, to json: inout JSONWriter) {
    json.beginObject()
    if let raw = info.caStateRaw {
      json.key("ca_state")
      json.string(CongestionState(rawValue: raw)?.name ?? "unknown_\(raw)")
    }
    if let options = info.options {
      json.key("options")
      json.beginArray()
      for name in options.names { json.string(name) }
      json.endArray()
    }
    if let limited = info.deliveryRateAppLimited {
      json.key("delivery_rate_app_limited")
      json.bool(limited)
    }
    for field in fields {
      guard let value = field.value(info) else { continue }
      json.key(field.key)
      json.number(value)
    }
    if let congestion = socket.congestion {
      json.key("congestion")
      json.string(congestion)
    }
    if let rate = socket.sendRateBps {
      json.field("send_rate_bps", rate)
    }
    json.field("received_length", UInt64(info.receivedLength))
    json.endObject()
  }
}
