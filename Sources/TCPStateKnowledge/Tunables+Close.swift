import TCPStateModel

/// Tunables of closing and TIME_WAIT: ip-sysctl.rst, tcp_close() and
/// tcp_timewait_state_process() (net/ipv4/tcp_minisocks.c).
extension TunableCatalog {
  static let closeTunables: [Tunable] = [
    Tunable(
      name: "tcp_fin_timeout", sysctl: "net.ipv4.tcp_fin_timeout",
      meaning: L(
        "How long an orphaned connection (closed by the application) may wait in FIN_WAIT2 for the peer's FIN; never less than about 3.5 retransmission timeouts of that connection (tcp_fin_time()). It does not change TIME_WAIT.",
        "孤儿连接（应用已关闭）在 FIN_WAIT2 中等待对端 FIN 的最长时间；对每条连接都不会少于约 3.5 个重传超时（tcp_fin_time()）。它不改变 TIME_WAIT 的长度。"),
      unit: .seconds, defaultValue: TunableDefault(["60"]),
      governs: [.finWait2], implication: .finTimeout,
      references: [
        .kernel("include/net/tcp.h", "tcp_fin_time()"),
        .kernel("net/ipv4/tcp_timer.c", "tcp_keepalive_timer()"),
      ]),
    Tunable(
      name: "tcp_max_tw_buckets", sysctl: "net.ipv4.tcp_max_tw_buckets",
      meaning: L(
        "The most time-wait sockets the system keeps. Beyond it a closing socket skips TIME_WAIT and is freed at once; current kernels log nothing and only count TcpExtTCPTimeWaitOverflow (ip-sysctl.rst still speaks of a warning).",
        "系统同时保留的 TIME_WAIT 套接字上限。超过后，正在关闭的套接字跳过 TIME_WAIT、立即被释放；当前内核不打印日志，只增加 TcpExtTCPTimeWaitOverflow 计数（ip-sysctl.rst 仍说会打印警告）。"
      ),
      unit: .count,
      defaultValue: TunableDefault(
        [nil], note: L("half the TCP hash table size, scaled with memory", "TCP 哈希表大小的一半，随内存增加")),
      governs: [.timeWait, .finWait2], implication: .twBuckets,
      references: [.kernel("net/ipv4/tcp_minisocks.c", "tcp_time_wait()")]),
    Tunable(
      name: "tcp_tw_reuse", sysctl: "net.ipv4.tcp_tw_reuse",
      meaning: L(
        "Whether an outgoing connect() may reuse a four-tuple still in TIME_WAIT when timestamps make it safe: 0 no, 1 yes, 2 only for loopback.",
        "在时间戳能保证安全时，向外的 connect() 是否可以复用仍处于 TIME_WAIT 的四元组：0 否，1 是，2 仅限回环。"),
      unit: .mode,
      defaultValue: TunableDefault(["2"], note: L("0 on older kernels", "旧内核为 0")),
      governs: [.timeWait], implication: .twReuse,
      references: [.kernel("net/ipv4/tcp_ipv4.c", "tcp_twsk_unique()")]),
    Tunable(
      name: "tcp_rfc1337", sysctl: "net.ipv4.tcp_rfc1337",
      meaning: L(
        "Whether a RST received in TIME_WAIT is ignored as RFC 1337 recommends (1) or ends the wait early (0).",
        "TIME_WAIT 期间收到的 RST 是按 RFC 1337 的建议忽略（1），还是提前结束等待（0）。"),
      unit: .boolean, defaultValue: TunableDefault(["0"]),
      governs: [.timeWait], implication: .rfc1337,
      references: [.rfc(1337), .kernel("net/ipv4/tcp_minisocks.c", "tcp_timewait_state_process()")]),
    Tunable(
      name: "tcp_max_orphans", sysctl: "net.ipv4.tcp_max_orphans",
      meaning: L(
        "The most orphaned sockets (closed by the application, still finishing in the kernel); beyond it orphans are reset at once.",
        "孤儿套接字（应用已关闭、内核仍在收尾）的上限；超过后孤儿套接字会被立即重置。"),
      unit: .count,
      defaultValue: TunableDefault([nil], note: L("scaled with memory", "随内存大小增加")),
      governs: [.finWait1, .finWait2, .closing, .lastAck], implication: .orphans,
      references: [.kernel("net/ipv4/tcp_timer.c", "tcp_out_of_resources()")]),
    Tunable(
      name: "tcp_orphan_retries", sysctl: "net.ipv4.tcp_orphan_retries",
      meaning: L(
        "How many retransmissions an orphaned socket makes (for its FIN or data) before it is killed; 0 means 8.",
        "孤儿套接字（为其 FIN 或数据）重传多少次后被终止；0 表示 8 次。"),
      unit: .count, defaultValue: TunableDefault(["0"], note: L("0 is treated as 8", "0 按 8 处理")),
      governs: [.finWait1, .closing, .lastAck], implication: .orphanRetries,
      references: [.kernel("net/ipv4/tcp_timer.c", "tcp_orphan_retries()")]),
    Tunable(
      name: "ip_local_port_range", sysctl: "net.ipv4.ip_local_port_range",
      meaning: L(
        "The range of local ports the kernel picks from for connect() without bind().",
        "connect() 未绑定端口时内核从中挑选本地端口的范围。"),
      unit: .ports, defaultValue: TunableDefault(["32768", "60999"]),
      governs: [.synSent, .timeWait, .boundInactive], implication: .portRange,
      references: [.kernel("net/ipv4/inet_hashtables.c", "__inet_hash_connect()")]),
  ]
}
