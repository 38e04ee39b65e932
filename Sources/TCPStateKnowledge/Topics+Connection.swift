/// Topics about opening and closing: RFC 9293 sections 3.4.1 (ISN and the
/// three-way handshake, Figures 6-8), 3.6 (closing, Figures 12-13) and 3.4.2
/// (MSL); Linux's TCP_TIMEWAIT_LEN (include/net/tcp.h) and the listener
/// queues (net/ipv4/inet_connection_sock.c).
extension KnowledgeBase {
  static let connectionTopics: [KnowledgeEntry] = [handshake, closeTopic, timeWaitTopic]

  static let handshake = KnowledgeEntry.topic(
    "handshake",
    aliases: [
      "three-way-handshake", "3way", "3-way", "3whs", "open", "connect", "syn", "三次握手", "握手",
    ],
    title: L("The three-way handshake", "三次握手"),
    summary: L(
      "Before any data, each side must tell the other its initial sequence number and hear it confirmed. Three segments do that: SYN, SYN-ACK, ACK.",
      "在传输任何数据之前，双方都必须把自己的初始序列号告诉对方并得到确认。三个报文段完成这件事：SYN、SYN-ACK、ACK。"),
    sections: [
      KnowledgeSection(
        "steps", L("The three segments", "三个报文段"),
        L(
          "1. The client sends a SYN with its initial sequence number x and moves from CLOSED to SYN_SENT. 2. The server answers with its own SYN, sequence number y, and acknowledges the client's with ack=x+1 (the SYN occupies one sequence number); it is now in SYN_RECV. 3. The client acknowledges with seq=x+1 ack=y+1 and is ESTABLISHED; the server becomes ESTABLISHED when this ACK arrives, not when it is sent. The third segment carries only the ACK flag, not SYN, and it may already carry data.",
          "1. 客户端发送带初始序列号 x 的 SYN，从 CLOSED 进入 SYN_SENT。2. 服务器回复自己的 SYN，序列号为 y，同时以 ack=x+1 确认客户端的 SYN（SYN 占用一个序列号），此时服务器处于 SYN_RECV。3. 客户端以 seq=x+1 ack=y+1 回复确认，进入 ESTABLISHED；服务器在收到这个 ACK 时才进入 ESTABLISHED，而不是在它发出时。第三个报文段只带 ACK 标志，不带 SYN，并且可以已经携带数据。"
        )),
      KnowledgeSection(
        "why_three", L("Why three and not two", "为什么是三次而不是两次"),
        L(
          "Each side must announce its ISN and see it acknowledged: four messages, of which the middle two (the server's ACK and its SYN) fit in one segment. With only two, the server could never learn whether its own ISN reached the client. Worse, the receiver of a SYN cannot tell a new request from a delayed duplicate of an old one: RFC 9293 section 3.5 names preventing such old duplicates from opening connections as the principal reason for the handshake. The third segment lets the client confirm or reject (with a RST) the connection the server is about to open, so an old duplicate SYN does not create a connection (Figure 8).",
          "双方都必须告知自己的初始序列号并看到它被确认，本来需要四条消息，其中中间两条（服务器的 ACK 和服务器的 SYN）可以合并成一个报文段。如果只有两次，服务器永远无法知道自己的初始序列号是否到达了客户端。更重要的是，收到 SYN 的一方无法区分新请求和滞留在网络中的旧请求副本：RFC 9293 第 3.5 节指出，防止这种旧的重复 SYN 建立连接正是三次握手的主要原因。第三个报文段让客户端确认或（用 RST）拒绝服务器将要建立的连接，这样旧的重复 SYN 就不会建立起连接（图 8）。"
        )),
      KnowledgeSection(
        "isn", L("Initial sequence numbers", "初始序列号"),
        L(
          "The ISN is not a plain counter. RFC 9293 section 3.4.1 asks for a 4-microsecond clock plus a keyed hash of the addresses and ports (RFC 6528), so that off-path attackers cannot guess it. Linux computes it in secure_tcp_seq() (net/core/secure_seq.c): a SipHash of the addresses and ports under a secret chosen at boot, plus a clock that advances every 64 ns, a period the code chose so that the 32-bit value wraps only about every 274 s, more than an MSL. The sequence space wraps at 2^32; all comparisons are modulo 2^32.",
          "初始序列号不是简单的计数器。RFC 9293 第 3.4.1 节要求它由一个每 4 微秒递增的时钟，加上对地址、端口和密钥计算的散列值组成（RFC 6528），使不在路径上的攻击者无法猜到。Linux 在 secure_tcp_seq()（net/core/secure_seq.c）中计算它：用启动时选定的密钥对地址和端口做 SipHash，再加上一个每 64 纳秒前进一次的时钟；代码选这个周期，是为了让 32 位的值大约每 274 秒才回绕一次，长于一个 MSL。序列号空间在 2^32 处回绕，所有比较都按 2^32 取模。"
        )),
      KnowledgeSection(
        "simultaneous_open", L("Simultaneous open", "同时打开"),
        L(
          "If both ends send a SYN to each other at the same time, each goes SYN_SENT, receives a SYN without ACK, answers with a SYN-ACK and moves to SYN_RECV, then becomes ESTABLISHED when the other's SYN-ACK arrives. Four segments, one connection (RFC 9293 Figure 7).",
          "如果两端同时向对方发送 SYN，每一端都先处于 SYN_SENT，收到不带 ACK 的 SYN 后回复 SYN-ACK 并进入 SYN_RECV，收到对方的 SYN-ACK 后进入 ESTABLISHED。共四个报文段，建立的是一条连接（RFC 9293 图 7）。"
        )),
      KnowledgeSection(
        "linux_queues", L("Linux: two queues per listener", "Linux：每个监听套接字两个队列"),
        L(
          "A SYN creates a request socket (the SYN queue); the final ACK turns it into a full socket placed on the accept queue, which accept() drains. The accept queue holds about min(backlog, net.core.somaxconn) connections (Linux admits one more before it counts as full). While it is full, Linux drops new SYNs (even with SYN cookies on) and drops the final ACK of handshakes under way so the client retries, unless tcp_abort_on_overflow=1 makes it answer with a RST. The SYN queue counts as full when its requests reach about the same backlog (the listener's sk_max_ack_backlog); then SYN cookies take over if enabled. tcp_max_syn_backlog matters only with SYN cookies off.",
          "SYN 会创建一个请求套接字，放入半连接队列；第三次握手的 ACK 把它变成完整的套接字，放入全连接队列，由 accept() 取走。全连接队列的容量大约是 backlog 与 net.core.somaxconn 两者中的较小值（Linux 会多放一个才判定为满）。队列满时 Linux 会丢弃新到的 SYN（即使启用了 SYN cookie），并丢弃进行中握手的第三次握手 ACK，让客户端重试；若 tcp_abort_on_overflow=1 则回复 RST。请求数大约达到同一个 backlog（监听套接字的 sk_max_ack_backlog）时半连接队列即算满，此时如果启用了 SYN cookie，就改用 cookie 作答。tcp_max_syn_backlog 只在关闭 SYN cookie 时才起作用。"
        )),
    ],
    tcpdump: [
      TcpdumpSegment("[S]", L("client to server: SYN, seq x", "客户端到服务器：SYN，seq x")),
      TcpdumpSegment(
        "[S.]", L("server to client: SYN-ACK, seq y, ack x+1", "服务器到客户端：SYN-ACK，seq y，ack x+1")),
      TcpdumpSegment(
        "[.]",
        L(
          "client to server: ACK, ack y+1 (tcpdump shows relative numbers after the SYNs unless -S)",
          "客户端到服务器：ACK，ack y+1（除非加 -S，tcpdump 在 SYN 之后显示相对序号）")),
    ],
    tunables: [
      "tcp_syn_retries", "tcp_syn_linear_timeouts", "tcp_synack_retries", "tcp_max_syn_backlog",
      "net.core.somaxconn", "tcp_syncookies", "tcp_abort_on_overflow", "tcp_fastopen",
      "tcp_timestamps",
      "tcp_window_scaling", "tcp_sack",
    ],
    related: ["SYN_SENT", "SYN_RECV", "ESTABLISHED", "syn-flood"],
    sources: [
      .rfc(9293, "3.4.1"), .rfc(9293, "3.5"), .rfc(6528), .kernel("net/core/secure_seq.c"),
      .kernel("net/ipv4/tcp_input.c", "tcp_conn_request()"),
      .kernel("net/ipv4/inet_connection_sock.c", "inet_csk_accept()"),
      .kernel("include/net/inet_connection_sock.h", "inet_csk_reqsk_queue_is_full()"),
    ])

  static let closeTopic = KnowledgeEntry.topic(
    "close",
    aliases: [
      "four-way", "four-way-handshake", "4way", "teardown", "fin", "shutdown", "half-close", "四次挥手",
      "挥手",
    ],
    title: L(
      "Closing a connection: FIN, half-close, four segments", "四次挥手：FIN、半关闭与连接的关闭"),
    summary: L(
      "Each direction of a TCP connection is closed on its own with a FIN, and each FIN is acknowledged. That makes four segments, three when the second FIN rides on the first ACK.",
      "TCP 连接的两个方向各自用 FIN 关闭，每个 FIN 都要被确认，这就是四次挥手；如果第二个 FIN 与第一个 ACK 合并，就只有三个报文段。"),
    sections: [
      KnowledgeSection(
        "steps", L("The usual sequence", "常见过程"),
        L(
          "1. The active closer calls close() and sends FIN seq=u: FIN_WAIT1. 2. The peer's kernel tells its application EOF and is in CLOSE_WAIT; it acknowledges the FIN with ack=u+1 after its delayed-ACK timer (typically 40 ms on Linux), and the closer moves to FIN_WAIT2 when that ACK arrives. 3. When the peer's application closes, it sends FIN seq=w ack=u+1: LAST_ACK. 4. The closer answers with seq=u+1 ack=w+1 and enters TIME_WAIT; the peer is CLOSED when this ACK arrives. Sequence numbers continue the byte stream; they are not chosen at random for each segment.",
          "1. 主动关闭方调用 close()，发送 FIN seq=u，进入 FIN_WAIT1。2. 对端内核告诉其应用程序已到 EOF，进入 CLOSE_WAIT；它在延迟确认计时器到期后（Linux 上通常为 40 毫秒）以 ack=u+1 确认该 FIN，关闭方收到这个 ACK 后进入 FIN_WAIT2。3. 对端应用关闭时发送 FIN seq=w ack=u+1，进入 LAST_ACK。4. 关闭方回复 seq=u+1 ack=w+1，进入 TIME_WAIT；对端在收到这个 ACK 后进入 CLOSED。序列号沿着字节流继续增长，并不是每个报文段随机选取。"
        )),
      KnowledgeSection(
        "why_four", L("Why four", "为什么是四次"),
        L(
          "Only the application decides when its own direction is finished, so the kernel cannot send its FIN together with the ACK of the peer's. Linux does not send that ACK at once either: tcp_fin() puts the socket in delayed-ACK (pingpong) mode, and the ACK waits for the delayed-ACK timer, at least TCP_DELACK_MIN (40 ms). When the application closes within that time, which request-response protocols often do, the FIN carries the ACK and a capture shows three segments: [F.], [F.], [.]. Otherwise the ACK leaves on its own and there are four.",
          "本方的发送方向何时结束只能由应用程序决定，所以内核无法把自己的 FIN 与对端 FIN 的确认一起发出。Linux 也不会马上发送这个 ACK：tcp_fin() 把套接字切换到延迟确认（pingpong）模式，ACK 要等延迟确认计时器到期，至少 TCP_DELACK_MIN（40 毫秒）。如果应用程序在这段时间内关闭（请求-响应式协议常常如此），FIN 就会捎带这个 ACK，抓包只看到三个报文段：[F.]、[F.]、[.]。否则 ACK 单独发出，一共四个报文段。"
        )),
      KnowledgeSection(
        "half_close", L("Half-close", "半关闭"),
        L(
          "shutdown(fd, SHUT_WR) sends the FIN but keeps the socket open for reading: the closer sits in FIN_WAIT2 receiving data until the peer's FIN. close() gives up the descriptor in both directions, and the socket becomes an orphan that the kernel finishes alone.",
          "shutdown(fd, SHUT_WR) 发送 FIN，但套接字仍可读：关闭方停在 FIN_WAIT2 继续接收数据，直到对端的 FIN 到来。close() 则同时关闭两个方向并释放文件描述符，套接字成为孤儿，由内核独自完成后续过程。"
        )),
      KnowledgeSection(
        "simultaneous_close", L("Simultaneous close", "同时关闭"),
        L(
          "If both sides send a FIN before receiving the other's, both go FIN_WAIT1, then CLOSING when the other's FIN arrives, then TIME_WAIT when their own FIN is acknowledged (RFC 9293 Figure 13). Both ends then wait in TIME_WAIT.",
          "如果双方都在收到对方 FIN 之前发出自己的 FIN，两端都进入 FIN_WAIT1，收到对方 FIN 后进入 CLOSING，自己的 FIN 被确认后进入 TIME_WAIT（RFC 9293 图 13）。之后两端都停留在 TIME_WAIT。"
        )),
      KnowledgeSection(
        "abort", L("When close() sends a RST instead", "close() 何时改发 RST"),
        L(
          "Linux sends a RST instead of a FIN if the application closes while received data is still unread, or when SO_LINGER is set with a zero timeout. The peer sees ECONNRESET. On Linux neither side then enters TIME_WAIT, although RFC 9293 section 3.5.2 says the side that sends a reset should.",
          "如果应用程序关闭时接收缓冲区里还有未读数据，或者设置了超时为 0 的 SO_LINGER，Linux 会发送 RST 而不是 FIN。对端会得到 ECONNRESET。在 Linux 上双方此后都不进入 TIME_WAIT，尽管 RFC 9293 第 3.5.2 节说发送 RST 的一方应当进入 TIME-WAIT。"
        )),
    ],
    tcpdump: [
      TcpdumpSegment(
        "[F.]", L("FIN (with ACK) from the active closer, seq u", "主动关闭方的 FIN（带 ACK），seq u")),
      TcpdumpSegment("[.]", L("ACK of it, ack u+1", "对它的确认，ack u+1")),
      TcpdumpSegment(
        "[F.]", L("the passive closer's FIN, seq w, ack u+1", "被动关闭方的 FIN，seq w，ack u+1")),
      TcpdumpSegment("[.]", L("the last ACK, ack w+1", "最后的 ACK，ack w+1")),
    ],
    tunables: ["tcp_fin_timeout", "tcp_orphan_retries", "tcp_max_orphans", "tcp_max_tw_buckets"],
    related: ["FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT", "LAST_ACK", "CLOSING", "TIME_WAIT", "CLOSED"],
    sources: [
      .rfc(9293, "3.6"), .rfc(9293, "3.6.1"), .kernel("net/ipv4/tcp.c", "tcp_close(), tcp_shutdown()"),
      .kernel("net/ipv4/tcp_input.c", "tcp_fin()"), .kernel("include/net/tcp.h", "TCP_DELACK_MIN"),
      .man("socket(7)", "SO_LINGER"), .man("shutdown(2)"),
    ])

  static let timeWaitTopic = KnowledgeEntry.topic(
    "time-wait",
    aliases: ["2msl", "msl", "tw", "tw-reuse", "so_reuseaddr", "reuseaddr"],
    title: L("TIME_WAIT, MSL and port reuse", "TIME_WAIT、MSL 与端口复用"),
    summary: L(
      "The side that closes first keeps the finished connection for a while. RFC 9293 says 2 × MSL (4 minutes); Linux uses a fixed 60 seconds.",
      "先关闭的一端会把已结束的连接保留一段时间。RFC 9293 规定为 2 × MSL（4 分钟）；Linux 固定使用 60 秒。"),
    sections: [
      KnowledgeSection(
        "why", L("Why it exists", "为什么需要它"),
        L(
          "The classic explanation (Stevens, TCP/IP Illustrated; RFC 1337 on the hazards) has two parts. First, the last ACK may be lost; the peer then resends its FIN, and the closer must still know the connection to acknowledge it again rather than reply with a RST. Second, segments of the old connection may still be travelling; waiting lets them expire before a new connection with the same four-tuple could mistake them for its own data. RFC 9293 requires the wait itself (section 3.6.1, MUST-13) but does not spell out these reasons.",
          "经典的解释（Stevens《TCP/IP 详解》；RFC 1337 分析了其中的风险）分为两点。第一，最后的 ACK 可能丢失；这时对端会重发 FIN，关闭方必须仍然记得这条连接，才能再次确认，而不是回复 RST。第二，旧连接的报文可能还在网络中传输；等待能让它们在使用相同四元组的新连接误收之前失效。RFC 9293 只规定了必须等待（第 3.6.1 节，MUST-13），并没有写明这两个原因。"
        )),
      KnowledgeSection(
        "msl", L("MSL and Linux's 60 seconds", "MSL 与 Linux 的 60 秒"),
        L(
          "MSL, the maximum segment lifetime, is 2 minutes in RFC 9293, so TIME-WAIT should last 4 minutes. Linux has no configurable MSL: TIME_WAIT lasts TCP_TIMEWAIT_LEN, 60 s, compiled in. tcp_fin_timeout is a different timer (orphaned FIN_WAIT2) and does not shorten TIME_WAIT.",
          "MSL 即报文最大生存时间，RFC 9293 中为 2 分钟，因此 TIME-WAIT 应持续 4 分钟。Linux 没有可配置的 MSL：TIME_WAIT 持续 TCP_TIMEWAIT_LEN，即编译进内核的 60 秒。tcp_fin_timeout 是另一个计时器（作用于孤儿 FIN_WAIT2），不会缩短 TIME_WAIT。"
        )),
      KnowledgeSection(
        "who", L("Who carries it", "谁承担它"),
        L(
          "Whoever closes first. A server that closes its clients' connections collects TIME_WAIT sockets; protocols that let the client close first (HTTP keep-alive clients, for example) keep them on the clients.",
          "谁先关闭谁承担。服务器主动关闭客户端连接时，TIME_WAIT 套接字积累在服务器上；让客户端先关闭的协议（例如使用长连接的 HTTP 客户端）则把它们留在客户端。")),
      KnowledgeSection(
        "reuse",
        L(
          "SO_REUSEADDR, tcp_tw_reuse and the removed tcp_tw_recycle",
          "SO_REUSEADDR、tcp_tw_reuse 与已删除的 tcp_tw_recycle"),
        L(
          "SO_REUSEADDR lets a restarted server bind() its port while old connections on that port are still in TIME_WAIT; without it bind() fails with EADDRINUSE. tcp_tw_reuse lets an outgoing connect() take a four-tuple still in TIME_WAIT when TCP timestamps prove newer segments can be told apart (1 = everywhere, 2 = loopback only, the default on current kernels). tcp_tw_recycle broke clients behind NAT and was removed in Linux 4.12; advice to enable it is obsolete.",
          "SO_REUSEADDR 让重启的服务器在该端口的旧连接仍处于 TIME_WAIT 时也能 bind() 该端口；否则 bind() 返回 EADDRINUSE。tcp_tw_reuse 允许向外的 connect() 在 TCP 时间戳能区分新旧报文时，使用仍处于 TIME_WAIT 的四元组（1 表示全部启用，2 表示只用于回环，当前内核的默认值为 2）。tcp_tw_recycle 会破坏 NAT 后的客户端，已在 Linux 4.12 中删除；建议启用它的说法已经过时。"
        )),
      KnowledgeSection(
        "ports", L("Port exhaustion", "端口耗尽"),
        L(
          "A client talking to one server address and port can have at most one connection per local port in use or in TIME_WAIT. With ip_local_port_range 32768-60999 (28,232 ports) and 60 s of TIME_WAIT, that is about 470 new connections per second to the same destination.",
          "客户端连向同一服务器地址和端口时，每个本地端口同一时刻只能对应一条连接，无论它在使用中还是处于 TIME_WAIT。ip_local_port_range 为 32768-60999（28232 个端口）、TIME_WAIT 为 60 秒时，向同一目标每秒最多约 470 个新连接。"
        )),
    ],
    tcpdump: [
      TcpdumpSegment("[F.]", L("the peer's FIN", "对端的 FIN")),
      TcpdumpSegment(
        "[.]", L("the last ACK; TIME_WAIT starts when it is sent", "最后的 ACK；发出它时 TIME_WAIT 开始")),
    ],
    tunables: [
      "tcp_tw_reuse", "tcp_tw_reuse_delay", "tcp_max_tw_buckets", "ip_local_port_range",
      "tcp_fin_timeout", "tcp_timestamps", "tcp_rfc1337",
    ],
    related: ["TIME_WAIT", "close"],
    sources: [
      .rfc(9293, "3.4.2"), .rfc(9293, "3.6.1"), .rfc(1337), .rfc(6191),
      .kernel("include/net/tcp.h", "TCP_TIMEWAIT_LEN"),
      .kernel("net/ipv4/tcp_ipv4.c", "tcp_twsk_unique()"), .ipSysctl("tcp_tw_reuse"),
      .man("socket(7)", "SO_REUSEADDR"),
    ])
}
