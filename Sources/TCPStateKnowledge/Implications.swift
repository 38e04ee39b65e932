import TCPStateKit

/// Turns a tunable's live value into what it means on this host. Pure: the
/// values come in as strings exactly as /proc/sys holds them (multi-value
/// files keep their tab-separated fields).
public enum Implications {
  /// The consequence of `value` for `tunable`; `others` holds the live values
  /// of the other tunables by short name (keepalive and SYN timing need several).
  /// Nil when the value cannot be parsed.
  public static func describe(_ tunable: Tunable, value: String, others: [String: String])
    -> Localized?
  {
    var others = others
    others[tunable.name] = value
    if let invalid = invalidValue(tunable, others: others) { return invalid }
    let fields = TunableDefault.split(value)
    let number = fields.first.flatMap { Int($0) }
    func int(_ name: String, _ fallback: Int) -> Int {
      others[name].flatMap { TunableDefault.split($0).first }.flatMap { Int($0) } ?? fallback
    }
    func time(_ seconds: Double) -> (String, String) {
      (DurationText.format(seconds, .en), DurationText.format(seconds, .zh))
    }
    switch tunable.implication {
    case .none:
      return nil
    case .synRetries, .synLinearTimeouts:
      guard number != nil else { return nil }
      let retries = int("tcp_syn_retries", 6)
      // Older kernels have no tcp_syn_linear_timeouts file: no linear phase.
      let linear = int("tcp_syn_linear_timeouts", 0)
      let schedule = Backoff.syn(retries: retries, linear: linear, cap: rtoCap(others))
      let (last, lastZh) = time(schedule.lastRetransmission)
      let (give, giveZh) = time(schedule.giveUp)
      return L(
        "connect() sends up to \(schedule.count) SYN retransmissions (\(retries) + \(linear) linear), the last at \(last), and fails with ETIMEDOUT at about \(give) if nothing answers.",
        "connect() 最多重传 \(schedule.count) 次 SYN（\(retries) 次，另加 \(linear) 次线性重传），最后一次在第 \(lastZh)，若始终无应答，约在第 \(giveZh)以 ETIMEDOUT 失败。"
      )
    case .synackRetries:
      guard let retries = number else { return nil }
      let schedule = Backoff.synack(retries: retries)
      let (last, lastZh) = time(schedule.lastRetransmission)
      let (give, giveZh) = time(schedule.giveUp)
      return L(
        "A half-open request gets \(retries) SYN-ACK retransmissions, the last at \(last), and is dropped at about \(give).",
        "半连接请求的 SYN-ACK 重传 \(retries) 次，最后一次在第 \(lastZh)，约在第 \(giveZh)被丢弃。")
    case .synBacklog:
      guard let n = number else { return nil }
      // The SYN queue's limit is the listener's backlog (inet_csk_reqsk_queue_is_full);
      // this value only gates unproven peers when cookies are off (tcp_conn_request).
      if int("tcp_syncookies", 1) == 0 {
        return L(
          "SYN cookies are off: a listener holding more than \(n - n / 4) requests drops SYNs from peers this host has no record of. Its SYN queue is still limited by its backlog.",
          "SYN cookie 已关闭：监听套接字的请求超过 \(n - n / 4) 个时，丢弃来自本机没有记录的对端的 SYN。半连接队列的上限仍是它的 backlog。")
      }
      return L(
        "Not used while SYN cookies are on: each listener's SYN queue is limited by its own backlog, min(listen() backlog, somaxconn).",
        "启用 SYN cookie 时不起作用：每个监听套接字的半连接队列上限是它自己的 backlog，即 listen() 的 backlog 与 somaxconn 两者中的较小值。")
    case .somaxconn:
      guard let n = number else { return nil }
      return L(
        "listen() backlogs above \(n) are cut to \(n); a listener's accept queue holds about that many connections.",
        "listen() 中大于 \(n) 的 backlog 会被截断为 \(n)；监听套接字的全连接队列大约容纳这么多连接。")
    case .syncookies:
      switch number {
      case 0:
        return L(
          "SYN cookies are off: a SYN flood can fill the request queues.",
          "SYN cookie 已关闭：SYN 泛洪可以填满请求队列。")
      case 1:
        return L(
          "SYN cookies are sent only while a listener's request queue is full.",
          "只在监听套接字的请求队列已满时发送 SYN cookie。")
      case 2:
        return L(
          "SYN cookies are sent for every SYN, even without a flood.",
          "对每个 SYN 都发送 SYN cookie，即使没有泛洪。")
      default: return nil
      }
    case .abortOnOverflow:
      switch number {
      case 0:
        return L(
          "A full accept queue drops the final ACK (the client retries) and new SYNs.",
          "全连接队列满时丢弃第三次握手 ACK（客户端会重试）以及新到的 SYN。")
      case 1:
        return L(
          "A full accept queue resets connections whose final ACK arrives (clients see ECONNRESET) and drops new SYNs.",
          "全连接队列满时，重置第三次握手 ACK 到达的连接（客户端得到 ECONNRESET），并丢弃新到的 SYN。")
      default: return nil
      }
    case .finTimeout:
      guard let n = number else { return nil }
      let (span, spanZh) = time(Double(n))
      return L(
        "Orphaned FIN_WAIT2 sockets are dropped after \(span). TIME_WAIT stays 60 s regardless.",
        "孤儿 FIN_WAIT2 套接字在 \(spanZh)后被丢弃。TIME_WAIT 无论如何都是 60 秒。")
    case .twBuckets:
      guard let n = number else { return nil }
      return L(
        "Up to \(n) time-wait sockets; at 60 s each that sustains about \(n / 60) active closes per second. Beyond that, closing sockets skip TIME_WAIT silently (TcpExtTCPTimeWaitOverflow counts them).",
        "最多 \(n) 个 TIME_WAIT 套接字；每个保留 60 秒，约可支撑每秒 \(n / 60) 次主动关闭。超出后，正在关闭的套接字不声不响地跳过 TIME_WAIT（计入 TcpExtTCPTimeWaitOverflow）。"
      )
    case .twReuse:
      switch number {
      case 0:
        return L(
          "TIME_WAIT four-tuples are never reused by connect().", "connect() 从不复用处于 TIME_WAIT 的四元组。"
        )
      case 1:
        return L(
          "connect() may reuse TIME_WAIT four-tuples when timestamps allow it.",
          "在时间戳允许时，connect() 可以复用处于 TIME_WAIT 的四元组。")
      case 2:
        return L(
          "connect() may reuse TIME_WAIT four-tuples on loopback only.",
          "connect() 只在回环上复用处于 TIME_WAIT 的四元组。")
      default: return nil
      }
    case .rfc1337:
      switch number {
      case 0:
        return L("A RST received in TIME_WAIT ends the wait early.", "TIME_WAIT 期间收到 RST 会提前结束等待。")
      case 1:
        return L(
          "RSTs received in TIME_WAIT are ignored; the 60 s wait always completes.",
          "TIME_WAIT 期间收到的 RST 被忽略；60 秒等待总会完成。")
      default: return nil
      }
    case .orphans:
      guard let n = number else { return nil }
      return L(
        "Up to \(n) orphaned sockets; each may pin up to about 64 KiB of memory, \(n / 16) MiB at worst.",
        "最多 \(n) 个孤儿套接字；每个最多可占约 64 KiB 内存，最坏情况共 \(n / 16) MiB。")
    case .orphanRetries:
      guard let n = number else { return nil }
      let effective = n == 0 ? 8 : n
      let (span, spanZh) = time(
        Backoff.modelTimeout(boundary: effective, rtoBase: Backoff.rtoMin, cap: rtoCap(others)))
      return L(
        "Orphans give up after \(effective) retransmissions\(n == 0 ? " (0 means 8)" : ""): about \(span) with the minimum 200 ms RTO, longer on slow paths.",
        "孤儿套接字在 \(effective) 次重传后放弃\(n == 0 ? "（0 表示 8）" : "")：以最小 200 毫秒 RTO 计约 \(spanZh)，慢速路径上更长。"
      )
    case .retries1:
      guard let n = number else { return nil }
      let (span, spanZh) = time(
        Backoff.modelTimeout(boundary: n, rtoBase: Backoff.rtoMin, cap: rtoCap(others)))
      return L(
        "After \(n) unanswered retransmissions (at least \(span)) TCP asks the network layer to re-check the route.",
        "\(n) 次重传无应答后（至少 \(spanZh)），TCP 请网络层重新检查路由。")
    case .retries2:
      guard let n = number else { return nil }
      let cap = rtoCap(others)
      let (span, spanZh) = time(Backoff.modelTimeout(boundary: n, rtoBase: Backoff.rtoMin, cap: cap))
      let (capText, capZh) = time(cap)
      return L(
        "A connection whose data stays unacknowledged is killed after at least \(span) (\(n) retransmissions from a 200 ms RTO, capped at \(capText) each).",
        "数据一直得不到确认的连接至少在 \(spanZh)后被终止（从 200 毫秒 RTO 起重传 \(n) 次，每次间隔最多 \(capZh)）。")
    case .keepalive:
      let idle = int("tcp_keepalive_time", 7200)
      let interval = int("tcp_keepalive_intvl", 75)
      let probes = int("tcp_keepalive_probes", 9)
      let (span, spanZh) = time(Double(idle) + Double(interval) * Double(probes))
      return L(
        "With SO_KEEPALIVE, a dead idle peer is detected after \(idle) + \(interval) × \(probes) = \(span).",
        "启用 SO_KEEPALIVE 时，空闲连接的对端失效要在 \(idle) + \(interval) × \(probes) = \(spanZh)后才能被发现。")
    case .portRange:
      guard fields.count == 2, let low = Int(fields[0]), let high = Int(fields[1]), high >= low
      else { return nil }
      let ports = high - low + 1
      return L(
        "\(ports) ephemeral ports: about \(ports / 60) new connections per second to one destination address and port while each closed one spends 60 s in TIME_WAIT.",
        "共 \(ports) 个临时端口：每个关闭的连接在 TIME_WAIT 中停留 60 秒，向同一目标地址和端口每秒约可新建 \(ports / 60) 个连接。")
    case .congestion:
      guard let first = fields.first else { return nil }
      let name = TextEscaping.truncate(first, to: TextEscaping.valueLimit)
      return L("New connections use \(name) congestion control.", "新连接使用 \(name) 拥塞控制算法。")
    case .buffers:
      guard fields.count == 3, let low = Int(fields[0]), let initial = Int(fields[1]),
        let high = Int(fields[2])
      else { return nil }
      return L(
        "Per socket: at least \(bytes(low)), \(bytes(initial)) to start, autotuned up to \(bytes(high)).",
        "每个套接字：至少 \(bytes(low))，初始 \(bytes(initial))，自动调节最多到 \(bytes(high))。")
    case .fastopen:
      guard let n = number else { return nil }
      let client = n & 0x1 != 0
      let server = n & 0x2 != 0
      return L(
        "Fast Open: client side \(client ? "on" : "off"), server side \(server ? "on" : "off").",
        "Fast Open：客户端\(client ? "启用" : "关闭")，服务器端\(server ? "启用" : "关闭")。")
    case .timestamps:
      switch number {
      case 0:
        return L(
          "Timestamps are off: tcp_tw_reuse cannot work and SYN cookies lose window scaling and SACK.",
          "时间戳已关闭：tcp_tw_reuse 无法生效，SYN cookie 会丢失窗口缩放和 SACK。")
      case 1:
        return L("Timestamps are on, with a random offset per connection.", "时间戳已启用，每个连接使用随机偏移。")
      case 2: return L("Timestamps are on, without random offsets.", "时间戳已启用，不使用随机偏移。")
      default: return nil
      }
    case .toggle(let on, let off):
      switch number {
      case 0: return off
      case 1: return on
      default: return nil
      }
    case .transport(let kind):
      return describeTransport(kind, fields: fields, others: others)
    case .ecn:
      switch number {
      case 0: return L("ECN is off.", "ECN 已关闭。")
      case 1:
        return L(
          "ECN is requested on outgoing connections and accepted on incoming ones.",
          "向外连接请求 ECN，向内连接接受 ECN。")
      case 2:
        return L("ECN is accepted when a peer asks but never requested.", "对端请求时接受 ECN，但本端从不主动请求。")
      case 3, 4, 5:
        return L("Accurate ECN is negotiated on incoming connections.", "向内连接协商 Accurate ECN。")
      default: return nil
      }
    }
  }

  static func bytes(_ value: Int) -> String {
    if value >= 1 << 20, value % (1 << 20) == 0 { return "\(value >> 20) MiB" }
    if value >= 1 << 10, value % (1 << 10) == 0 { return "\(value >> 10) KiB" }
    return "\(value) B"
  }
}
