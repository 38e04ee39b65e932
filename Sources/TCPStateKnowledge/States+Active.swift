import TCPStateModel

/// The active closer's states: FIN_WAIT1, FIN_WAIT2, CLOSING, TIME_WAIT.
/// RFC 9293 sections 3.3.2 (Figure 5 and its note 2) and 3.6; Linux:
/// TCP_TIMEWAIT_LEN in include/net/tcp.h, tcp_fin_timeout and
/// tcp_orphan_retries in ip-sysctl.rst, tcp_close() in net/ipv4/tcp.c.
extension KnowledgeBase {
  static let activeStates: [KnowledgeEntry] = [finWait1, finWait2, closing, timeWait]

  static let finWait1 = KnowledgeEntry.state(
    .finWait1,
    title: L("FIN_WAIT1: our FIN sent", "FIN_WAIT1：我方 FIN 已发出"),
    summary: L(
      "The application closed its sending direction; a FIN is queued or in flight and the socket waits for the peer to acknowledge it.",
      "应用程序关闭了自己的发送方向；FIN 已排队或正在传输，套接字在等待对端确认。"),
    meaning: L(
      "Our direction is closed: no more data will be sent after the FIN, which occupies one sequence number (seq=u, so its ACK carries ack=u+1). The peer may still send data to us.",
      "我方发送方向已关闭：FIN 之后不再发送数据，FIN 本身占用一个序列号（seq=u，对它的确认为 ack=u+1）。对端仍然可以向我方发送数据。"),
    side: L(
      "The active closer, the side that closes first (both sides in a simultaneous close).",
      "主动关闭方，即先关闭的一端（同时关闭时两端都是）。"),
    enter: L(
      "ESTABLISHED, or SYN_RECV, and the application calls close() or shutdown(SHUT_WR): the kernel sends the FIN ([F.] seq=u) after any data still queued.",
      "处于 ESTABLISHED（或 SYN_RECV）时应用程序调用 close() 或 shutdown(SHUT_WR)：内核在尚未发出的数据之后发送 FIN（[F.] seq=u）。"
    ),
    leave: L(
      "An ACK of the FIN ([.] ack=u+1): FIN_WAIT2. A FIN from the peer that does not yet acknowledge ours: we ACK it and move to CLOSING (simultaneous close). A FIN that also acknowledges ours ([F.] ack=u+1): we ACK it and go straight to TIME_WAIT (RFC 9293 Figure 5, note 2). A RST or exhausted retransmissions: CLOSED.",
      "收到对 FIN 的确认（[.] ack=u+1）：进入 FIN_WAIT2。收到对端的 FIN、但它尚未确认我方的 FIN：回复 ACK 并进入 CLOSING（同时关闭）。收到的 FIN 同时确认了我方 FIN（[F.] ack=u+1）：回复 ACK 后直接进入 TIME_WAIT（RFC 9293 图 5 注 2）。收到 RST 或重传次数用尽：进入 CLOSED。"
    ),
    timer: L(
      "The retransmission timer resends the FIN with exponential backoff. For an orphan (the application called close()) Linux gives up after tcp_orphan_retries, default 0 which means 8; with the minimum 200 ms RTO that is roughly 100 s, longer on slow paths. A socket closed with shutdown() uses tcp_retries2.",
      "重传计时器以指数退避重发 FIN。对于孤儿套接字（应用已调用 close()），Linux 在 tcp_orphan_retries 次后放弃，默认值 0 表示 8 次；以最小 200 毫秒的 RTO 计约 100 秒，慢速路径上更长。用 shutdown() 关闭的套接字按 tcp_retries2 计算。"
    ),
    normal: L(
      "Gone within a round trip plus the peer's delayed ACK (a Linux peer delays the ACK of a FIN, typically by 40 ms), unless unsent data is still queued in front of the FIN.",
      "一个往返时间加上对端的延迟确认时间内就会离开（Linux 对端会延迟确认 FIN，通常延迟 40 毫秒），除非 FIN 之前还有未发送完的数据。"),
    pileUp: L(
      "The FINs are not acknowledged: the peers are gone, or their receive window is zero because they stopped reading, so our queued data and the FIN cannot be sent and only zero-window probes go out (given up after tcp_orphan_retries unanswered ones). Orphans here count against tcp_max_orphans; beyond that limit Linux resets them.",
      "FIN 得不到确认：对端已经消失，或者对端不再读取数据导致接收窗口为 0，使我方排队的数据和 FIN 发不出去，只能发送零窗口探测（连续 tcp_orphan_retries 次得不到回应就放弃）。这里的孤儿套接字计入 tcp_max_orphans，超过上限时 Linux 会直接重置它们。"
    ),
    tcpdump: [
      TcpdumpSegment(
        "[F.]",
        L(
          "our FIN, seq=u (it carries the ACK flag like every segment after the handshake)",
          "我方的 FIN，seq=u（与握手之后的所有报文一样带 ACK 标志）")),
      TcpdumpSegment("[.]", L("the peer's ACK of it, ack=u+1", "对端对它的确认，ack=u+1")),
    ],
    tunables: ["tcp_orphan_retries", "tcp_max_orphans", "tcp_retries2", "tcp_mem"],
    related: ["close", "FIN_WAIT2", "CLOSING", "TIME_WAIT"],
    sources: [
      .rfc(9293, "3.3.2"), .rfc(9293, "3.6"), .kernel("net/ipv4/tcp.c", "tcp_close()"),
      .kernel("net/ipv4/tcp_timer.c", "tcp_orphan_retries(), tcp_out_of_resources()"),
      .ipSysctl("tcp_orphan_retries"), .ipSysctl("tcp_max_orphans"),
    ])

  static let finWait2 = KnowledgeEntry.state(
    .finWait2,
    title: L(
      "FIN_WAIT2: our FIN acknowledged, waiting for the peer's", "FIN_WAIT2：我方 FIN 已被确认，等待对端的 FIN"),
    summary: L(
      "Our side of the connection is closed and acknowledged. We can still receive; we are waiting for the peer to close its side.",
      "本端的发送方向已关闭并得到确认。本端仍可接收数据，正在等待对端关闭它的发送方向。"),
    meaning: L(
      "A half-closed connection seen from the closer: the peer acknowledged our FIN but has not sent its own. The peer is usually in CLOSE_WAIT, waiting for its application to close.",
      "从关闭方看到的半关闭连接：对端确认了我方 FIN，但还没有发出自己的 FIN。对端通常处于 CLOSE_WAIT，等待它的应用程序关闭。"),
    side: L(
      "The active closer.",
      "主动关闭方。"),
    enter: L(
      "FIN_WAIT1 receives the ACK of our FIN ([.] ack=u+1).",
      "FIN_WAIT1 状态下收到对我方 FIN 的确认（[.] ack=u+1）。"),
    leave: L(
      "The peer's FIN arrives ([F.] seq=w): we answer with an ACK ([.] ack=w+1) and move to TIME_WAIT. A RST also ends it. An orphan whose time runs out usually leaves silently: Linux has already replaced it by a lightweight time-wait entry, which is simply freed. It sends a RST instead (tcp_send_active_reset()) when TCP_LINGER2 is negative and close() finds the socket already in FIN_WAIT2, or when an orphan kept as a full socket reaches its timer (tcp_keepalive_timer()) with TCP_LINGER2 negative or no time left.",
      "收到对端的 FIN（[F.] seq=w）：回复 ACK（[.] ack=w+1），进入 TIME_WAIT。收到 RST 也会结束。孤儿套接字等待时间用完时通常悄无声息地离开：Linux 早已用一个轻量的 TIME_WAIT 结构取代了它，到期直接释放。以下情况则会发送 RST（tcp_send_active_reset()）：TCP_LINGER2 为负数且 close() 时套接字已处于 FIN_WAIT2；或者仍以完整套接字保存的孤儿在其计时器（tcp_keepalive_timer()）到期时 TCP_LINGER2 为负数或已没有剩余时间。"
    ),
    timer: L(
      "Only for orphans (the application called close()): tcp_fin_timeout, default 60 s, or TCP_LINGER2 per socket, but never less than about 3.5 retransmission timeouts (tcp_fin_time()). With a timeout of at most 60 s Linux keeps the orphan as a lightweight time-wait entry meanwhile, which ss and tcpstate still show as FIN-WAIT-2. After shutdown(SHUT_WR) the socket is not an orphan and may wait in FIN_WAIT2 indefinitely, as RFC 9293 allows. tcp_fin_timeout does not set the length of TIME_WAIT.",
      "仅对孤儿套接字（应用已调用 close()）生效：tcp_fin_timeout，默认 60 秒，也可按套接字用 TCP_LINGER2 设置，但不会少于约 3.5 个重传超时（tcp_fin_time()）。超时不超过 60 秒时，Linux 在此期间用轻量的 TIME_WAIT 结构保存孤儿套接字，ss 和 tcpstate 仍把它显示为 FIN-WAIT-2。调用 shutdown(SHUT_WR) 后套接字不是孤儿，可以按 RFC 9293 无限期停留在 FIN_WAIT2。tcp_fin_timeout 并不决定 TIME_WAIT 的长度。"
    ),
    normal: L(
      "As long as the peer application takes to close after reading EOF, usually milliseconds.",
      "持续时间等于对端应用读到 EOF 后关闭所需的时间，通常是几毫秒。"),
    pileUp: L(
      "The peers do not close their side: look at the other host, where these connections sit in CLOSE_WAIT. Orphans disappear after tcp_fin_timeout; non-orphans stay until the peer closes.",
      "对端不关闭它的发送方向：去对端主机上看，这些连接在那里处于 CLOSE_WAIT。孤儿套接字在 tcp_fin_timeout 后消失；非孤儿套接字会一直等到对端关闭。"),
    tcpdump: [
      TcpdumpSegment("[.]", L("the ACK of our FIN that brought us here", "使本端进入此状态的、对我方 FIN 的确认")),
      TcpdumpSegment("[F.]", L("the peer's FIN that ends the wait", "结束等待的对端 FIN")),
    ],
    tunables: ["tcp_fin_timeout", "tcp_max_orphans", "tcp_max_tw_buckets"],
    related: ["close", "CLOSE_WAIT", "TIME_WAIT"],
    sources: [
      .rfc(9293, "3.6"), .kernel("net/ipv4/tcp.c", "tcp_close()"),
      .kernel("net/ipv4/tcp_input.c", "tcp_rcv_state_process()"),
      .kernel("net/ipv4/tcp_timer.c", "tcp_keepalive_timer()"),
      .kernel("include/net/tcp.h", "tcp_fin_time()"),
      .kernel("net/ipv4/inet_diag.c", "inet_twsk_diag_fill()"), .ipSysctl("tcp_fin_timeout"),
      .man("tcp(7)", "TCP_LINGER2"),
    ])

  static let closing = KnowledgeEntry.state(
    .closing,
    title: L("CLOSING: both FINs crossed", "CLOSING：双方的 FIN 交错"),
    summary: L(
      "Both sides sent a FIN before seeing the other's. We have received and acknowledged the peer's FIN; ours is still unacknowledged.",
      "双方都在看到对方 FIN 之前发出了自己的 FIN。我方已收到并确认对端的 FIN，但我方的 FIN 还没有被确认。"),
    meaning: L(
      "A simultaneous close. Each side is both an active closer and a receiver of a FIN, so each passes through CLOSING and ends in TIME_WAIT. It is not caused by a lost ACK in a normal close: there the peer's FIN also acknowledges ours, which leads to TIME_WAIT directly.",
      "这是同时关闭。每一端既是主动关闭方又收到了对方的 FIN，因此两端都经过 CLOSING 并最终进入 TIME_WAIT。它不是普通关闭中 ACK 丢失造成的：普通关闭时对端的 FIN 同时确认了我方的 FIN，会直接进入 TIME_WAIT。"
    ),
    side: L(
      "Both ends of a simultaneous close.",
      "同时关闭的两端。"),
    enter: L(
      "FIN_WAIT1 receives a FIN whose ack does not cover our FIN: we send an ACK ([.] ack=w+1) and enter CLOSING.",
      "FIN_WAIT1 状态下收到的 FIN 没有确认我方的 FIN：回复 ACK（[.] ack=w+1）并进入 CLOSING。"),
    leave: L(
      "The ACK of our FIN arrives ([.] ack=u+1): TIME_WAIT. A RST or exhausted retransmissions: CLOSED.",
      "收到对我方 FIN 的确认（[.] ack=u+1）：进入 TIME_WAIT。收到 RST 或重传次数用尽：进入 CLOSED。"),
    timer: L(
      "The retransmission timer resends our FIN; an orphan gives up after tcp_orphan_retries (0 means 8).",
      "重传计时器重发我方的 FIN；孤儿套接字在 tcp_orphan_retries 次后放弃（0 表示 8 次）。"),
    normal: L(
      "Rare and brief, one round trip.",
      "罕见且短暂，只持续一个往返时间。"),
    pileUp: L(
      "The peers' ACKs never come back: they vanished after sending their FIN or the path drops packets. Also seen when both sides use the same idle timeout and close at the same moment over a lossy path.",
      "对端的 ACK 始终没有回来：对端发出 FIN 后消失了，或者路径在丢包。两端使用相同的空闲超时、在有丢包的路径上同时关闭时也会出现。"),
    tcpdump: [
      TcpdumpSegment("[F.]", L("both FINs cross on the wire", "两个 FIN 在线路上交错")),
      TcpdumpSegment("[.]", L("each side acknowledges the other's FIN", "双方各自确认对方的 FIN")),
    ],
    tunables: ["tcp_orphan_retries", "tcp_max_orphans"],
    related: ["close", "FIN_WAIT1", "TIME_WAIT"],
    sources: [
      .rfc(9293, "3.3.2"), .rfc(9293, "3.6"), .kernel("net/ipv4/tcp_input.c", "tcp_fin()"),
      .ipSysctl("tcp_orphan_retries"),
    ])

  static let timeWait = KnowledgeEntry.state(
    .timeWait,
    title: L("TIME_WAIT: the closer waits out old segments", "TIME_WAIT：主动关闭方等待旧报文消失"),
    summary: L(
      "The side that closed first has acknowledged the peer's FIN and now waits before forgetting the connection. On Linux the wait is a fixed 60 seconds.",
      "先关闭的一端已确认对端的 FIN，现在要等待一段时间才能彻底忘掉这条连接。在 Linux 上这段等待固定为 60 秒。"),
    meaning: L(
      "The connection is finished, but its four-tuple is kept. The classic explanation (W. Richard Stevens, TCP/IP Illustrated, Volume 1; RFC 1337 analyses the hazards) gives two reasons: if our last ACK is lost, the peer resends its FIN and we must be able to acknowledge it again instead of answering with a RST; and old segments of this connection still in the network must expire before a new connection with the same addresses and ports could accept them. RFC 9293 itself only requires the wait: an active closer MUST linger 2 × MSL (section 3.6.1, MUST-13), with MSL set to 2 minutes (section 3.4.2). Linux holds TIME_WAIT for TCP_TIMEWAIT_LEN, a constant 60 s that no sysctl changes.",
      "连接已经结束，但其四元组仍被保留。经典的解释（W. Richard Stevens《TCP/IP 详解·卷 1》；RFC 1337 分析了其中的风险）给出两个原因：如果我方最后的 ACK 丢失，对端会重发 FIN，我方必须能再次确认，而不是回复 RST；另外，这条连接滞留在网络中的旧报文必须先失效，免得被使用相同地址和端口的新连接误收。RFC 9293 本身只规定了等待：主动关闭方必须等待 2 × MSL（第 3.6.1 节，MUST-13），MSL 定为 2 分钟（第 3.4.2 节）。Linux 的 TIME_WAIT 长度是常量 TCP_TIMEWAIT_LEN，固定 60 秒，没有任何 sysctl 可以修改。"
    ),
    side: L(
      "The active closer, whichever side called close() first, client or server. In a simultaneous close both sides end here.",
      "主动关闭方，即先调用 close() 的一端，无论客户端还是服务器。同时关闭时两端都会进入此状态。"),
    enter: L(
      "FIN_WAIT2 receives the peer's FIN and sends the last ACK ([.] ack=w+1); CLOSING receives the ACK of our FIN; or FIN_WAIT1 receives a FIN that also acknowledges ours.",
      "FIN_WAIT2 状态下收到对端的 FIN 并发出最后的 ACK（[.] ack=w+1）；或 CLOSING 状态下收到对我方 FIN 的确认；或 FIN_WAIT1 状态下收到同时确认了我方 FIN 的 FIN。"
    ),
    leave: L(
      "After 60 s the time-wait socket is freed (CLOSED). A retransmitted FIN is acknowledged again and restarts the 60 s timer. A new SYN for the same four-tuple with a higher sequence number or timestamp may take the place early; with tcp_tw_reuse an outgoing connect() may reuse the tuple once timestamps make it safe. With the default tcp_rfc1337=0, a RST received here also ends the wait early.",
      "60 秒后 TIME_WAIT 套接字被释放（CLOSED）。若收到重传的 FIN，会再次确认，并重新开始 60 秒计时。针对同一四元组、序列号或时间戳更大的新 SYN 可以提前取代它；启用 tcp_tw_reuse 时，在时间戳能保证安全的前提下，向外的 connect() 可以复用该四元组。在默认的 tcp_rfc1337=0 下，此时收到 RST 也会提前结束等待。"
    ),
    timer: L(
      "The time-wait timer: a fixed 60 s (TCP_TIMEWAIT_LEN in include/net/tcp.h). It is not 2 × tcp_fin_timeout and cannot be tuned; tcp_tw_recycle, which used to shorten it, was removed in Linux 4.12.",
      "TIME_WAIT 计时器：固定 60 秒（include/net/tcp.h 中的 TCP_TIMEWAIT_LEN）。它不是 2 × tcp_fin_timeout，也不能调整；曾用来缩短它的 tcp_tw_recycle 已在 Linux 4.12 中删除。"
    ),
    normal: L(
      "A host that closes many short connections first carries thousands of them. They are cheap: a time-wait socket is a small structure without buffers or a file descriptor.",
      "主动关闭大量短连接的主机上有成千上万个属正常。它们开销很小：TIME_WAIT 套接字是一个没有缓冲区、也不占文件描述符的小结构。"),
    pileUp: L(
      "Mostly harmless. It hurts a client that opens many short connections to one destination address and port: each local port stays tied to that destination for 60 s, so the default range of 28,232 ports allows about 470 new connections per second before connect() fails with EADDRNOTAVAIL. Remedies: reuse connections (keep-alive, pools), widen ip_local_port_range, set tcp_tw_reuse=1 on the client, or let the other side close first. Above tcp_max_tw_buckets a closing socket skips TIME_WAIT and is freed at once; current kernels log nothing and only count it in TcpExtTCPTimeWaitOverflow (ip-sysctl.rst still speaks of a warning).",
      "大多数情况下无害。受影响的是向同一个目标地址和端口频繁建立短连接的客户端：每个本地端口会与该目标绑定 60 秒，默认 28232 个端口每秒只能支撑约 470 个新连接，超出后 connect() 返回 EADDRNOTAVAIL。对策：复用连接（长连接、连接池）、扩大 ip_local_port_range、在客户端设置 tcp_tw_reuse=1，或让另一端先关闭。超过 tcp_max_tw_buckets 时，正在关闭的套接字跳过 TIME_WAIT、立即被释放；当前内核不打印任何日志，只在 TcpExtTCPTimeWaitOverflow 中计数（ip-sysctl.rst 仍说会打印警告）。"
    ),
    tcpdump: [
      TcpdumpSegment("[F.]", L("the peer's FIN, seq=w", "对端的 FIN，seq=w")),
      TcpdumpSegment(
        "[.]",
        L("our last ACK, ack=w+1, which starts the 60 s wait", "我方最后的 ACK，ack=w+1，60 秒等待由此开始")),
    ],
    tunables: [
      "tcp_max_tw_buckets", "tcp_tw_reuse", "tcp_tw_reuse_delay", "ip_local_port_range",
      "tcp_rfc1337", "tcp_timestamps",
    ],
    related: ["time-wait", "close", "FIN_WAIT2"],
    sources: [
      .rfc(9293, "3.4.2"), .rfc(9293, "3.6.1"), .rfc(1337),
      .kernel("include/net/tcp.h", "TCP_TIMEWAIT_LEN"),
      .kernel("net/ipv4/tcp_minisocks.c", "tcp_time_wait(), tcp_timewait_state_process()"),
      .ipSysctl("tcp_max_tw_buckets"), .ipSysctl("tcp_tw_reuse"),
      Source(.book, "W. Richard Stevens, TCP/IP Illustrated, Volume 1", "2MSL wait state"),
    ])
}
