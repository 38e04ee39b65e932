import TCPStateModel

/// Tunables of connection establishment. Texts and defaults checked against
/// Documentation/networking/ip-sysctl.rst (Linux 6.18) and net/ipv4/tcp_timer.c.
extension TunableCatalog {
  static let handshakeTunables: [Tunable] = [
    Tunable(
      name: "tcp_syn_retries", sysctl: "net.ipv4.tcp_syn_retries",
      meaning: L(
        "How many times connect() retransmits an unanswered SYN before giving up with ETIMEDOUT (on top of tcp_syn_linear_timeouts).",
        "connect() 发出的 SYN 得不到回应时，最多重传多少次后以 ETIMEDOUT 放弃（另加 tcp_syn_linear_timeouts 次）。"),
      unit: .count,
      defaultValue: TunableDefault(["6"], note: L("5 before Linux 3.7", "Linux 3.7 之前为 5")),
      governs: [.synSent], implication: .synRetries,
      references: [.kernel("net/ipv4/tcp_timer.c", "tcp_write_timeout()")]),
    Tunable(
      name: "tcp_syn_linear_timeouts", sysctl: "net.ipv4.tcp_syn_linear_timeouts",
      meaning: L(
        "How many SYN retransmissions keep the initial 1 s timeout before exponential backoff starts; they are added to tcp_syn_retries.",
        "SYN 重传中有多少次保持初始的 1 秒超时、之后才开始指数退避；这些次数额外加在 tcp_syn_retries 之上。"),
      unit: .count,
      defaultValue: TunableDefault(
        ["4"],
        note: L(
          "only recent kernels have it; older ones use exponential backoff from the first retry",
          "只有较新的内核才有；旧内核从第一次重传起就指数退避")),
      governs: [.synSent], implication: .synLinearTimeouts),
    Tunable(
      name: "tcp_synack_retries", sysctl: "net.ipv4.tcp_synack_retries",
      meaning: L(
        "How many times a listener retransmits the SYN-ACK of a half-open connection before dropping the request.",
        "监听方对一个半连接的 SYN-ACK 最多重传多少次，之后丢弃该请求。"),
      unit: .count, defaultValue: TunableDefault(["5"]),
      governs: [.synRecv, .newSynRecv], implication: .synackRetries,
      references: [.kernel("net/ipv4/inet_connection_sock.c", "reqsk_timer_handler()")]),
    Tunable(
      name: "tcp_max_syn_backlog", sysctl: "net.ipv4.tcp_max_syn_backlog",
      meaning: L(
        "Not the per-listener SYN-queue limit: that is the listener's backlog, min(listen() backlog, somaxconn), which inet_csk_reqsk_queue_is_full() compares with. tcp_max_syn_backlog matters only with tcp_syncookies=0: a listener holding so many requests that less than a quarter of this value is free drops SYNs from peers this host has no record of (tcp_conn_request()).",
        "它并不是每个监听套接字半连接队列的上限：那个上限是监听套接字的 backlog，即 listen() 的 backlog 与 somaxconn 两者中的较小值，由 inet_csk_reqsk_queue_is_full() 比较。tcp_max_syn_backlog 只在 tcp_syncookies=0 时起作用：监听套接字的请求多到剩余空间不足该值的四分之一时，来自本机没有记录的对端的 SYN 会被丢弃（tcp_conn_request()）。"
      ),
      unit: .count,
      defaultValue: TunableDefault(
        [nil], note: L("at least 128, scaled with the memory of the machine", "至少 128，随内存大小按比例增加")),
      governs: [.listen, .synRecv, .newSynRecv], implication: .synBacklog,
      references: [
        .kernel("net/ipv4/tcp_input.c", "tcp_conn_request()"),
        .kernel("include/net/inet_connection_sock.h", "inet_csk_reqsk_queue_is_full()"),
      ]),
    Tunable(
      name: "tcp_syncookies", sysctl: "net.ipv4.tcp_syncookies",
      meaning: L(
        "Whether listeners answer with SYN cookies instead of storing requests: 0 never, 1 when a listener's request queue overflows, 2 always.",
        "监听方是否用 SYN cookie 作答而不保存请求：0 从不，1 在监听套接字的请求队列溢出时，2 总是。"),
      unit: .mode, defaultValue: TunableDefault(["1"]),
      governs: [.listen, .synRecv, .newSynRecv], implication: .syncookies,
      references: [.kernel("net/ipv4/syncookies.c")]),
    Tunable(
      name: "tcp_abort_on_overflow", sysctl: "net.ipv4.tcp_abort_on_overflow",
      meaning: L(
        "What happens when a listener's accept queue is full and the final ACK arrives: 0 drops the ACK so the client retries, 1 resets the connection. New SYNs are dropped while the queue is full either way.",
        "监听方的全连接队列已满时收到第三次握手 ACK 的处理方式：0 丢弃该 ACK 让客户端重试，1 重置连接。无论取哪个值，队列满时新到的 SYN 都会被丢弃。"),
      unit: .boolean, defaultValue: TunableDefault(["0"]),
      governs: [.listen, .synRecv], implication: .abortOnOverflow,
      references: [.kernel("net/ipv4/tcp_minisocks.c", "tcp_check_req()")]),
    Tunable(
      name: "somaxconn", sysctl: "net.core.somaxconn",
      meaning: L(
        "The ceiling on the backlog argument of listen(); larger values are silently reduced to it.",
        "listen() 的 backlog 参数上限；更大的值会被悄悄截断为它。"),
      unit: .count,
      defaultValue: TunableDefault(["4096"], note: L("128 before Linux 5.4", "Linux 5.4 之前为 128")),
      governs: [.listen, .synRecv], implication: .somaxconn,
      references: [.kernel("net/socket.c", "__sys_listen()")]),
    Tunable(
      name: "tcp_fastopen", sysctl: "net.ipv4.tcp_fastopen",
      meaning: L(
        "TCP Fast Open (RFC 7413), data in the SYN: bit 0x1 enables the client side, 0x2 the server side.",
        "TCP Fast Open（RFC 7413），即在 SYN 中携带数据：0x1 位启用客户端，0x2 位启用服务器端。"),
      unit: .bitmask, defaultValue: TunableDefault(["1"]),
      governs: [.synSent, .synRecv], implication: .fastopen,
      references: [.rfc(7413)]),
  ]
}
