import TCPStateModel

/// The `--info` detail line, in ss -i's vocabulary so its readers feel at home:
/// `cubic wscale:7,7 rto:204 rtt:0.05/0.025 … cwnd:10 …`. Fields the kernel
/// did not send are left out, never printed as zero.
public enum TCPInfoText {
  public static func line(for socket: Socket) -> String {
    var parts: [String] = []
    if let congestion = socket.congestion { parts.append(congestion) }
    guard let info = socket.tcpInfo else {
      return parts.isEmpty ? "(no tcp_info: the kernel sends none for this state)" : parts.joined(separator: " ")
    }
    if let options = info.options {
      parts += options.names.filter { $0 != "wscale" }
      if options.contains(.windowScale), let snd = info.sndWscale, let rcv = info.rcvWscale {
        parts.append("wscale:\(snd),\(rcv)")
      }
    }
    if let raw = info.caStateRaw, raw != 0 {
      parts.append("ca_state:\(CongestionState(rawValue: raw)?.name ?? "\(raw)")")
    }
    // Zero counters are left out as ss does; JSON keeps every field that arrived.
    func add(_ name: String, _ value: (some BinaryInteger)?) {
      if let value, value != 0 { parts.append("\(name):\(value)") }
    }
    func addMs(_ name: String, _ us: UInt32?) {
      if let us, us != 0 { parts.append("\(name):\(TextFormatting.milliseconds(fromMicroseconds: us))") }
    }
    addMs("rto", info.rto)
    if let backoff = info.backoff, backoff > 0 { parts.append("backoff:\(backoff)") }
    if socket.state == .listen {
      // For a listener tcp_info's unacked/sacked hold the accept queue and its limit.
      if let queued = info.unacked, let limit = info.sacked { parts.append("accept_queue:\(queued)/\(limit)") }
      return parts.joined(separator: " ")
    }
    if let rtt = info.rtt, let rttvar = info.rttvar, rtt > 0 {
      parts.append(
        "rtt:\(TextFormatting.milliseconds(fromMicroseconds: rtt))/\(TextFormatting.milliseconds(fromMicroseconds: rttvar))"
      )
    }
    addMs("ato", info.ato)
    add("mss", info.sndMss)
    add("pmtu", info.pmtu)
    add("rcvmss", info.rcvMss)
    add("advmss", info.advmss)
    add("cwnd", info.cwnd)
    if let ssthresh = info.ssthresh, ssthresh < 0x7fff_ffff { parts.append("ssthresh:\(ssthresh)") }
    add("bytes_sent", info.bytesSent)
    if let retrans = info.bytesRetrans, retrans > 0 { parts.append("bytes_retrans:\(retrans)") }
    add("bytes_acked", info.bytesAcked)
    add("bytes_received", info.bytesReceived)
    add("segs_out", info.segsOut)
    add("segs_in", info.segsIn)
    add("data_segs_out", info.dataSegsOut)
    add("data_segs_in", info.dataSegsIn)
    if let rate = socket.sendRateBps { parts.append("send \(TextFormatting.rate(bitsPerSecond: rate))") }
    add("lastsnd", info.lastDataSent)
    add("lastrcv", info.lastDataRecv)
    add("lastack", info.lastAckRecv)
    if let pacing = info.pacingRate, pacing != UInt64.max, pacing > 0 {
      parts.append("pacing_rate \(TextFormatting.rate(bitsPerSecond: pacing &* 8))")
    }
    if let delivery = info.deliveryRate, delivery > 0 {
      parts.append("delivery_rate \(TextFormatting.rate(bitsPerSecond: delivery &* 8))")
    }
    add("delivered", info.delivered)
    if info.deliveryRateAppLimited == true { parts.append("app_limited") }
    if let busy = info.busyTime, busy > 0 { parts.append("busy:\(busy / 1000)ms") }
    if let limited = info.rwndLimited, limited > 0 { parts.append("rwnd_limited:\(limited / 1000)ms") }
    if let limited = info.sndbufLimited, limited > 0 { parts.append("sndbuf_limited:\(limited / 1000)ms") }
    if let unacked = info.unacked, unacked > 0 { parts.append("unacked:\(unacked)") }
    if let retrans = info.retrans, let total = info.totalRetrans, retrans > 0 || total > 0 {
      parts.append("retrans:\(retrans)/\(total)")
    }
    if let lost = info.lost, lost > 0 { parts.append("lost:\(lost)") }
    if let sacked = info.sacked, sacked > 0 { parts.append("sacked:\(sacked)") }
    if let dsack = info.dsackDups, dsack > 0 { parts.append("dsack_dups:\(dsack)") }
    if let reordering = info.reordering, reordering != 3 { parts.append("reordering:\(reordering)") }
    if let seen = info.reordSeen, seen > 0 { parts.append("reord_seen:\(seen)") }
    addMs("rcv_rtt", info.rcvRtt.flatMap { $0 == 0 ? nil : $0 })
    add("rcv_space", info.rcvSpace)
    add("rcv_ssthresh", info.rcvSsthresh)
    if let notsent = info.notsentBytes, notsent > 0 { parts.append("notsent:\(notsent)") }
    addMs("minrtt", info.minRtt.flatMap { $0 == UInt32.max ? nil : $0 })
    add("snd_wnd", info.sndWnd)
    add("rcv_wnd", info.rcvWnd)
    if let ooo = info.rcvOoopack, ooo > 0 { parts.append("rcv_ooopack:\(ooo)") }
    if let probes = info.probes, probes > 0 { parts.append("probes:\(probes)") }
    if let rto = info.totalRto, rto > 0 {
      parts.append("rto_count:\(rto)")
      if let recoveries = info.totalRtoRecoveries { parts.append("rto_recoveries:\(recoveries)") }
      if let time = info.totalRtoTime { parts.append("rto_time:\(time)ms") }
    }
    return parts.joined(separator: " ")
  }

  /// `skmem:(r0,rb131072,t0,tb2626560,f0,w0,o0,bl0,d0)`, as ss -m.
  public static func memory(_ memory: SocketMemory) -> String {
    var text =
      "skmem:(r\(memory.rmemAlloc),rb\(memory.rcvbuf),t\(memory.wmemAlloc),tb\(memory.sndbuf),f\(memory.fwdAlloc),w\(memory.wmemQueued),o\(memory.optmem)"
    if let backlog = memory.backlog { text += ",bl\(backlog)" }
    if let drops = memory.drops { text += ",d\(drops)" }
    return text + ")"
  }
}
