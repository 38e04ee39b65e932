/// The implications of the tunables that shape an established connection's
/// transport rather than its state changes: memory, buffers, timers' bounds,
/// path MTU probing, port reservation and the challenge-ACK limit. Texts
/// follow Documentation/networking/ip-sysctl.rst and net.rst (Linux 6.18).
public enum TransportImplication: Sendable {
  case mtuProbing
  case notsentLowat
  case memory
  case twReuseDelay
  case rtoMin
  case rtoMax
  case reservedPorts
  case challengeAckLimit
  case socketBufferMax(send: Bool)
  case netdevBacklog
}

extension Implications {
  /// UINT_MAX, the "no limit" default of tcp_notsent_lowat.
  static let unlimitedNotsent = 4_294_967_295
  /// INT_MAX, the "unlimited" default of tcp_challenge_ack_limit on current kernels.
  static let unlimitedChallengeAcks = 2_147_483_647

  static func describeTransport(
    _ kind: TransportImplication, fields: [String], others: [String: String]
  ) -> Localized? {
    let number = fields.first.flatMap { Int($0) }
    switch kind {
    case .mtuProbing:
      let base = others["tcp_base_mss"].flatMap { Int($0.trimmingWhitespace()) }
      let from = base.map { " (from tcp_base_mss = \($0))" } ?? ""
      let fromZh = base.map { "（从 tcp_base_mss = \($0) 开始）" } ?? ""
      switch number {
      case 0:
        return L(
          "Packetization-layer path MTU discovery is off: if a path drops the ICMP messages that report a smaller MTU (a PMTU black hole), large segments stall.",
          "分组层路径 MTU 探测已关闭：如果某条路径丢弃报告更小 MTU 的 ICMP 消息（PMTU 黑洞），大报文段就会卡住。")
      case 1:
        return L(
          "Path MTU probing starts only after TCP detects a black hole (repeated retransmission timeouts of full-sized segments)\(from).",
          "只有在 TCP 发现黑洞（满尺寸报文段反复超时重传）之后才开始路径 MTU 探测\(fromZh)。")
      case 2:
        return L(
          "Path MTU probing is always on\(from).", "路径 MTU 探测始终开启\(fromZh)。")
      default: return nil
      }
    case .notsentLowat:
      guard let n = number else { return nil }
      if n >= unlimitedNotsent {
        return L(
          "No limit: a socket without TCP_NOTSENT_LOWAT counts as writable whenever its send buffer has room, however much of it is still unsent.",
          "没有限制：未设置 TCP_NOTSENT_LOWAT 的套接字只要发送缓冲区还有空间就算可写，不管其中有多少尚未发出。")
      }
      return L(
        "Sockets without TCP_NOTSENT_LOWAT count as writable only while less than \(bytes(n)) of unsent data is queued, which keeps send buffers short.",
        "未设置 TCP_NOTSENT_LOWAT 的套接字，只有在排队的未发送数据少于 \(bytes(n)) 时才算可写，从而让发送缓冲区保持较短。")
    case .memory:
      guard fields.count == 3, let low = Int(fields[0]), let pressure = Int(fields[1]),
        let high = Int(fields[2])
      else { return nil }
      // The unit is pages; 4 KiB on most machines (x86-64, most arm64 builds).
      func mib(_ pages: Int) -> String { "\(pages / 256) MiB" }
      return L(
        "In pages (4 KiB on most machines): TCP as a whole is unconstrained below \(low) (\(mib(low))), enters memory pressure above \(pressure) (\(mib(pressure))) and stops growing buffers, and cannot allocate beyond \(high) (\(mib(high))); there orphaned sockets are reset (\"out of memory -- consider tuning tcp_mem\", TcpExtTCPAbortOnMemory).",
        "单位为页（大多数机器上每页 4 KiB）：TCP 整体内存低于 \(low) 页（\(mib(low))）时不受约束，超过 \(pressure) 页（\(mib(pressure))）进入内存压力状态、不再增大缓冲区，最多只能分配到 \(high) 页（\(mib(high))）；到达上限时孤儿套接字会被重置（日志“out of memory -- consider tuning tcp_mem”，计数 TcpExtTCPAbortOnMemory）。"
      )
    case .twReuseDelay:
      guard let n = number else { return nil }
      let reuse = others["tcp_tw_reuse"].flatMap { Int($0.trimmingWhitespace()) }
      if reuse == 0 {
        return L(
          "Unused while tcp_tw_reuse is 0.", "tcp_tw_reuse 为 0 时不起作用。")
      }
      return L(
        "connect() may take over a TIME_WAIT four-tuple no sooner than \(n) ms after it entered TIME_WAIT, where tcp_tw_reuse allows it.",
        "在 tcp_tw_reuse 允许的情况下，connect() 最早要在四元组进入 TIME_WAIT \(n) 毫秒之后才能复用它。")
    case .rtoMin:
      guard let n = number else { return nil }
      return L(
        "No retransmission timeout is shorter than \(milliseconds(microseconds: n)) ms, unless a route's rto_min or the TCP_RTO_MIN_US socket option says otherwise. The time limit of tcp_retries2 is computed from the fixed TCP_RTO_MIN (200 ms) whatever this value.",
        "重传超时不会短于 \(milliseconds(microseconds: n)) 毫秒，除非路由的 rto_min 或套接字选项 TCP_RTO_MIN_US 另有设定。无论本值是多少，tcp_retries2 的时长上限都按固定的 TCP_RTO_MIN（200 毫秒）计算。"
      )
    case .rtoMax:
      guard let n = number else { return nil }
      let seconds = DurationText.format(Double(n) / 1000, .en)
      let secondsZh = DurationText.format(Double(n) / 1000, .zh)
      let retries = others["tcp_retries2"].flatMap { Int($0.trimmingWhitespace()) } ?? 15
      let limit = Backoff.modelTimeout(
        boundary: retries, rtoBase: Backoff.rtoMin, cap: rtoCap(others))
      let (span, spanZh) = (DurationText.format(limit, .en), DurationText.format(limit, .zh))
      let advice = n == 120_000 ? "" : " ip-sysctl.rst advises adjusting tcp_retries2 together with this value."
      let adviceZh = n == 120_000 ? "" : "ip-sysctl.rst 建议修改本值时一并调整 tcp_retries2。"
      return L(
        "Backed-off retransmission timeouts stop growing at \(seconds); with tcp_retries2 = \(retries) a connection whose data stays unacknowledged is killed after at least \(span) (tcp_model_timeout()).\(advice)",
        "退避后的重传超时最多增长到 \(secondsZh)；在 tcp_retries2 = \(retries) 时，数据一直得不到确认的连接至少在 \(spanZh)后被终止（tcp_model_timeout()）。\(adviceZh)"
      )
    case .reservedPorts:
      let list = fields.joined(separator: ",")
      guard let ranges = portRanges(list) else { return nil }
      if ranges.isEmpty {
        return L(
          "No port is reserved: automatic port choice may use the whole ip_local_port_range.",
          "没有保留端口：自动选择端口时可以使用整个 ip_local_port_range。")
      }
      var inRange = 0
      var note = ""
      var noteZh = ""
      if let range = others["ip_local_port_range"].map(TunableDefault.split), range.count == 2,
        let low = Int(range[0]), let high = Int(range[1]), 0 <= low, low <= high, high <= 65535
      {
        for (first, last) in ranges {
          let start = max(first, low)
          let end = min(last, high)
          if start <= end { inRange += end - start + 1 }
        }
        note =
          "; \(inRange) of them lie inside ip_local_port_range, leaving \(high - low + 1 - inRange) ephemeral ports"
        noteZh = "；其中 \(inRange) 个位于 ip_local_port_range 内，剩余 \(high - low + 1 - inRange) 个临时端口"
      }
      let total = ranges.reduce(0) { $0 + $1.1 - $1.0 + 1 }
      return L(
        "\(total) ports (\(list)) are never picked by connect() or bind() to port 0\(note). An explicit bind() to them still works.",
        "\(total) 个端口（\(list)）不会被 connect() 或 bind() 端口 0 自动选中\(noteZh)。显式 bind() 到这些端口仍然可以。")
    case .challengeAckLimit:
      guard let n = number else { return nil }
      if n >= unlimitedChallengeAcks {
        return L(
          "No host-wide limit on challenge ACKs (RFC 5961); each socket still rate-limits its own. A shared limit let off-path attackers learn whether a guessed connection exists (CVE-2016-5696).",
          "对挑战 ACK（RFC 5961）没有全局限制；每个套接字仍各自限速。共享的全局限制曾让不在路径上的攻击者探知某条猜测的连接是否存在（CVE-2016-5696）。")
      }
      return L(
        "At most \(n) challenge ACKs per second for the whole network namespace. ip-sysctl.rst warns that such a shared limit can open a side channel (CVE-2016-5696).",
        "整个网络命名空间每秒最多发送 \(n) 个挑战 ACK。ip-sysctl.rst 警告这种共享限制可能形成侧信道（CVE-2016-5696）。")
    case .socketBufferMax(let send):
      guard let n = number else { return nil }
      let option = send ? "SO_SNDBUF" : "SO_RCVBUF"
      let tcpMax = send ? "tcp_wmem" : "tcp_rmem"
      // Saturating: a value no kernel gives (up to Int.max in a fake tree) must not trap.
      let doubled = n.multipliedReportingOverflow(by: 2).overflow ? Int.max : n * 2
      return L(
        "An application's \(option) is capped at \(bytes(n)) (the kernel doubles the value for bookkeeping, so at most \(bytes(doubled)) of buffer). TCP buffers the kernel autotunes follow \(tcpMax) instead.",
        "应用设置的 \(option) 上限为 \(bytes(n))（内核会把该值翻倍以计入管理开销，因此缓冲区最多 \(bytes(doubled))）。由内核自动调节的 TCP 缓冲区则按 \(tcpMax)。"
      )
    case .netdevBacklog:
      guard let n = number else { return nil }
      return L(
        "Each CPU queues at most \(n) received packets waiting for the stack; beyond that they are dropped before TCP sees them (the second column of /proc/net/softnet_stat counts them).",
        "每个 CPU 最多排队 \(n) 个等待协议栈处理的接收报文；超出后报文在到达 TCP 之前就被丢弃（/proc/net/softnet_stat 的第二列计数）。")
    }
  }

  /// The retransmission timeout's cap in seconds: the live tcp_rto_max_ms
  /// (1000 to 120000 ms), else TCP_RTO_MAX. tcp_model_timeout() backs off up
  /// to this cap when it turns tcp_retries2 (or a SYN or orphan limit) into a time.
  static func rtoCap(_ others: [String: String]) -> Double {
    guard let value = others["tcp_rto_max_ms"].flatMap({ Int($0.trimmingWhitespace()) }),
      (1000...120_000).contains(value)
    else { return Backoff.rtoMax }
    return Double(value) / 1000
  }

  /// `1,2-4,10-10` as closed ranges; empty for an empty list, nil when malformed.
  static func portRanges(_ list: String) -> [(Int, Int)]? {
    var ranges: [(Int, Int)] = []
    for part in list.split(separator: ",") {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
      guard (1...2).contains(bounds.count),
        let first = Int(String(bounds[0]).trimmingWhitespace()),
        let last = Int(String(bounds[bounds.count - 1]).trimmingWhitespace()),
        (0...65535).contains(first), (first...65535).contains(last)
      else { return nil }
      ranges.append((first, last))
    }
    return ranges
  }

  /// Microseconds as milliseconds: `200` for 200000, `0.5` for 500.
  static func milliseconds(microseconds value: Int) -> String {
    value % 1000 == 0 ? String(value / 1000) : String(Double(value) / 1000)
  }
}
