import TCPStateModel

/// Tunables of the transport under an established connection: memory and
/// buffer limits, timer bounds, path MTU probing, port reservation and the
/// challenge-ACK limit. Meanings and defaults from ip-sysctl.rst and
/// Documentation/admin-guide/sysctl/net.rst (Linux 6.18); older kernels lack
/// some of these files, and the live section says so.
extension TunableCatalog {
  static let transportTunables: [Tunable] = [
    Tunable(
      name: "tcp_mtu_probing", sysctl: "net.ipv4.tcp_mtu_probing",
      meaning: L(
        "Packetization-layer path MTU discovery (RFC 4821), which finds a path's MTU without relying on ICMP: 0 off, 1 only after a black hole is detected, 2 always, starting from tcp_base_mss.",
        "分组层路径 MTU 探测（RFC 4821），不依赖 ICMP 就能找出路径 MTU：0 关闭，1 仅在发现黑洞后启用，2 始终启用，从 tcp_base_mss 开始。"),
      unit: .mode, defaultValue: TunableDefault(["0"]),
      governs: [.established], implication: .transport(.mtuProbing),
      references: [.rfc(4821), .kernel("net/ipv4/tcp_timer.c", "tcp_mtu_probing()")]),
    Tunable(
      name: "tcp_notsent_lowat", sysctl: "net.ipv4.tcp_notsent_lowat",
      meaning: L(
        "How much unsent data a socket may queue before poll() stops reporting it writable, for sockets that do not set TCP_NOTSENT_LOWAT themselves.",
        "未自行设置 TCP_NOTSENT_LOWAT 的套接字，最多可以排队多少未发送数据，超过后 poll() 不再报告其可写。"),
      unit: .byteCount,
      defaultValue: TunableDefault(["4294967295"], note: L("UINT_MAX, no limit", "UINT_MAX，即不限制")),
      governs: [.established], implication: .transport(.notsentLowat),
      references: [.man("tcp(7)", "TCP_NOTSENT_LOWAT")]),
    Tunable(
      name: "tcp_slow_start_after_idle", sysctl: "net.ipv4.tcp_slow_start_after_idle",
      meaning: L(
        "Whether the congestion window is reset after the connection has been idle for longer than the retransmission timeout (RFC 2861), so that a burst after idle starts slowly again.",
        "连接空闲超过重传超时后是否重置拥塞窗口（RFC 2861），使空闲后的突发流量重新慢启动。"),
      unit: .boolean, defaultValue: TunableDefault(["1"]),
      governs: [.established],
      implication: .toggle(
        on: L(
          "After an idle period the congestion window starts small again; long-lived connections with bursty traffic (HTTP/2, RPC) pay a slow start after each pause.",
          "空闲之后拥塞窗口重新从小开始；流量时断时续的长连接（HTTP/2、RPC）每次停顿后都要重新慢启动。"),
        off: L(
          "The congestion window survives idle periods; a burst after a pause is sent at the old rate.",
          "拥塞窗口在空闲期间保持不变；停顿后的突发流量按原来的速率发送。")),
      references: [.rfc(2861), .kernel("net/ipv4/tcp_output.c", "tcp_cwnd_restart()")]),
    Tunable(
      name: "tcp_mem", sysctl: "net.ipv4.tcp_mem",
      meaning: L(
        "Memory for all TCP sockets together, in pages: below min TCP is unconstrained, above pressure it moderates its consumption until it falls under min again, and max is the most it may use. At max, orphaned sockets are reset.",
        "所有 TCP 套接字合计可用的内存，单位为页，三个值依次为下限、压力阈值和上限：低于下限时不受约束，超过压力阈值后 TCP 会收紧内存使用，直到回落到下限以下；上限是可以使用的最大值，达到上限时孤儿套接字会被重置。"),
      unit: .pages,
      defaultValue: TunableDefault(
        [nil, nil, nil], note: L("computed at boot from the memory size", "启动时按内存大小计算")),
      governs: [.established, .finWait1], implication: .transport(.memory),
      references: [
        .kernel("net/ipv4/tcp.c", "tcp_init_mem(), tcp_check_oom()"),
        .kernel("net/ipv4/tcp_timer.c", "tcp_out_of_resources()"),
      ]),
    Tunable(
      name: "tcp_tw_reuse_delay", sysctl: "net.ipv4.tcp_tw_reuse_delay",
      meaning: L(
        "How many milliseconds a four-tuple must have been in TIME_WAIT before tcp_tw_reuse lets connect() take it over. It should not be below the peer's timestamp clock tick, or PAWS may reject the new connection's segments.",
        "四元组在 TIME_WAIT 中至少停留多少毫秒之后，tcp_tw_reuse 才允许 connect() 复用它。该值不应小于对端时间戳时钟的步长，否则 PAWS 可能拒收新连接的报文。"),
      unit: .milliseconds, defaultValue: TunableDefault(["1000"]),
      governs: [.timeWait], implication: .transport(.twReuseDelay),
      references: [.kernel("net/ipv4/tcp_ipv4.c", "tcp_twsk_unique()")]),
    Tunable(
      name: "tcp_rto_min_us", sysctl: "net.ipv4.tcp_rto_min_us",
      meaning: L(
        "The smallest retransmission timeout, in microseconds. A route's rto_min and the TCP_RTO_MIN_US socket option take precedence.",
        "最小的重传超时，单位为微秒。路由的 rto_min 和套接字选项 TCP_RTO_MIN_US 优先于它。"),
      unit: .microseconds, defaultValue: TunableDefault(["200000"]),
      governs: [.established], implication: .transport(.rtoMin),
      references: [.kernel("include/net/tcp.h", "TCP_RTO_MIN, tcp_rto_min()")]),
    Tunable(
      name: "tcp_rto_max_ms", sysctl: "net.ipv4.tcp_rto_max_ms",
      meaning: L(
        "The largest retransmission timeout exponential backoff may reach, in milliseconds (1000 to 120000). The TCP_RTO_MAX_MS socket option takes precedence.",
        "指数退避可以达到的最大重传超时，单位为毫秒（1000 到 120000）。套接字选项 TCP_RTO_MAX_MS 优先于它。"),
      unit: .milliseconds, defaultValue: TunableDefault(["120000"]),
      governs: [.established], implication: .transport(.rtoMax),
      references: [.kernel("include/net/tcp.h", "TCP_RTO_MAX, tcp_rto_max()")]),
    Tunable(
      name: "ip_local_reserved_ports", sysctl: "net.ipv4.ip_local_reserved_ports",
      meaning: L(
        "Ports that automatic port choice (connect() without bind(), bind() to port 0) never picks, as a comma-separated list of ranges; explicit binds are unaffected.",
        "自动选择端口（未 bind() 的 connect()、bind() 到端口 0）时绝不会选中的端口，格式为逗号分隔的范围列表；显式绑定不受影响。"),
      unit: .portList, defaultValue: TunableDefault([]),
      governs: [.synSent], implication: .transport(.reservedPorts),
      references: [.kernel("net/ipv4/inet_hashtables.c", "__inet_hash_connect()")]),
    Tunable(
      name: "tcp_challenge_ack_limit", sysctl: "net.ipv4.tcp_challenge_ack_limit",
      meaning: L(
        "How many challenge ACKs (RFC 5961, the answer to a suspicious RST or SYN) the whole network namespace sends per second. Each socket rate-limits its own anyway.",
        "整个网络命名空间每秒最多发送多少个挑战 ACK（RFC 5961，对可疑 RST 或 SYN 的回应）。每个套接字本身也会限速。"),
      unit: .count,
      defaultValue: TunableDefault(
        ["2147483647"],
        note: L("INT_MAX, unlimited; 1000 or 100 on older kernels", "INT_MAX，即不限制；旧内核为 1000 或 100")),
      governs: [.established], implication: .transport(.challengeAckLimit),
      references: [.rfc(5961), .kernel("net/ipv4/tcp_input.c", "tcp_send_challenge_ack()")]),
    Tunable(
      name: "rmem_max", sysctl: "net.core.rmem_max",
      meaning: L(
        "The largest receive buffer an application may request with SO_RCVBUF, for every protocol. It does not cap the buffers TCP autotunes (tcp_rmem does).",
        "应用用 SO_RCVBUF 可以申请的最大接收缓冲区，对所有协议有效。它不限制 TCP 自动调节的缓冲区（那由 tcp_rmem 决定）。"),
      unit: .byteCount,
      defaultValue: TunableDefault(["4194304"], note: L("212992 before Linux 6.18", "Linux 6.18 之前为 212992")),
      governs: [.established], implication: .transport(.socketBufferMax(send: false)),
      references: [.kernel("net/core/sock.c", "sysctl_rmem_max, sk_setsockopt()"), .man("socket(7)", "SO_RCVBUF")]),
    Tunable(
      name: "wmem_max", sysctl: "net.core.wmem_max",
      meaning: L(
        "The largest send buffer an application may request with SO_SNDBUF, for every protocol. It does not cap the buffers TCP autotunes (tcp_wmem does).",
        "应用用 SO_SNDBUF 可以申请的最大发送缓冲区，对所有协议有效。它不限制 TCP 自动调节的缓冲区（那由 tcp_wmem 决定）。"),
      unit: .byteCount,
      defaultValue: TunableDefault(["4194304"], note: L("212992 before Linux 6.18", "Linux 6.18 之前为 212992")),
      governs: [.established], implication: .transport(.socketBufferMax(send: true)),
      references: [.kernel("net/core/sock.c", "sysctl_wmem_max, sk_setsockopt()"), .man("socket(7)", "SO_SNDBUF")]),
    Tunable(
      name: "netdev_max_backlog", sysctl: "net.core.netdev_max_backlog",
      meaning: L(
        "How many received packets each CPU may queue for the network stack when they arrive faster than it processes them; the rest are dropped before TCP sees them.",
        "接收报文到达得比协议栈处理得快时，每个 CPU 最多可以排队多少个；其余的在到达 TCP 之前就被丢弃。"),
      unit: .count, defaultValue: TunableDefault(["1000"]),
      governs: [.established], implication: .transport(.netdevBacklog),
      references: [.kernel("net/core/dev.c", "enqueue_to_backlog()")]),
  ]
}
