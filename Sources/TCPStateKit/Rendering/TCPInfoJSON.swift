import TCPStateModel

/// `tcp_info` as a JSON object. Rates are converted from the kernel's bytes
/// per second to bits per second (`_bps`), as ss and most dashboards show them.
public enum TCPInfoJSON {
  public static func write(_ info: TCPInfo, socket: Socket, to json: inout JSONWriter) {
    json.beginObject()
    if let raw = info.caStateRaw {
      json.key("ca_state")
      json.string(CongestionState(rawValue: raw)?.name ?? "unknown_\(raw)")
    }
    if let options = info.options {
      json.key("options")
      json.beginArray()
      options.forEachName { json.string($0) }
      json.endArray()
    }
    if let limited = info.deliveryRateAppLimited {
      json.key("delivery_rate_app_limited")
      json.bool(limited)
    }
    // Plain numeric fields, in struct order; one call each (a table of
    // closures copied the whole struct per field, most of the JSON's cost).
    json.field("retransmits", info.retransmits)
    json.field("probes", info.probes)
    json.field("backoff", info.backoff)
    json.field("snd_wscale", info.sndWscale)
    json.field("rcv_wscale", info.rcvWscale)
    json.field("rto_us", info.rto)
    json.field("ato_us", info.ato)
    json.field("mss", info.sndMss)
    json.field("rcv_mss", info.rcvMss)
    json.field("unacked", info.unacked)
    json.field("sacked", info.sacked)
    json.field("lost", info.lost)
    json.field("retrans", info.retrans)
    json.field("last_data_sent_ms", info.lastDataSent)
    json.field("last_data_recv_ms", info.lastDataRecv)
    json.field("last_ack_recv_ms", info.lastAckRecv)
    json.field("pmtu", info.pmtu)
    json.field("rcv_ssthresh", info.rcvSsthresh)
    json.field("rtt_us", info.rtt)
    json.field("rttvar_us", info.rttvar)
    json.field("ssthresh", info.ssthresh)
    json.field("cwnd", info.cwnd)
    json.field("advmss", info.advmss)
    json.field("reordering", info.reordering)
    json.field("rcv_rtt_us", info.rcvRtt)
    json.field("rcv_space", info.rcvSpace)
    json.field("total_retrans", info.totalRetrans)
    json.field("pacing_rate_bps", info.pacingRate.flatMap { $0 == UInt64.max ? nil : $0 &* 8 })
    json.field("max_pacing_rate_bps", info.maxPacingRate.flatMap { $0 == UInt64.max ? nil : $0 &* 8 })
    json.field("bytes_acked", info.bytesAcked)
    json.field("bytes_received", info.bytesReceived)
    json.field("segs_out", info.segsOut)
    json.field("segs_in", info.segsIn)
    json.field("notsent_bytes", info.notsentBytes)
    json.field("min_rtt_us", info.minRtt.flatMap { $0 == UInt32.max ? nil : UInt64($0) })
    json.field("data_segs_in", info.dataSegsIn)
    json.field("data_segs_out", info.dataSegsOut)
    json.field("delivery_rate_bps", info.deliveryRate.map { $0 &* 8 })
    json.field("busy_time_us", info.busyTime)
    json.field("rwnd_limited_us", info.rwndLimited)
    json.field("sndbuf_limited_us", info.sndbufLimited)
    json.field("delivered", info.delivered)
    json.field("delivered_ce", info.deliveredCe)
    json.field("bytes_sent", info.bytesSent)
    json.field("bytes_retrans", info.bytesRetrans)
    json.field("dsack_dups", info.dsackDups)
    json.field("reord_seen", info.reordSeen)
    json.field("rcv_ooopack", info.rcvOoopack)
    json.field("snd_wnd", info.sndWnd)
    json.field("rcv_wnd", info.rcvWnd)
    json.field("rehash", info.rehash)
    json.field("total_rto", info.totalRto)
    json.field("total_rto_recoveries", info.totalRtoRecoveries)
    json.field("total_rto_time_ms", info.totalRtoTime)
    json.field("received_ce", info.receivedCe)
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
