/// Topics about failure and defence: SYN floods and SYN cookies
/// (ip-sysctl.rst tcp_syncookies, net/ipv4/syncookies.c), keepalive
/// (RFC 9293 section 3.8.4, tcp_keepalive_* in ip-sysctl.rst) and resets
/// (RFC 9293 sections 3.5.2 and 3.10.7, RFC 5961).
extension KnowledgeBase {
  static let defenceTopics: [KnowledgeEntry] = [synFlood, keepalive, rst]

  static let synFlood = KnowledgeEntry.topic(
    "syn-flood",
    aliases: [
      "synflood", "syn_flood", "syncookies", "syncookie", "syn-cookies", "syn-cookie", "SYN泛洪",
      "泛洪",
    ],
    title: L("SYN floods and SYN cookies", "SYN Flood（SYN 泛洪）与 SYN cookie"),
    summary: L(
      "An attacker sends SYNs, usually from forged addresses, and never completes the handshake, hoping to fill the listener's queue of half-open requests. SYN cookies let the server answer without remembering anything.",
      "攻击者发送 SYN（通常使用伪造的源地址）却从不完成握手，企图填满监听套接字的半连接队列。SYN cookie 让服务器无需记住任何东西就能作答。"),
    sections: [
      KnowledgeSection(
        "attack", L("The attack", "攻击方式"),
        L(
          "Each SYN makes the server store a request and send a SYN-ACK to the forged source, which never answers. With tcp_synack_retries=5 and no pressure, each request lingers about 63 s while its SYN-ACK is retransmitted. Once the listener's request queue is more than half full (over half its backlog, a backlog under 8 counting as 8), reqsk_timer_handler() gives requests that never got an answer fewer retransmissions, down to 2, so under a flood they are dropped after about 7 s and room stays for young ones. Once the queue is full, genuine clients' SYNs are dropped, unless SYN cookies answer them.",
          "每个 SYN 都让服务器保存一个请求，并向伪造的源地址发送 SYN-ACK，而那个地址永远不会回应。在 tcp_synack_retries=5 且没有压力时，每个请求在 SYN-ACK 重传期间要停留约 63 秒。监听套接字的请求队列超过一半（超过 backlog 的一半；backlog 小于 8 时按 8 计）后，reqsk_timer_handler() 会减少从未得到回应的请求的重传次数，最少减到 2 次，因此遭受泛洪时它们约 7 秒后就被丢弃，为新请求腾出空间。一旦请求队列满了，正常客户端的 SYN 就会被丢弃，除非用 SYN cookie 作答。"
        )),
      KnowledgeSection(
        "detect", L("Recognising it", "如何识别"),
        L(
          "Many SYN-RECV entries under one listener whose peers are scattered random addresses; the kernel log line \"Possible SYN flooding on port\"; rising TcpExtListenDrops, TcpExtSyncookiesSent and TcpExtSyncookiesFailed in nstat, and TcpExtTCPReqQFullDoCookies (a full queue answered with cookies) or TcpExtTCPReqQFullDrop (a full queue that dropped the SYN, cookies being off). Many SYN-RECV from a few real clients is a different problem (lost ACKs or a slow accept loop).",
          "同一个监听端口下有大量 SYN-RECV，且对端地址分散而随机；内核日志出现 “Possible SYN flooding on port”；nstat 中 TcpExtListenDrops、TcpExtSyncookiesSent、TcpExtSyncookiesFailed 持续增长，以及 TcpExtTCPReqQFullDoCookies（队列满、改用 cookie 作答）或 TcpExtTCPReqQFullDrop（队列满且未启用 cookie，SYN 被丢弃）增长。如果大量 SYN-RECV 来自少数真实客户端，那是另一个问题（ACK 丢失或 accept 循环太慢）。"
        )),
      KnowledgeSection(
        "cookies", L("How SYN cookies work", "SYN cookie 的原理"),
        L(
          "Instead of storing the request, the server encodes it in the sequence number of its SYN-ACK: a keyed hash of the addresses, ports and a coarse time counter, plus a few bits that index the client's MSS. A genuine client's ACK returns that number plus one in its ack field; the server checks the hash, and only then creates the socket. Nothing is kept for forged SYNs. The cost: options the SYN carried, such as window scaling and SACK, can only be recovered when TCP timestamps are on, because Linux stores them in the timestamp.",
          "服务器不保存请求，而是把它编码进 SYN-ACK 的序列号：由地址、端口和一个粗粒度时间计数器加密钥计算出的散列值，再加上几位表示客户端 MSS 档位的编码。真实客户端的 ACK 在 ack 字段中带回这个数加一；服务器校验散列，通过后才创建套接字。对伪造的 SYN 什么也不保存。代价是：SYN 中的窗口缩放、SACK 等选项只有在启用 TCP 时间戳时才能恢复，因为 Linux 把它们存放在时间戳里。"
        )),
      KnowledgeSection(
        "linux", L("On Linux", "在 Linux 上"),
        L(
          "tcp_syncookies=1 (the default) sends cookies only while a listener's request queue is full; 2 sends them always; 0 never. The queue counts as full when its requests reach about the listener's backlog, min(listen() backlog, net.core.somaxconn); tcp_max_syn_backlog does not set this limit and matters only with tcp_syncookies=0, where SYNs from peers this host has no record of are dropped once less than a quarter of tcp_max_syn_backlog is free. Cookies are a fallback, not a way to serve more legitimate load: if real clients trigger them, raise the backlog and speed up accept().",
          "tcp_syncookies=1（默认）只在监听套接字的请求队列满时发送 cookie；2 表示总是发送；0 表示从不。请求数大约达到监听套接字的 backlog，即 listen() 的 backlog 与 net.core.somaxconn 两者中的较小值时，队列就算满了；tcp_max_syn_backlog 并不决定这个上限，只在 tcp_syncookies=0 时起作用：剩余空间不足 tcp_max_syn_backlog 的四分之一时，来自本机没有记录的对端的 SYN 会被丢弃。cookie 只是后备手段，不是用来承载更多正常负载的：如果是真实客户端触发了它，应当增大 backlog 并加快 accept()。"
        )),
      KnowledgeSection(
        "other", L("Other measures", "其他措施"),
        L(
          "Lower tcp_synack_retries so half-open requests die sooner, raise the backlog, and rate-limit SYNs per source upstream (firewall or scrubbing service). Forged sources cannot be blocked one by one.",
          "降低 tcp_synack_retries 让半连接更早消失，增大 backlog，并在上游（防火墙或清洗服务）按来源限制 SYN 速率。伪造的源地址无法逐个封禁。")),
    ],
    tcpdump: [
      TcpdumpSegment("[S]", L("a flood SYN from a forged address", "来自伪造地址的泛洪 SYN")),
      TcpdumpSegment(
        "[S.]",
        L(
          "our SYN-ACK, its seq a cookie when cookies are active",
          "我方的 SYN-ACK；启用 cookie 时其 seq 就是 cookie")),
      TcpdumpSegment(
        "[.]", L("a genuine client's ACK, ack = cookie + 1", "真实客户端的 ACK，ack = cookie + 1")),
    ],
    tunables: [
      "tcp_syncookies", "tcp_max_syn_backlog", "tcp_synack_retries", "net.core.somaxconn",
      "tcp_timestamps",
    ],
    related: ["SYN_RECV", "NEW_SYN_RECV", "handshake", "LISTEN"],
    sources: [
      .rfc(4987), .kernel("net/ipv4/syncookies.c"),
      .kernel("net/ipv4/tcp_input.c", "tcp_conn_request(), tcp_syn_flood_action()"),
      .kernel("net/ipv4/inet_connection_sock.c", "reqsk_timer_handler()"),
      .ipSysctl("tcp_syncookies"), .ipSysctl("tcp_max_syn_backlog"),
    ])

  static let keepalive = KnowledgeEntry.topic(
    "keepalive",
    aliases: ["keep-alive", "keep_alive", "so_keepalive", "heartbeat", "保活"],
    title: L("TCP keepalive", "TCP 保活"),
    summary: L(
      "An optional probe that detects a dead peer on an idle connection. It is off unless the application enables SO_KEEPALIVE, and Linux's defaults take over two hours to notice.",
      "一种可选的探测机制，用于发现空闲连接上已经失效的对端。除非应用启用 SO_KEEPALIVE，否则它是关闭的；按 Linux 默认值，需要两个多小时才能发现问题。"),
    sections: [
      KnowledgeSection(
        "what", L("What it does", "它做什么"),
        L(
          "After a connection has been idle for tcp_keepalive_time, the kernel sends a probe: an ACK whose sequence number is one below the next byte it would send, which obliges the peer to answer with an ACK. If the peer answers, the idle timer starts again. If tcp_keepalive_probes probes, tcp_keepalive_intvl apart, all go unanswered, the connection is dropped and the application gets ETIMEDOUT. A RST in reply (peer rebooted) ends it at once.",
          "连接空闲 tcp_keepalive_time 之后，内核发送一个探测报文：一个序列号比下一个待发字节小一的 ACK，迫使对端回复 ACK。对端回复了，空闲计时重新开始。如果间隔 tcp_keepalive_intvl 发出的 tcp_keepalive_probes 个探测都没有回应，连接就被断开，应用得到 ETIMEDOUT。如果对端回复 RST（例如对端已重启），连接立即结束。"
        )),
      KnowledgeSection(
        "timing", L("How long with the defaults", "默认值下需要多久"),
        L(
          "7200 s idle + 9 probes × 75 s = 7875 s, about 2 h 11 min, before a dead peer is detected. Linux sends 9 probes. BSD's code gives up after 8 (TCPTV_KEEPCNT in tcp_timer.h); the 10 often quoted comes from a textbook, W. Richard Stevens' TCP/IP Illustrated, Volume 1. RFC 9293 section 3.8.4 says keepalives are optional, must default to off, and the idle interval must default to no less than two hours.",
          "空闲 7200 秒 + 9 个探测 × 75 秒 = 7875 秒，约 2 小时 11 分钟后才能发现对端失效。Linux 发送 9 个探测。BSD 的代码在 8 个（tcp_timer.h 中的 TCPTV_KEEPCNT）后放弃；常被引用的 10 个出自教科书，即 W. Richard Stevens 的《TCP/IP 详解·卷 1》。RFC 9293 第 3.8.4 节规定保活是可选的，默认必须关闭，且默认空闲间隔不得少于两小时。"
        )),
      KnowledgeSection(
        "per_socket", L("Per-socket settings", "按套接字设置"),
        L(
          "The sysctls are only defaults. An application enables keepalive with SO_KEEPALIVE and can set TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT per socket; TCP_USER_TIMEOUT replaces the retransmission limit with a time, shorter or longer than tcp_retries2 gives, and with keepalive on it also ends the connection once probes have gone unanswered that long.",
          "这些 sysctl 只是默认值。应用用 SO_KEEPALIVE 启用保活，可以按套接字设置 TCP_KEEPIDLE、TCP_KEEPINTVL 和 TCP_KEEPCNT；TCP_USER_TIMEOUT 则用一个时长取代重传次数上限（可比 tcp_retries2 对应的时间更短或更长）；启用保活时，探测得不到回应达到这个时长，连接也会被终止。"
        )),
      KnowledgeSection(
        "nat", L("Keepalive and middleboxes", "保活与中间设备"),
        L(
          "NAT gateways and firewalls often forget idle flows after minutes, far sooner than two hours. Long-lived idle connections through them need a shorter keepalive time or an application-level heartbeat.",
          "NAT 网关和防火墙往往在几分钟后就忘掉空闲的会话，远短于两小时。经过它们的长时间空闲连接需要更短的保活时间，或者在应用层做心跳。")),
    ],
    tcpdump: [
      TcpdumpSegment(
        "[.]",
        L(
          "the probe: an ACK with seq one below the next byte, length 0",
          "探测报文：seq 比下一字节小一的 ACK，length 0")),
      TcpdumpSegment(
        "[.]", L("the peer's reply: an ACK that restarts the idle timer", "对端的回复：重新开始空闲计时的 ACK")),
      TcpdumpSegment(
        "[R]",
        L("a rebooted peer knows nothing of the connection and resets it", "重启过的对端不认识该连接，回复 RST")),
    ],
    tunables: [
      "tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes", "tcp_retries2",
    ],
    related: ["ESTABLISHED", "CLOSE_WAIT", "rst"],
    sources: [
      .rfc(9293, "3.8.4"), .rfc(1122, "4.2.3.6"),
      .kernel("net/ipv4/tcp_timer.c", "tcp_keepalive_timer()"), .ipSysctl("tcp_keepalive_time"),
      .man("tcp(7)", "TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_USER_TIMEOUT"),
      Source(.kernel, "4.4BSD netinet/tcp_timer.h", "TCPTV_KEEPCNT"),
      Source(.book, "W. Richard Stevens, TCP/IP Illustrated, Volume 1", "TCP keepalive timer"),
    ])

  static let rst = KnowledgeEntry.topic(
    "rst",
    aliases: [
      "reset", "rst-flag", "connection-reset", "econnreset", "econnrefused", "refused", "复位", "重置",
    ],
    title: L("RST: aborting a connection", "RST：中止连接"),
    summary: L(
      "A RST ends a connection at once. It is not acknowledged and data still in flight is lost. On Linux neither side enters TIME_WAIT; RFC 9293 section 3.5.2 says the side that sends a reset should enter TIME-WAIT, which Linux does not do.",
      "RST 立即结束连接。它不需要被确认，仍在途中的数据会丢失。在 Linux 上双方都不进入 TIME_WAIT；RFC 9293 第 3.5.2 节则说发送 RST 的一方应当进入 TIME-WAIT，Linux 并没有这样做。"
    ),
    sections: [
      KnowledgeSection(
        "when", L("When a RST is sent", "什么时候发送 RST"),
        L(
          "A SYN reaches a port with no listener (the client sees ECONNREFUSED). A segment arrives for a connection the host does not know, for example after a reboot. The application closes with unread data in its receive buffer, or with SO_LINGER set to zero. The accept queue overflows and tcp_abort_on_overflow=1. Too many orphans exceed tcp_max_orphans. A firewall rule rejects with tcp-reset.",
          "SYN 到达没有监听的端口（客户端得到 ECONNREFUSED）。报文到达本机不认识的连接，例如主机重启之后。应用程序关闭时接收缓冲区里还有未读数据，或者设置了超时为 0 的 SO_LINGER。全连接队列溢出且 tcp_abort_on_overflow=1。孤儿套接字数超过 tcp_max_orphans。防火墙规则以 tcp-reset 拒绝。"
        )),
      KnowledgeSection(
        "numbers", L("Sequence numbers of a RST", "RST 的序列号"),
        L(
          "RFC 9293 section 3.5.2: if the offending segment had the ACK flag, the RST takes its sequence number from that segment's ack field and carries no ACK ([R]). Otherwise, as for a SYN, the RST has sequence number 0 and acknowledges seq+len of the offending segment ([R.] seq 0, ack x+1).",
          "RFC 9293 第 3.5.2 节：如果引发 RST 的报文带 ACK 标志，RST 的序列号取自该报文的 ack 字段，且不带 ACK（[R]）。否则（例如针对 SYN），RST 的序列号为 0，并确认该报文的 seq+len（[R.] seq 0，ack x+1）。"
        )),
      KnowledgeSection(
        "validation", L("Which RSTs are accepted", "哪些 RST 会被接受"),
        L(
          "In a synchronized state a RST is accepted only if its sequence number is exactly the next expected one; one that is merely inside the window draws a challenge ACK instead (RFC 5961, adopted by RFC 9293). This makes blind reset attacks much harder. In SYN_SENT a RST counts only if it acknowledges our SYN.",
          "在已同步的状态下，只有序列号恰好等于下一个期望序号的 RST 才会被接受；仅仅落在窗口内的 RST 只会换来一个挑战 ACK（RFC 5961，已被 RFC 9293 采纳）。这使盲目伪造 RST 的攻击困难得多。在 SYN_SENT 状态下，只有确认了我方 SYN 的 RST 才有效。"
        )),
      KnowledgeSection(
        "effect", L("What the application sees", "应用程序看到什么"),
        L(
          "ECONNREFUSED for a refused connect(), ECONNRESET on read or write after a reset, EPIPE (and SIGPIPE) on a later write. The socket goes to CLOSED immediately and its buffered data is discarded. With the default tcp_rfc1337=0, a RST that arrives in TIME_WAIT also ends that wait early.",
          "connect() 被拒绝时得到 ECONNREFUSED，连接被重置后读写得到 ECONNRESET，之后再写会得到 EPIPE（以及 SIGPIPE）。套接字立即进入 CLOSED，缓冲区中的数据被丢弃。在默认的 tcp_rfc1337=0 下，TIME_WAIT 期间收到 RST 也会提前结束等待。"
        )),
    ],
    tcpdump: [
      TcpdumpSegment(
        "[R.]",
        L(
          "RST with ACK, e.g. the refusal of a SYN: seq 0, ack x+1",
          "带 ACK 的 RST，例如拒绝 SYN：seq 0，ack x+1")),
      TcpdumpSegment(
        "[R]",
        L(
          "RST without ACK, seq taken from the offending segment's ack",
          "不带 ACK 的 RST，seq 取自引发它的报文的 ack")),
    ],
    tunables: ["tcp_abort_on_overflow", "tcp_max_orphans", "tcp_rfc1337", "tcp_challenge_ack_limit"],
    related: ["CLOSED", "SYN_SENT", "close", "keepalive"],
    sources: [
      .rfc(9293, "3.5.2"), .rfc(9293, "3.5.3"), .rfc(9293, "3.10.7"), .rfc(5961),
      .kernel("net/ipv4/tcp_input.c", "tcp_validate_incoming(), tcp_reset()"),
      .kernel("net/ipv4/tcp.c", "tcp_close()"), .ipSysctl("tcp_challenge_ack_limit"),
    ])
}
