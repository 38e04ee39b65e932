import TCPStateModel

/// CLOSED (the kernel's TCP_CLOSE) and BOUND_INACTIVE. RFC 9293 section 3.3.2
/// calls CLOSED fictional because no TCB exists; Linux sockets do sit in
/// TCP_CLOSE before connecting and after a connection ends while the
/// descriptor is still open (include/net/tcp_states.h).
extension KnowledgeBase {
  static let closedStates: [KnowledgeEntry] = [closed, boundInactive]

  static let closed = KnowledgeEntry.state(
    .close,
    title: L("CLOSED: no connection", "CLOSED：没有连接"),
    summary: L(
      "No connection exists. The kernel calls this state CLOSE and ss prints it as UNCONN. Only closed sockets that hold a port they bound with bind() can be seen: a socket that was never bound, or whose port connect() picked and released again, is in no table that sock_diag walks.",
      "没有连接。内核把这个状态叫作 CLOSE，ss 显示为 UNCONN。只有用 bind() 绑定了端口的已关闭套接字才看得到：从未绑定的套接字，或端口由 connect() 自动选取、连接结束后又已释放的套接字，不在 sock_diag 遍历的任何表中。"
    ),
    meaning: L(
      "In RFC 9293 CLOSED is the absence of a connection, the state before the first and after the last. On Linux a socket is in CLOSE after socket() and bind() but before listen() or connect(), and again after its connection was reset, timed out or finished while the descriptor is still open.",
      "在 RFC 9293 中，CLOSED 表示不存在连接，是第一个状态之前和最后一个状态之后的状态。在 Linux 上，套接字在 socket()、bind() 之后、listen() 或 connect() 之前处于 CLOSE；连接被重置、超时或正常结束而文件描述符仍未关闭时，也会回到这个状态。"
    ),
    side: L(
      "Either end, before a connection starts and after it ends.",
      "任一端，在连接开始之前和结束之后。"),
    enter: L(
      "socket() creates it here. A connection returns here when the ACK of our FIN arrives in LAST_ACK, when the 60 s TIME_WAIT expires, when a valid RST arrives in any state ([R] or [R.]), when retransmissions or keepalive probes run out, or when a listener or a connecting socket is closed.",
      "socket() 创建的套接字就处于此状态。以下情况会让连接回到这里：LAST_ACK 收到对我方 FIN 的确认，60 秒的 TIME_WAIT 到期，任何状态下收到有效的 RST（[R] 或 [R.]），重传或保活探测次数用尽，以及关闭监听中或正在连接的套接字。"
    ),
    leave: L(
      "listen() moves it to LISTEN (passive open); connect() sends a SYN ([S]) and moves it to SYN_SENT (active open). A closed socket that already had a connection cannot be reused for a new one: the application must create a new socket.",
      "listen() 使其进入 LISTEN（被动打开）；connect() 发出 SYN（[S]）并进入 SYN_SENT（主动打开）。曾经有过连接的套接字关闭后不能再用于新连接，应用必须重新创建套接字。"
    ),
    timer: L(
      "None. The socket stays until the application closes its descriptor.",
      "没有计时器。套接字一直存在，直到应用程序关闭其文件描述符。"),
    normal: L(
      "Few or none are visible: a bound socket about to listen or connect, or a finished connection on a port the application bound explicitly.",
      "可见的很少甚至没有：已绑定、即将 listen() 或 connect() 的套接字，或者应用显式绑定的端口上已经结束的连接。"),
    pileUp: L(
      "The UNCONN sockets ss and tcpstate can show are all bound with bind(): many of them mean an application binds ports it never uses, or keeps the descriptors of finished connections on ports it bound itself. A leak of closed sockets that were never bound (the usual client case) does not show here at all; count the process's descriptors in /proc/PID/fd instead. A SYN that reaches a port where nothing listens is answered with a RST ([R.] seq 0 ack x+1), which is where connection refused comes from.",
      "ss 和 tcpstate 能显示的 UNCONN 套接字都用 bind() 绑定过端口：数量很多说明应用绑定了端口却从不使用，或者在自己绑定的端口上保留着已结束连接的文件描述符。从未绑定的已关闭套接字（客户端的常见情形）即使泄漏也根本不会出现在这里，应当去数 /proc/PID/fd 中该进程的文件描述符。发往无人监听端口的 SYN 会收到 RST（[R.] seq 0 ack x+1），这就是“连接被拒绝”的来源。"
    ),
    tcpdump: [
      TcpdumpSegment(
        "[R.]",
        L(
          "answer to a SYN for a port nobody listens on: seq 0, ack x+1",
          "对发往无人监听端口的 SYN 的回复：seq 0，ack x+1")),
      TcpdumpSegment(
        "[R]",
        L(
          "a reset that ends a connection; its seq is the ack of the segment that provoked it",
          "结束连接的 RST；其 seq 取自引发它的报文的 ack")),
    ],
    tunables: [],
    related: ["rst", "LISTEN", "SYN_SENT", "BOUND_INACTIVE"],
    sources: [
      .rfc(9293, "3.3.2"), .kernel("include/net/tcp_states.h"),
      .kernel("net/ipv4/tcp.c", "tcp_set_state()"),
      .kernel("net/ipv4/inet_diag.c", "inet_diag_dump_icsk()"), .man("ss(8)"),
    ])

  static let boundInactive = KnowledgeEntry.state(
    .boundInactive,
    title: L("BOUND_INACTIVE: bound but unused", "BOUND_INACTIVE：已绑定但未使用"),
    summary: L(
      "Not a protocol state and never reported: 13 is a bit of a sock_diag request (TCPF_BOUND_INACTIVE, on recent kernels) that asks the kernel to include sockets holding a bound port that neither listen nor connect. The reply carries their real state, CLOSE, and ss prints them as UNCONN.",
      "这不是协议状态，内核也从不报告它：13 是 sock_diag 请求中的一个过滤位（TCPF_BOUND_INACTIVE，较新的内核才有），用来要求内核把占用着已绑定端口、却既不监听也不连接的套接字一并列出。回复中携带的是它们真实的状态 CLOSE，ss 显示为 UNCONN。"
    ),
    meaning: L(
      "A socket that called bind() and then nothing else. It reserves its port, so another bind() to the same port fails with EADDRINUSE, which is why it is worth seeing.",
      "调用了 bind() 之后再没有其他操作的套接字。它占用着端口，使其他对同一端口的 bind() 失败并返回 EADDRINUSE，这正是值得查看它的原因。"),
    side: L(
      "Whichever application bound the port.",
      "绑定了该端口的应用程序。"),
    enter: L(
      "bind() on a fresh socket, or the end of a connection on a port the application bound explicitly (a port picked by connect() is released when the connection ends).",
      "对新套接字调用 bind()，或者应用显式绑定的端口上连接已经结束（由 connect() 自动选取的端口在连接结束时就被释放）。"),
    leave: L(
      "listen() (LISTEN), connect() (SYN_SENT), or close() of the descriptor, which releases the port.",
      "调用 listen()（进入 LISTEN）、connect()（进入 SYN_SENT），或关闭文件描述符从而释放端口。"),
    timer: L(
      "None.",
      "没有计时器。"),
    normal: L(
      "Rare; ss lists them (as UNCONN) only when asked for state bound-inactive, and tcpstate counts them with CLOSED.",
      "少见；只有明确要求 state bound-inactive 时 ss 才会列出（显示为 UNCONN），tcpstate 把它们计入 CLOSED。"),
    pileUp: L(
      "An application reserving ports it does not use, or a descriptor leak after failed connections; the ports become unavailable to others.",
      "应用程序占用了不用的端口，或连接失败后泄漏了文件描述符；这些端口对其他程序就不可用了。"),
    tcpdump: [
      TcpdumpSegment(
        "[R.]",
        L(
          "no segment belongs to it; a SYN to its port is refused like any port without a listener",
          "没有属于它的报文；发往其端口的 SYN 会像发往任何无监听端口一样被拒绝"))
    ],
    tunables: ["ip_local_port_range"],
    related: ["CLOSED"],
    sources: [
      .kernel("include/net/tcp_states.h", "TCP_BOUND_INACTIVE"),
      .kernel("net/ipv4/inet_diag.c", "inet_diag_dump_icsk(), TCPF_BOUND_INACTIVE"),
      .man("ss(8)", "state bound-inactive"),
    ])
}
