import TCPStateModel

/// ESTABLISHED and the passive closer's states (CLOSE_WAIT, LAST_ACK).
/// RFC 9293 sections 3.3.2 and 3.6; Linux behaviour from net/ipv4/tcp.c
/// (tcp_close) and tcp_input.c (tcp_fin, tcp_rcv_state_process).
extension KnowledgeBase {
  static let passiveStates: [KnowledgeEntry] = [established, closeWait, lastAck]

  static let established = KnowledgeEntry.state(
    .established,
    title: L("ESTABLISHED: connection open", "ESTABLISHED：连接已建立"),
    summary: L(
      "The handshake is complete and data can flow both ways. Most sockets of a working host are here.",
      "握手已经完成，数据可以双向传输。正常工作的主机上大部分套接字都处于此状态。"),
    meaning: L(
      "Both sides have synchronized their sequence numbers and each has acknowledged the other's SYN. The connection is full duplex: each direction carries data and acknowledgments independently until one side closes its direction with a FIN.",
      "双方已同步序列号，各自的 SYN 都得到了对方确认。连接是全双工的：两个方向各自独立地传输数据和确认，直到某一方用 FIN 关闭自己的发送方向。"),
    side: L(
      "Both ends, client and server alike.",
      "两端都会处于此状态，客户端和服务器端相同。"),
    enter: L(
      "The client enters it when the SYN-ACK arrives and it sends the final ACK ([.] ack=y+1). The server enters it when that ACK arrives; the new socket then waits in the listener's accept queue until accept() returns it.",
      "客户端在收到 SYN-ACK 并发出第三次握手 ACK（[.] ack=y+1）时进入此状态。服务器端在收到该 ACK 时进入；新的套接字随后在监听套接字的全连接队列中等待，直到 accept() 取走它。"
    ),
    leave: L(
      "The application calls close() or shutdown(SHUT_WR): a FIN ([F.] seq=u) goes out after any queued data and the socket moves to FIN_WAIT1 (the active closer). A FIN arrives from the peer: the kernel acknowledges it ([.] ack=u+1), read() returns 0, and the socket moves to CLOSE_WAIT (the passive closer). A valid RST moves it straight to CLOSED with ECONNRESET; so does exhausting tcp_retries2 or the keepalive probes, with ETIMEDOUT.",
      "应用程序调用 close() 或 shutdown(SHUT_WR)：在已排队的数据之后发出 FIN（[F.] seq=u），套接字进入 FIN_WAIT1（主动关闭方）。收到对端的 FIN：内核确认它（[.] ack=u+1），read() 返回 0，套接字进入 CLOSE_WAIT（被动关闭方）。收到有效的 RST 时直接进入 CLOSED，错误为 ECONNRESET；tcp_retries2 次重传或保活探测全部失败时同样进入 CLOSED，错误为 ETIMEDOUT。"
    ),
    timer: L(
      "No timer ends a healthy connection. The retransmission timer gives up on unacknowledged data after tcp_retries2 (default 15, at least about 924.6 s); the keepalive timer, only if the application enabled SO_KEEPALIVE, declares an idle peer dead after tcp_keepalive_time + tcp_keepalive_intvl × tcp_keepalive_probes (7200 + 75 × 9 = 7875 s). When the peer advertises a zero window, the persist timer sends zero-window probes with exponential backoff instead of data; Linux aborts after tcp_retries2 unanswered probes (tcp_orphan_retries for an orphan, tcp_probe_timer()), but a peer that keeps answering with a zero window can hold the connection open indefinitely unless TCP_USER_TIMEOUT bounds it. TCP_USER_TIMEOUT, set per socket, replaces the retransmission limit with a time (shorter or longer than tcp_retries2 gives) and also caps how long keepalive probes may go unanswered.",
      "健康的连接没有计时器来结束它。重传计时器在 tcp_retries2 次（默认 15 次，至少约 924.6 秒）后放弃未被确认的数据；保活计时器仅在应用启用 SO_KEEPALIVE 时生效，在 tcp_keepalive_time + tcp_keepalive_intvl × tcp_keepalive_probes（7200 + 75 × 9 = 7875 秒）后判定空闲的对端已失效。对端通告零窗口时，持续计时器以指数退避发送零窗口探测而不是数据；探测连续 tcp_retries2 次得不到回应时 Linux 放弃连接（孤儿套接字按 tcp_orphan_retries，见 tcp_probe_timer()），但只要对端一直以零窗口作答，连接就可以无限期地保持，除非设置了 TCP_USER_TIMEOUT。按套接字设置的 TCP_USER_TIMEOUT 会用一个时长取代重传次数上限（可以比 tcp_retries2 对应的时间更短，也可以更长），同时限制保活探测得不到回应的最长时间。"
    ),
    normal: L(
      "One per open connection; thousands on a busy server are ordinary. For a connected socket ss's Recv-Q is the bytes received but not yet read by the application and Send-Q the bytes written but not yet acknowledged by the peer, sent or not (tcp_diag_get_info()); both near zero is the healthy case, a Recv-Q that stays high means a slow reader here, a Send-Q that stays high a slow reader or a congested path on the other side.",
      "每条打开的连接一个；繁忙的服务器上有成千上万个也很正常。对已连接的套接字，ss 的 Recv-Q 是已收到但应用还没有读取的字节数，Send-Q 是应用已写入但对端还没有确认的字节数，无论是否已发出（tcp_diag_get_info()）。两者都接近 0 是健康的；Recv-Q 一直很高说明本端应用读得慢，Send-Q 一直很高说明对端读得慢或者路径拥塞。"
    ),
    pileUp: L(
      "A growing count that never falls points at connection leaks (pools or clients that never close) or at idle connections whose peer has vanished behind a NAT or firewall; without keepalive such a connection can stay ESTABLISHED forever.",
      "数量只增不减说明存在连接泄漏（连接池或客户端从不关闭连接），或者对端已在 NAT、防火墙之后消失的空闲连接；不启用保活时，这样的连接可以永远停留在 ESTABLISHED。"),
    tcpdump: [
      TcpdumpSegment(
        "[P.]",
        L("data with PSH, e.g. seq 1:11 ack 1 length 10", "带 PSH 的数据，例如 seq 1:11 ack 1 length 10")),
      TcpdumpSegment("[.]", L("a pure acknowledgment (length 0)", "纯确认报文（length 0）")),
    ],
    tunables: [
      "tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes", "tcp_retries1",
      "tcp_retries2",
      "tcp_rmem", "tcp_wmem", "tcp_congestion_control", "tcp_timestamps", "tcp_sack",
      "tcp_window_scaling", "tcp_ecn", "tcp_mtu_probing", "tcp_notsent_lowat",
      "tcp_slow_start_after_idle", "tcp_mem", "tcp_rto_min_us", "tcp_rto_max_ms",
      "tcp_challenge_ack_limit", "net.core.rmem_max", "net.core.wmem_max",
      "net.core.netdev_max_backlog",
    ],
    related: ["handshake", "close", "keepalive", "rst"],
    sources: [
      .rfc(9293, "3.3.2"), .rfc(9293, "3.8.3"), .rfc(9293, "3.8.4"),
      .kernel("net/ipv4/tcp_timer.c", "retransmits_timed_out(), tcp_keepalive_timer(), tcp_probe_timer()"),
      .kernel("net/ipv4/tcp_diag.c", "tcp_diag_get_info()"),
      .ipSysctl("tcp_retries2"), .ipSysctl("tcp_keepalive_time"), .man("tcp(7)", "TCP_USER_TIMEOUT"),
    ])

  static let closeWait = KnowledgeEntry.state(
    .closeWait,
    title: L("CLOSE_WAIT: peer closed, waiting for the application", "CLOSE_WAIT：对端已关闭，等待本端应用程序"),
    summary: L(
      "The peer has sent its FIN and the kernel has acknowledged it. The socket now waits for the local application to call close(); no timer will do it instead.",
      "对端发来了 FIN，内核已确认。套接字在等待本地应用程序调用 close()；没有任何计时器会替应用做这件事。"),
    meaning: L(
      "The peer's direction is closed: it will send no more data, and read() returns 0 once the buffered data is consumed. Our direction is still open, so the application may keep sending until it closes.",
      "对端的发送方向已经关闭：它不会再发送数据，缓冲区的数据读完后 read() 返回 0。本端的发送方向仍然打开，应用程序在关闭前可以继续发送。"),
    side: L(
      "The passive closer, the side whose peer closed first.",
      "被动关闭方，即对端先关闭的那一端。"),
    enter: L(
      "ESTABLISHED receives a FIN ([F.] seq=u). The FIN occupies one sequence number, so its ACK carries ack=u+1, but Linux does not send that ACK at once: tcp_fin() puts the socket in delayed-ACK (pingpong) mode, so the ACK leaves when the delayed-ACK timer fires, typically 40 ms later (TCP_DELACK_MIN), or rides on our own FIN if the application closes first.",
      "ESTABLISHED 状态下收到 FIN（[F.] seq=u）。FIN 占用一个序列号，所以对它的确认是 ack=u+1，但 Linux 并不马上发送这个 ACK：tcp_fin() 把套接字切换到延迟确认（pingpong）模式，ACK 要等延迟确认计时器到期才发出，通常在 40 毫秒后（TCP_DELACK_MIN）；如果应用程序在此之前就关闭，ACK 会随我方的 FIN 一起发出。"
    ),
    leave: L(
      "The application calls close() (or shutdown(SHUT_WR)): the kernel sends its own FIN ([F.] seq=w ack=u+1) and moves to LAST_ACK. A RST moves it to CLOSED.",
      "应用程序调用 close()（或 shutdown(SHUT_WR)）：内核发出自己的 FIN（[F.] seq=w ack=u+1），进入 LAST_ACK。收到 RST 则进入 CLOSED。"
    ),
    timer: L(
      "None. Linux never ends CLOSE_WAIT by itself. Only keepalive (if the application enabled it) or a failing retransmission can kill the connection, and only when the peer has vanished.",
      "没有计时器。Linux 不会自行结束 CLOSE_WAIT。只有保活机制（应用启用时）或重传失败能终止连接，而且仅在对端已经消失的情况下。"),
    normal: L(
      "Brief: a well-written application notices EOF and closes within milliseconds.",
      "非常短暂：编写良好的应用程序会在发现 EOF 后几毫秒内关闭套接字。"),
    pileUp: L(
      "Always a bug in the local application: it does not call close() after the peer has finished, for example a missing close on an error path or a connection pool that never checks for EOF. No tunable helps. Find the process with tcpstate list --state CLOSE_WAIT -p (or tcpstate doctor, which groups them by process) and fix the code; each such socket also holds a file descriptor.",
      "总是本地应用程序的缺陷：对端结束后应用没有调用 close()，例如错误处理分支漏掉了关闭，或连接池从不检查 EOF。调任何内核参数都无济于事。用 tcpstate list --state CLOSE_WAIT -p（或 tcpstate doctor，它按进程分组）找到进程并修复代码；每个这样的套接字还占用一个文件描述符。"
    ),
    tcpdump: [
      TcpdumpSegment("[F.]", L("the peer's FIN, seq=u", "对端的 FIN，seq=u")),
      TcpdumpSegment("[.]", L("our ACK of it, ack=u+1", "我方对它的 ACK，ack=u+1")),
    ],
    tunables: ["tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes"],
    related: ["close", "LAST_ACK", "FIN_WAIT2"],
    sources: [
      .rfc(9293, "3.6"), .kernel("net/ipv4/tcp_input.c", "tcp_fin()"),
      .kernel("include/net/tcp.h", "TCP_DELACK_MIN"), .man("ss(8)", "state close-wait"),
    ])

  static let lastAck = KnowledgeEntry.state(
    .lastAck,
    title: L("LAST_ACK: waiting for the ACK of our FIN", "LAST_ACK：等待对我方 FIN 的确认"),
    summary: L(
      "The passive closer has sent its own FIN and waits for the peer to acknowledge it. When the ACK arrives the connection is gone, with no TIME_WAIT on this side.",
      "被动关闭方已发出自己的 FIN，正在等待对端确认。ACK 一到连接就结束，这一端不经过 TIME_WAIT。"),
    meaning: L(
      "Both directions are closed, ours last. The only thing outstanding is the acknowledgment of our FIN.",
      "两个方向都已关闭，我方是后关闭的一方。唯一尚未完成的是对我方 FIN 的确认。"),
    side: L(
      "The passive closer.",
      "被动关闭方。"),
    enter: L(
      "From CLOSE_WAIT when the application calls close(): a FIN goes out ([F.] seq=w ack=u+1).",
      "从 CLOSE_WAIT 开始，应用程序调用 close() 时发出 FIN（[F.] seq=w ack=u+1）。"),
    leave: L(
      "The peer's ACK ([.] ack=w+1) arrives: CLOSED, and the socket is freed. A RST or running out of FIN retransmissions also ends in CLOSED.",
      "收到对端的 ACK（[.] ack=w+1）：进入 CLOSED，套接字被释放。收到 RST 或 FIN 重传次数用尽，也会进入 CLOSED。"),
    timer: L(
      "The retransmission timer resends the FIN. An orphaned socket (the usual case, since close() was called) gives up after tcp_orphan_retries, whose default 0 means 8 retries; otherwise tcp_retries2 applies.",
      "重传计时器会重发 FIN。孤儿套接字（通常如此，因为应用已调用 close()）在 tcp_orphan_retries 次后放弃，默认值 0 表示 8 次；非孤儿套接字则按 tcp_retries2。"
    ),
    normal: L(
      "One round trip long; rarely seen.",
      "只持续一个往返时间；很少看到。"),
    pileUp: L(
      "The final ACKs do not arrive: the peers vanished after sending their FIN (crash, NAT or firewall state expired) or the path loses packets. These sockets are orphans and count against tcp_max_orphans.",
      "最后的 ACK 没有到达：对端发出 FIN 后消失了（崩溃，或 NAT、防火墙的会话已过期），或者路径丢包。这些套接字都是孤儿套接字，计入 tcp_max_orphans。"),
    tcpdump: [
      TcpdumpSegment("[F.]", L("our FIN, seq=w ack=u+1", "我方的 FIN，seq=w ack=u+1")),
      TcpdumpSegment("[.]", L("the peer's final ACK, ack=w+1", "对端最后的 ACK，ack=w+1")),
    ],
    tunables: ["tcp_orphan_retries", "tcp_max_orphans", "tcp_retries2"],
    related: ["close", "CLOSE_WAIT", "TIME_WAIT"],
    sources: [
      .rfc(9293, "3.6"), .kernel("net/ipv4/tcp_input.c", "tcp_rcv_state_process()"),
      .kernel("net/ipv4/tcp_timer.c", "tcp_orphan_retries()"), .ipSysctl("tcp_orphan_retries"),
    ])
}
