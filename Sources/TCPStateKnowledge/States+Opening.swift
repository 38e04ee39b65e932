import TCPStateModel

/// States of connection establishment: LISTEN, SYN_SENT, SYN_RECV and Linux's
/// request socket. Transitions follow RFC 9293 section 3.3.2 (Figure 5) and
/// section 3.5; Linux timers follow net/ipv4/tcp_timer.c and
/// Documentation/networking/ip-sysctl.rst.
extension KnowledgeBase {
  static let openingStates: [KnowledgeEntry] = [listen, synSent, synRecv, newSynRecv]

  static let listen = KnowledgeEntry.state(
    .listen,
    title: L("LISTEN: waiting for connection requests", "LISTEN：等待连接请求"),
    summary: L(
      "A listening socket accepts SYNs from any peer on its address and port. It never becomes a connection itself: each completed handshake produces a new socket that accept() hands to the application.",
      "监听套接字接收任何对端发往其地址和端口的 SYN。它本身永远不会变成一条连接：每完成一次握手，内核就生成一个新的套接字，由 accept() 交给应用程序。"),
    meaning: L(
      "The passive open of RFC 9293: the socket waits for SYNs from any remote address and port. Linux keeps two queues per listener: half-open requests that have been answered with a SYN-ACK (shown as SYN-RECV) and completed connections waiting for accept(). For a LISTEN socket, ss prints the accept queue's current length under Recv-Q and its limit under Send-Q.",
      "这是 RFC 9293 中的被动打开：套接字等待来自任意远端地址和端口的 SYN。Linux 为每个监听套接字维护两个队列：已回复 SYN-ACK 的半连接请求（ss 显示为 SYN-RECV），以及已完成握手、等待 accept() 取走的连接。对 LISTEN 套接字，ss 的 Recv-Q 列是全连接队列的当前长度，Send-Q 列是该队列的上限。"
    ),
    side: L(
      "The server, the passive opener. No peer is involved yet.",
      "服务器端，即被动打开方。此时还没有任何对端。"),
    enter: L(
      "The application calls listen() on a socket (after bind(), or the kernel picks a port). No segment is sent. The backlog argument is silently capped at net.core.somaxconn.",
      "应用程序对套接字调用 listen()（通常先 bind()，否则内核自动选端口）。此时不发送任何报文段。listen() 的 backlog 参数会被悄悄截断为 net.core.somaxconn。"
    ),
    leave: L(
      "close() returns it to CLOSED; requests still in its queues are reset or dropped. An incoming SYN ([S] seq=x) does not move the listener: the kernel answers with a SYN-ACK ([S.] seq=y ack=x+1) on behalf of a new request socket. RFC 9293 also lets a SEND call turn a listener into an active opener (LISTEN to SYN-SENT); the sockets API offers no such call.",
      "调用 close() 后回到 CLOSED，队列中尚未完成或尚未被取走的连接会被重置或丢弃。收到 SYN（[S] seq=x）并不会改变监听套接字的状态：内核以一个新的请求套接字的名义回复 SYN-ACK（[S.] seq=y ack=x+1）。RFC 9293 还允许 SEND 调用把监听方变成主动打开方（LISTEN 到 SYN-SENT），但套接字 API 没有对应的调用。"
    ),
    timer: L(
      "None. A listener stays in LISTEN until the application closes it.",
      "没有计时器。监听套接字会一直处于 LISTEN，直到应用程序关闭它。"),
    normal: L(
      "One LISTEN socket per service address and port (several with SO_REUSEPORT). The accept queue (Recv-Q) is normally near zero because the application accepts promptly.",
      "每个服务的地址加端口对应一个 LISTEN 套接字（使用 SO_REUSEPORT 时可以有多个）。正常情况下全连接队列（Recv-Q）接近 0，因为应用程序会及时调用 accept()。"
    ),
    pileUp: L(
      "Many listeners simply means many services. What matters is a Recv-Q close to Send-Q: the application is not calling accept() fast enough. While the accept queue is full, Linux drops new SYNs (sk_acceptq_is_full() in tcp_conn_request(), even with SYN cookies on) and drops the final ACK of handshakes already under way (or answers it with a RST if tcp_abort_on_overflow is 1); nstat counts both in TcpExtListenOverflows and TcpExtListenDrops.",
      "监听套接字多只说明服务多。真正需要关注的是 Recv-Q 接近 Send-Q：应用程序调用 accept() 不够快。全连接队列满时，Linux 会丢弃新到的 SYN（tcp_conn_request() 中的 sk_acceptq_is_full()，即使启用了 SYN cookie 也一样），并丢弃已在进行中的握手的第三次握手 ACK（若 tcp_abort_on_overflow 为 1 则回复 RST）；nstat 把这两种情况都计入 TcpExtListenOverflows 和 TcpExtListenDrops。"
    ),
    tcpdump: [
      TcpdumpSegment("[S]", L("a client's SYN arrives at the listener", "客户端的 SYN 到达监听端口")),
      TcpdumpSegment(
        "[S.]",
        L("the kernel answers with SYN-ACK for a new request socket", "内核为新的请求套接字回复 SYN-ACK")),
    ],
    tunables: [
      "net.core.somaxconn", "tcp_max_syn_backlog", "tcp_abort_on_overflow", "tcp_syncookies",
    ],
    related: ["SYN_RECV", "NEW_SYN_RECV", "handshake", "syn-flood"],
    sources: [
      .rfc(9293, "3.3.2"), .kernel("net/socket.c", "__sys_listen()"),
      .kernel("net/ipv4/tcp_input.c", "tcp_conn_request()"),
      .kernel("net/ipv4/tcp_diag.c", "tcp_diag_get_info()"),
      .kernel("include/net/sock.h", "sk_acceptq_is_full()"), .ipSysctl("somaxconn"),
      .man("listen(2)"),
    ])

  static let synSent = KnowledgeEntry.state(
    .synSent,
    title: L("SYN_SENT: connection request sent", "SYN_SENT：已发出连接请求"),
    summary: L(
      "The client has sent its SYN and waits for the server's SYN-ACK. It lasts one round trip when the server answers, and up to about two minutes when nothing answers at all.",
      "客户端已发出 SYN，正在等待服务器的 SYN-ACK。服务器有响应时它只持续一个往返时间；完全没有响应时可以持续约两分钟。"),
    meaning: L(
      "An active open is in progress: a SYN carrying the initial sequence number x has been sent and no matching SYN-ACK has arrived yet. The SYN occupies one sequence number, so the first data byte will be x+1.",
      "主动打开正在进行：携带初始序列号 x 的 SYN 已经发出，但还没有收到匹配的 SYN-ACK。SYN 本身占用一个序列号，所以第一个数据字节的序号是 x+1。"),
    side: L(
      "The client, the active opener (both ends during a simultaneous open).",
      "客户端，即主动打开方（同时打开时两端都会经历此状态）。"),
    enter: L(
      "The application calls connect(); the kernel picks a local port if none was bound, sends a SYN ([S] seq=x) and moves from CLOSED to SYN_SENT. A non-blocking connect() returns EINPROGRESS at this point.",
      "应用程序调用 connect()；如果没有绑定本地端口，内核会从 ip_local_port_range 中选一个，然后发送 SYN（[S] seq=x），状态从 CLOSED 变为 SYN_SENT。非阻塞的 connect() 此时返回 EINPROGRESS。"
    ),
    leave: L(
      "A SYN-ACK ([S.] seq=y ack=x+1) arrives: the client answers with an ACK ([.] seq=x+1 ack=y+1) and is ESTABLISHED. A bare SYN arrives (simultaneous open): it sends a SYN-ACK and goes to SYN_RECV. A RST that acknowledges the SYN ([R.] ack=x+1) means nobody listens: CLOSED, and connect() fails with ECONNREFUSED. When the SYN retransmissions run out: CLOSED with ETIMEDOUT. close() also returns it to CLOSED.",
      "收到 SYN-ACK（[S.] seq=y ack=x+1）：客户端回复 ACK（[.] seq=x+1 ack=y+1），进入 ESTABLISHED。收到不带 ACK 的 SYN（同时打开）：回复 SYN-ACK，进入 SYN_RECV。收到确认了该 SYN 的 RST（[R.] ack=x+1）表示对端端口没有监听：回到 CLOSED，connect() 以 ECONNREFUSED 失败。SYN 重传次数用尽：回到 CLOSED，错误为 ETIMEDOUT。调用 close() 也会回到 CLOSED。"
    ),
    timer: L(
      "The SYN retransmission timer starts at 1 s. On kernels that have tcp_syn_linear_timeouts, that many retransmissions (default 4) are added to tcp_syn_retries (default 6) and the timeout stays 1 s until they are used up; then it doubles. With both defaults the successive timeouts are 1, 1, 1, 1, 1, 2, 4, 8, 16, 32 and 64 s: 10 retransmissions at 1, 2, 3, 4, 5, 7, 11, 19, 35 and 67 s, and the attempt is abandoned at about 131 s. Kernels without tcp_syn_linear_timeouts double from the start (1, 2, 4 ... 64 s): 6 retransmissions at 1, 3, 7, 15, 31 and 63 s, giving up at about 127 s. The live section below shows what this host's values give. TCP_SYNCNT and TCP_USER_TIMEOUT override this per socket.",
      "SYN 重传计时器初始为 1 秒。在有 tcp_syn_linear_timeouts 的内核上，这么多次重传（默认 4 次）额外加在 tcp_syn_retries（默认 6 次）之上，用完之前超时一直保持 1 秒，之后才逐次翻倍。两者都取默认值时，依次的超时为 1、1、1、1、1、2、4、8、16、32、64 秒：共重传 10 次，分别在第 1、2、3、4、5、7、11、19、35、67 秒，约在第 131 秒放弃。没有 tcp_syn_linear_timeouts 的内核从一开始就翻倍（1、2、4……64 秒）：重传 6 次，分别在第 1、3、7、15、31、63 秒，约在第 127 秒放弃。下方的本机实况给出按本机参数计算的结果。TCP_SYNCNT 和 TCP_USER_TIMEOUT 可以按套接字覆盖这些值。"
    ),
    normal: L(
      "Seen only for the round-trip time of a connect(); usually zero or a handful at any moment.",
      "只在 connect() 的一个往返时间内可见；任一时刻通常为 0 或寥寥几个。"),
    pileUp: L(
      "Many SYN_SENT sockets mean SYNs get no answer: the destination is down or unreachable, or a firewall silently drops the SYNs (a firewall that rejects would send a RST instead). Each attempt waits up to about two minutes unless the application sets its own connect timeout. A host sending SYNs to many different addresses may also be scanning or infected.",
      "大量 SYN_SENT 表示发出的 SYN 得不到回应：目标主机宕机或不可达，或者防火墙静默丢弃了 SYN（拒绝型防火墙会回 RST）。除非应用程序设置了自己的连接超时，每次尝试最长要等约两分钟。如果本机向大量不同地址发 SYN，还可能是在扫描或已被入侵。"
    ),
    tcpdump: [
      TcpdumpSegment(
        "[S]",
        L("the client's SYN, seq=x (repeated on each retransmission)", "客户端的 SYN，seq=x（每次重传都相同）")),
      TcpdumpSegment(
        "[S.]", L("the server's SYN-ACK, seq=y ack=x+1", "服务器的 SYN-ACK，seq=y ack=x+1")),
      TcpdumpSegment(
        "[R.]",
        L(
          "no listener: RST with ack=x+1, connect() fails with ECONNREFUSED",
          "端口无人监听：带 ack=x+1 的 RST，connect() 返回 ECONNREFUSED")),
    ],
    tunables: [
      "tcp_syn_retries", "tcp_syn_linear_timeouts", "ip_local_port_range",
      "ip_local_reserved_ports", "tcp_fastopen",
    ],
    related: ["handshake", "ESTABLISHED", "rst"],
    sources: [
      .rfc(9293, "3.5"), .kernel("net/ipv4/tcp_timer.c", "tcp_write_timeout(), tcp_retransmit_timer()"),
      .ipSysctl("tcp_syn_retries"), .ipSysctl("tcp_syn_linear_timeouts"), .man("tcp(7)", "TCP_SYNCNT"),
    ])

  static let synRecv = KnowledgeEntry.state(
    .synRecv,
    title: L("SYN_RECV: SYN received and answered", "SYN_RECV：已收到并回复 SYN"),
    summary: L(
      "The server has received a SYN, answered it with a SYN-ACK, and waits for the client's ACK of that SYN-ACK. On Linux a passive open keeps this half-open connection as a small request socket.",
      "服务器收到了 SYN 并回复了 SYN-ACK，正在等待客户端对该 SYN-ACK 的确认。在 Linux 上，被动打开的半连接以一个轻量级的请求套接字保存。"),
    meaning: L(
      "Half of the handshake is done: the peer's SYN (seq=x) has been acknowledged and our own SYN (seq=y) has been sent with it, but nobody has acknowledged our SYN yet. RFC 9293 calls the state SYN-RECEIVED. On Linux, ss and sock_diag report the request sockets of listeners (internally NEW_SYN_RECV) under this name; a full socket is in SYN_RECV only after a simultaneous open or for TCP Fast Open.",
      "握手完成了一半：对端的 SYN（seq=x）已被确认，我方的 SYN（seq=y）也随之发出，但我方的 SYN 还没有被确认。RFC 9293 称之为 SYN-RECEIVED。在 Linux 上，ss 和 sock_diag 把监听套接字的请求套接字（内核内部状态为 NEW_SYN_RECV）也显示为此状态；完整的套接字只有在同时打开或 TCP Fast Open 时才处于 SYN_RECV。"
    ),
    side: L(
      "The server, the passive opener; both ends during a simultaneous open.",
      "服务器端，即被动打开方；同时打开时两端都会经历此状态。"),
    enter: L(
      "A listener receives a SYN ([S] seq=x) and answers with a SYN-ACK ([S.] seq=y ack=x+1). In a simultaneous open, a socket in SYN_SENT that receives a SYN without ACK answers with a SYN-ACK and moves here.",
      "监听套接字收到 SYN（[S] seq=x）并回复 SYN-ACK（[S.] seq=y ack=x+1）。同时打开时，处于 SYN_SENT 的套接字收到不带 ACK 的 SYN 后回复 SYN-ACK，也进入此状态。"
    ),
    leave: L(
      "The client's final ACK ([.] seq=x+1 ack=y+1) arrives: the connection is ESTABLISHED and waits in the accept queue. A RST sends a passively opened request back to LISTEN (the request is discarded) and an actively opened one to CLOSED. When the SYN-ACK retransmissions run out, the request is dropped. RFC 9293 lets close() here send a FIN and move to FIN-WAIT-1.",
      "收到客户端的第三次握手 ACK（[.] seq=x+1 ack=y+1）：连接进入 ESTABLISHED，放入全连接队列等待 accept()。收到 RST 时，被动打开的请求被丢弃（回到 LISTEN），主动打开的则回到 CLOSED。SYN-ACK 重传次数用尽后，该请求被丢弃。按 RFC 9293，此时调用 close() 会发送 FIN 并进入 FIN-WAIT-1。"
    ),
    timer: L(
      "The SYN-ACK retransmission timer: first after 1 s, then doubling, at most tcp_synack_retries times (default 5). With the default the retransmissions leave at 1, 3, 7, 15 and 31 s, and the request is dropped at about 63 s. That holds while the listener's request queue is at most half full; beyond that, old requests get fewer retransmissions (see syn-flood).",
      "SYN-ACK 重传计时器：第一次在 1 秒后，之后间隔逐次翻倍，最多重传 tcp_synack_retries 次（默认 5 次）。按默认值，重传发生在第 1、3、7、15、31 秒，约在第 63 秒丢弃该请求。这只在监听套接字的请求队列不超过一半时成立；超过一半后，老的请求重传次数会减少（详见主题“SYN泛洪”）。"
    ),
    normal: L(
      "Short-lived: one round trip per new connection, so a few at a time even on a busy server.",
      "存在时间很短：每个新连接只持续一个往返时间，因此即使在繁忙的服务器上，任一时刻也只有少量。"),
    pileUp: L(
      "Many SYN_RECV entries from many random source addresses are the signature of a SYN flood: spoofed SYNs whose SYN-ACKs go nowhere. SYN cookies (tcp_syncookies) let the server answer without keeping a request at all. Many from real clients instead point at lost final ACKs (asymmetric routing, a firewall dropping them), a full accept queue, or listeners using TCP_DEFER_ACCEPT.",
      "来自大量随机源地址的 SYN_RECV 是 SYN 泛洪攻击的特征：伪造的 SYN 所对应的 SYN-ACK 无处可达。SYN cookie（tcp_syncookies）使服务器可以在不保存任何请求的情况下作答。如果堆积来自真实客户端，则多半是第三次握手的 ACK 丢失（非对称路由、防火墙丢弃）、全连接队列已满，或者监听方使用了 TCP_DEFER_ACCEPT。"
    ),
    tcpdump: [
      TcpdumpSegment("[S]", L("the client's SYN, seq=x", "客户端的 SYN，seq=x")),
      TcpdumpSegment(
        "[S.]",
        L(
          "our SYN-ACK, seq=y ack=x+1 (repeated on each retransmission)",
          "我方的 SYN-ACK，seq=y ack=x+1（每次重传相同）")),
      TcpdumpSegment(
        "[.]", L("the client's ACK, ack=y+1, completes the handshake", "客户端的 ACK，ack=y+1，握手完成")),
    ],
    tunables: [
      "tcp_synack_retries", "tcp_max_syn_backlog", "tcp_syncookies", "net.core.somaxconn",
      "tcp_abort_on_overflow", "tcp_fastopen",
    ],
    related: ["NEW_SYN_RECV", "handshake", "syn-flood", "LISTEN"],
    sources: [
      .rfc(9293, "3.3.2"), .rfc(9293, "3.5"), .rfc(9293, "3.10.7.4"),
      .kernel("net/ipv4/inet_connection_sock.c", "reqsk_timer_handler()"),
      .kernel("net/ipv4/inet_diag.c", "inet_req_diag_fill()"), .ipSysctl("tcp_synack_retries"),
    ])

  static let newSynRecv = KnowledgeEntry.state(
    .newSynRecv,
    title: L("NEW_SYN_RECV: Linux request socket", "NEW_SYN_RECV：Linux 的请求套接字"),
    summary: L(
      "Linux's own state (number 12, since Linux 4.1) for the lightweight request socket a listener creates for each SYN it answers. It is not one of RFC 9293's states, and tools show it as SYN-RECV.",
      "这是 Linux 自有的状态（编号 12，Linux 4.1 起），用于监听套接字为每个已回复的 SYN 创建的轻量请求套接字。它不属于 RFC 9293 的状态，各种工具都把它显示为 SYN-RECV。"
    ),
    meaning: L(
      "A half-open connection stored as a struct request_sock of a few hundred bytes instead of a full socket, so that a listener can hold many pending handshakes cheaply and without locking the listener. It carries the addresses, both initial sequence numbers and the options negotiated in the SYN.",
      "半连接以几百字节的 struct request_sock 保存，而不是完整的套接字，这样监听套接字可以低成本地、无需加锁地维持大量未完成的握手。其中保存了双方地址、两端的初始序列号以及 SYN 中协商的选项。"
    ),
    side: L(
      "The server (passive opener), on behalf of a listener.",
      "服务器端（被动打开方），隶属于某个监听套接字。"),
    enter: L(
      "A listener receives a SYN ([S] seq=x) while it is not answering with SYN cookies: the kernel creates the request socket and sends a SYN-ACK ([S.] seq=y ack=x+1).",
      "监听套接字收到 SYN（[S] seq=x）且当前没有使用 SYN cookie 作答时，内核创建请求套接字并发送 SYN-ACK（[S.] seq=y ack=x+1）。"),
    leave: L(
      "The client's ACK ([.] ack=y+1) arrives: the kernel creates a full socket, which is ESTABLISHED and queued for accept(), and frees the request. A RST or running out of SYN-ACK retransmissions frees the request without a socket ever existing.",
      "收到客户端的 ACK（[.] ack=y+1）：内核创建完整的套接字，状态为 ESTABLISHED，放入全连接队列等待 accept()，并释放请求套接字。收到 RST 或 SYN-ACK 重传次数用尽时，请求套接字被释放，完整的套接字从未出现过。"
    ),
    timer: L(
      "The same SYN-ACK retransmission timer as SYN_RECV: 1 s doubling, tcp_synack_retries times (default 5), dropped at about 63 s while the request queue is at most half full.",
      "与 SYN_RECV 相同的 SYN-ACK 重传计时器：从 1 秒开始翻倍，重传 tcp_synack_retries 次（默认 5 次）；请求队列不超过一半时，约 63 秒后丢弃。"),
    normal: L(
      "Exactly what ss lists as SYN-RECV under a listener: a few during normal traffic.",
      "即 ss 在监听端口下列出的 SYN-RECV：正常流量下只有少量。"),
    pileUp: L(
      "The same reading as SYN_RECV: random sources mean a SYN flood, real clients mean lost ACKs or a saturated accept queue. With SYN cookies active, no request socket is kept for the cookie-answered SYNs, so a flood no longer fills memory.",
      "解读与 SYN_RECV 相同：源地址随机说明是 SYN 泛洪，来自真实客户端说明 ACK 丢失或全连接队列饱和。启用 SYN cookie 后，以 cookie 作答的 SYN 不再保存请求套接字，泛洪也就不会耗尽内存。"
    ),
    tcpdump: [
      TcpdumpSegment("[S]", L("the SYN that creates the request", "创建请求套接字的 SYN")),
      TcpdumpSegment("[S.]", L("the SYN-ACK sent for it", "为其发送的 SYN-ACK")),
      TcpdumpSegment("[.]", L("the ACK that turns it into a full socket", "使其变成完整套接字的 ACK")),
    ],
    tunables: ["tcp_synack_retries", "tcp_max_syn_backlog", "tcp_syncookies"],
    related: ["SYN_RECV", "syn-flood", "LISTEN"],
    sources: [
      .kernel("include/net/tcp_states.h", "TCP_NEW_SYN_RECV"),
      .kernel("include/net/request_sock.h", "struct request_sock"),
      .kernel("net/ipv4/tcp_input.c", "tcp_conn_request()"),
      .kernel("net/ipv4/tcp_minisocks.c", "tcp_check_req()"),
      .kernel("net/ipv4/inet_connection_sock.c", "reqsk_timer_handler()"),
    ])
}
