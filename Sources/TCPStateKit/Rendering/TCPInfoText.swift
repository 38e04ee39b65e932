import TCPStateModel

/// The `--info` detail line, in ss -i's vocabulary so its readers feel at home:
/// `cubic wscale:7,7 rto:204 rtt:0.05/0.025 … cwnd:10 …`. Fields the kernel
/// did not send are left out, never printed as zero.
public enum TCPInfoText {
  public static func line(for socket: Socket) -> String {
    var out: [UInt8] = []
    append(socket, to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  /// The detail lines' indent: a tab and a space, as ss writes them.
  static let indent: [UInt8] = [9, 32]

  /// The fields wrapped at `columns` under the row, each line indented as the
  /// first, so a narrow terminal gets several short lines instead of one
  /// 300-column line. A field (`send 187.2Gbps`) is never split.
  public static func appendWrapped(_ socket: Socket, columns: Int, to out: inout [UInt8]) {
    var fields: [UInt8] = []
    append(socket, to: &fields, separator: fieldSeparator)
    // The tab takes the terminal to column 8; a field longer than the room still gets its own line.
    let room = max(20, columns - 9)
    var used = 0
    for field in fields.split(separator: fieldSeparator) {
      if used > 0 && used + 1 + field.count > room {
        out.append(10)
        used = 0
      }
      if used == 0 {
        out.append(contentsOf: indent)
      } else {
        out.append(UInt8(ascii: " "))
        used += 1
      }
      out.append(contentsOf: field)
      used += field.count
    }
    out.append(10)
  }

  /// Marks field boundaries while wrapping (U+001F UNIT SEPARATOR; escaped text never holds it).
  static let fieldSeparator: UInt8 = 0x1F

  /// Appends bytes directly: at 100k sockets, building Strings per field costs more than the kernel's dump.
  public static func append(_ socket: Socket, to out: inout [UInt8]) {
    append(socket, to: &out, separator: UInt8(ascii: " "))
  }

  static func append(_ socket: Socket, to out: inout [UInt8], separator: UInt8) {
    var line = Line(out: out, separator: separator)
    out = []
    defer { out = line.out }
    if let congestion = socket.congestion { line.word(TextEscaping.escape(congestion)) }
    guard let info = socket.tcpInfo else {
      if line.isEmpty { line.word("(no tcp_info: the kernel sends none for this state)") }
      return
    }
    if let options = info.options {
      for name in options.names where name != "wscale" { line.word(name) }
      if options.contains(.windowScale), let snd = info.sndWscale, let rcv = info.rcvWscale {
        line.key("wscale")
        line.number(UInt64(snd))
        line.raw(",")
        line.number(UInt64(rcv))
      }
    }
    if let raw = info.caStateRaw, raw != 0 {
      line.key("ca_state")
      line.raw(CongestionState(rawValue: raw)?.name ?? "\(raw)")
    }
    if socket.state == .listen {
      // For a listener tcp_info's unacked/sacked hold the accept queue and its limit.
      if let queued = info.unacked, let limit = info.sacked {
        line.key("accept_queue")
        line.number(UInt64(queued))
        line.raw("/")
        line.number(UInt64(limit))
      }
      return
    }
    line.ms("rto", info.rto)
    line.counter("backoff", info.backoff)
    if let rtt = info.rtt, let rttvar = info.rttvar, rtt > 0 {
      line.key("rtt")
      line.millis(rtt)
      line.raw("/")
      line.millis(rttvar)
    }
    line.ms("ato", info.ato)
    line.counter("mss", info.sndMss)
    line.counter("pmtu", info.pmtu)
    line.counter("rcvmss", info.rcvMss)
    line.counter("advmss", info.advmss)
    line.counter("cwnd", info.cwnd)
    if let ssthresh = info.ssthresh, ssthresh < 0x7fff_ffff { line.counter("ssthresh", ssthresh) }
    line.counter("bytes_sent", info.bytesSent)
    line.counter("bytes_retrans", info.bytesRetrans)
    line.counter("bytes_acked", info.bytesAcked)
    line.counter("bytes_received", info.bytesReceived)
    line.counter("segs_out", info.segsOut)
    line.counter("segs_in", info.segsIn)
    line.counter("data_segs_out", info.dataSegsOut)
    line.counter("data_segs_in", info.dataSegsIn)
    if let rate = socket.sendRateBps { line.rate("send", rate) }
    line.counter("lastsnd", info.lastDataSent)
    line.counter("lastrcv", info.lastDataRecv)
    line.counter("lastack", info.lastAckRecv)
    if let pacing = info.pacingRate, pacing != UInt64.max, pacing > 0 { line.rate("pacing_rate", pacing &* 8) }
    if let delivery = info.deliveryRate, delivery > 0 { line.rate("delivery_rate", delivery &* 8) }
    line.counter("delivered", info.delivered)
    if info.deliveryRateAppLimited == true { line.word("app_limited") }
    line.duration("busy", info.busyTime)
    line.duration("rwnd_limited", info.rwndLimited)
    line.duration("sndbuf_limited", info.sndbufLimited)
    line.counter("unacked", info.unacked)
    if let retrans = info.retrans, let total = info.totalRetrans, retrans > 0 || total > 0 {
      line.key("retrans")
      line.number(UInt64(retrans))
      line.raw("/")
      line.number(UInt64(total))
    }
    line.counter("lost", info.lost)
    line.counter("sacked", info.sacked)
    line.counter("dsack_dups", info.dsackDups)
    if let reordering = info.reordering, reordering != 3 { line.counter("reordering", reordering) }
    line.counter("reord_seen", info.reordSeen)
    line.ms("rcv_rtt", info.rcvRtt)
    line.counter("rcv_space", info.rcvSpace)
    line.counter("rcv_ssthresh", info.rcvSsthresh)
    line.counter("notsent", info.notsentBytes)
    line.ms("minrtt", info.minRtt.flatMap { $0 == UInt32.max ? nil : $0 })
    line.counter("snd_wnd", info.sndWnd)
    line.counter("rcv_wnd", info.rcvWnd)
    line.counter("rcv_ooopack", info.rcvOoopack)
    line.counter("probes", info.probes)
    if let rto = info.totalRto, rto > 0 {
      line.counter("rto_count", rto)
      line.counter("rto_recoveries", info.totalRtoRecoveries)
      if let time = info.totalRtoTime {
        line.key("rto_time")
        line.number(UInt64(time))
        line.raw("ms")
      }
    }
  }

  /// Space-separated `name:value` words. Zero counters are left out as ss
  /// does; JSON keeps every field that arrived.
  struct Line {
    var out: [UInt8]
    let start: Int
    /// Between fields: a space, or the wrapping marker.
    let between: UInt8

    init(out: [UInt8], separator: UInt8 = UInt8(ascii: " ")) {
      self.out = out
      self.start = out.count
      self.between = separator
    }

    var isEmpty: Bool { out.count == start }

    mutating func separator() {
      if out.count > start { out.append(between) }
    }

    mutating func raw(_ text: String) { out.append(contentsOf: text.utf8) }

    mutating func word(_ text: String) {
      separator()
      raw(text)
    }

    mutating func key(_ name: StaticString) {
      separator()
      out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
      out.append(UInt8(ascii: ":"))
    }

    mutating func number(_ value: UInt64) { appendDecimal(value, to: &out) }

    mutating func counter<T: BinaryInteger>(_ name: StaticString, _ value: T?) {
      guard let value, value != 0 else { return }
      key(name)
      number(UInt64(value))
    }

    /// Microseconds as ms with up to three decimals.
    mutating func millis(_ us: UInt32) {
      number(UInt64(us / 1000))
      var fraction = us % 1000
      guard fraction != 0 else { return }
      out.append(UInt8(ascii: "."))
      var digits = 3
      while fraction % 10 == 0 {
        fraction /= 10
        digits -= 1
      }
      var divisor: UInt32 = 1
      for _ in 1..<digits { divisor *= 10 }
      while divisor > 0 {
        out.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
        divisor /= 10
      }
    }

    mutating func ms(_ name: StaticString, _ us: UInt32?) {
      guard let us, us != 0 else { return }
      key(name)
      millis(us)
    }

    mutating func duration(_ name: StaticString, _ us: UInt64?) {
      guard let us, us > 0 else { return }
      key(name)
      number(us / 1000)
      raw("ms")
    }

    mutating func rate(_ name: StaticString, _ bitsPerSecond: UInt64) {
      separator()
      out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
      out.append(UInt8(ascii: " "))
      TextFormatting.appendRate(bitsPerSecond: bitsPerSecond, to: &out)
    }
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
