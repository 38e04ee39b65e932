import TCPStateModel

/// Tunables of an established connection: retransmission, keepalive, buffers,
/// congestion control and options. ip-sysctl.rst and net/ipv4/tcp_timer.c.
extension TunableCatalog {
  static let connectionTunables: [Tunable] = [
    Tunable(
      name: "tcp_retries1", sysctl: "net.ipv4.tcp_retries1",
      meaning: L(
        "After this many unacknowledged retransmissions TCP suspects the route and asks the network layer to re-check it.",
        "未被确认的重传达到这个次数后，TCP 怀疑路由有问题，请网络层重新检查。"),
      unit: .count, defaultValue: TunableDefault(["3"]),
      governs: [.established], implication: .retries1),
    Tunable(
      name: "tcp_retries2", sysctl: "net.ipv4.tcp_retries2",
      meaning: L(
        "How many RTO retransmissions of unacknowledged data a live connection makes before it is killed; converted to a time with exponential backoff from 200 ms.",
        "活动连接对未被确认的数据最多进行多少次 RTO 重传，之后连接被终止；按从 200 毫秒开始的指数退避换算成时间。"),
      unit: .count, defaultValue: TunableDefault(["15"]),
      governs: [.established, .finWait1, .lastAck], implication: .retries2,
      references: [.kernel("net/ipv4/tcp_timer.c", "retransmits_timed_out(), tcp_model_timeout()")]),
    Tunable(
      name: "tcp_keepalive_time", sysctl: "net.ipv4.tcp_keepalive_time",
      meaning: L(
        "Idle time before the first keepalive probe, for sockets with SO_KEEPALIVE.",
        "启用 SO_KEEPALIVE 的套接字空闲多久后发送第一个保活探测。"),
      unit: .seconds, defaultValue: TunableDefault(["7200"]),
      governs: [.established, .closeWait], implication: .keepalive),
    Tunable(
      name: "tcp_keepalive_intvl", sysctl: "net.ipv4.tcp_keepalive_intvl",
      meaning: L(
        "Seconds between unanswered keepalive probes.",
        "未获回应的保活探测之间的间隔秒数。"),
      unit: .seconds, defaultValue: TunableDefault(["75"]),
      governs: [.established, .closeWait], implication: .keepalive),
    Tunable(
      name: "tcp_keepalive_probes", sysctl: "net.ipv4.tcp_keepalive_probes",
      meaning: L(
        "How many unanswered keepalive probes declare the connection dead.",
        "多少个保活探测得不到回应就判定连接失效。"),
      unit: .count, defaultValue: TunableDefault(["9"]),
      governs: [.established, .closeWait], implication: .keepalive),
    Tunable(
      name: "tcp_congestion_control", sysctl: "net.ipv4.tcp_congestion_control",
      meaning: L(
        "The congestion control algorithm of new connections; accepted connections inherit the listener's.",
        "新连接使用的拥塞控制算法；被动接受的连接继承监听套接字的算法。"),
      unit: .algorithm,
      defaultValue: TunableDefault(
        [nil],
        note: L(
          "chosen when the kernel is built (CONFIG_DEFAULT_TCP_CONG): cubic in most builds, bbr in some",
          "在编译内核时选定（CONFIG_DEFAULT_TCP_CONG）：大多数内核为 cubic，也有的为 bbr")),
      governs: [.established], implication: .congestion,
      references: [.kernel("net/ipv4/tcp_cong.c", "tcp_set_default_congestion_control()")]),
    Tunable(
      name: "tcp_rmem", sysctl: "net.ipv4.tcp_rmem",
      meaning: L(
        "Receive buffer sizes per socket: minimum, initial, and the maximum autotuning may reach.",
        "每个套接字的接收缓冲区大小：最小值、初始值，以及自动调节可达到的最大值。"),
      unit: .bytes,
      defaultValue: TunableDefault(
        ["4096", "131072", nil],
        note: L(
          "the maximum depends on memory (up to 32 MiB on current kernels)",
          "最大值取决于内存（当前内核最多 32 MiB）")),
      governs: [.established], implication: .buffers),
    Tunable(
      name: "tcp_wmem", sysctl: "net.ipv4.tcp_wmem",
      meaning: L(
        "Send buffer sizes per socket: minimum, initial, and the maximum autotuning may reach.",
        "每个套接字的发送缓冲区大小：最小值、初始值，以及自动调节可达到的最大值。"),
      unit: .bytes,
      defaultValue: TunableDefault(
        ["4096", "16384", nil],
        note: L("the maximum depends on memory (up to 4 MiB)", "最大值取决于内存（最多 4 MiB）")),
      governs: [.established], implication: .buffers),
    Tunable(
      name: "tcp_timestamps", sysctl: "net.ipv4.tcp_timestamps",
      meaning: L(
        "TCP timestamps (RFC 7323): 1 with a random offset per connection, 2 without, 0 off. tcp_tw_reuse and SYN cookies with options rely on them.",
        "TCP 时间戳（RFC 7323）：1 表示启用并对每个连接使用随机偏移，2 表示启用但不加偏移，0 表示关闭。tcp_tw_reuse 以及带选项的 SYN cookie 都依赖它。"
      ),
      unit: .mode, defaultValue: TunableDefault(["1"]),
      governs: [.established, .timeWait], implication: .timestamps),
    Tunable(
      name: "tcp_sack", sysctl: "net.ipv4.tcp_sack",
      meaning: L(
        "Selective acknowledgments (RFC 2018): the receiver reports the blocks of data it holds beyond a gap, from which the sender infers what is missing.",
        "选择性确认（RFC 2018）：接收方报告自己在空缺之后已经收到的数据块，发送方据此推断缺失了哪些数据。"),
      unit: .boolean, defaultValue: TunableDefault(["1"]),
      governs: [.established],
      implication: .toggle(
        on: L(
          "SACK is offered; several losses in one window can be repaired in about one round trip.",
          "提供 SACK；同一窗口内的多个丢包大约一个往返就能修复。"),
        off: L(
          "SACK is off; several losses in one window take several round trips to repair.",
          "SACK 已关闭；同一窗口内的多个丢包需要多个往返才能修复。"))),
    Tunable(
      name: "tcp_window_scaling", sysctl: "net.ipv4.tcp_window_scaling",
      meaning: L(
        "Window scaling (RFC 7323), which lifts the 64 KiB limit of the 16-bit window field.",
        "窗口缩放（RFC 7323），突破 16 位窗口字段 64 KiB 的上限。"),
      unit: .boolean, defaultValue: TunableDefault(["1"]),
      governs: [.established],
      implication: .toggle(
        on: L("Windows can grow up to 1 GiB.", "窗口最大可达 1 GiB。"),
        off: L(
          "Windows stop at 64 KiB, which caps throughput on long paths.",
          "窗口最大只有 64 KiB，会限制长距离路径的吞吐量。"))),
    Tunable(
      name: "tcp_ecn", sysctl: "net.ipv4.tcp_ecn",
      meaning: L(
        "Explicit Congestion Notification (RFC 3168): 0 off, 1 requested and accepted, 2 accepted only when the peer asks; 3 to 5 involve Accurate ECN on recent kernels.",
        "显式拥塞通知（RFC 3168）：0 关闭，1 主动请求并接受，2 仅在对端请求时接受；较新的内核中 3 到 5 涉及 Accurate ECN。"),
      unit: .mode, defaultValue: TunableDefault(["2"]),
      governs: [.established], implication: .ecn),
  ]
}
