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
      "No connection exists. The kernel calls this state CLOSE and ss prints it as UNCONN: sockets that were never connected, and sockets whose connection ended while the application still holds the descriptor.",
      "没有连接。内核把这个状态叫作 CLOSE，ss 显示为 UNCONN：包括从未连接过的套接字，以及连接已结束但应用仍持有文件描述符的套接字。"),
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
      "A few: sockets being set up, and connections that just failed and are about to be closed.",
      "少量：正在建立的套接字，以及刚刚失败、即将被关闭的连接。"),
    pileUp: L(
      "Many UNCONN TCP sockets mean an application keeps descriptors of failed or reset connections without closing them, or creates sockets it never uses: a descriptor leak. A SYN that reaches a port where nothing is bound or listening is answered with a RST ([R.] seq 0 ack x+1), which is where connection refused comes from.",
      "大量 UNCONN 的 TCP 套接字说明应用程序保留着已失败或已被重置的连接的文件描述符而不关闭，或者创建了从不使用的套接字：这是文件描述符泄漏。发往无人绑定或监听的端口的 SYN 会收到 RST（[R.] seq 0 ack x+1），这就是“连接被拒绝”的来源。"
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
    related: ["rst", "LISTEN", "SYN_SENT", "BOUND_INACTIVE"])

  static let boundInactive = KnowledgeEntry.state(
    .boundInactive,
    title: L("BOUND_INACTIVE: bound but unused", "BOUND_INACTIVE：已绑定但未使用"),
    summary: L(
      "Not a protocol state: recent kernels let sock_diag report sockets that hold a bound port but neither listen nor connect under this number. Inside the kernel such a socket is in CLOSE.",
      "这不是协议状态：较新的内核通过 sock_diag 以这个编号报告那些占用了已绑定端口、却既不监听也不连接的套接字。在内核内部，这样的套接字处于 CLOSE。"),
    meaning: L(
      "A socket that called bind() and then nothing else. It reserves its port, so another bind() to the same port fails with EADDRINUSE, which is why it is worth seeing.",
      "调用了 bind() 之后再没有其他操作的套接字。它占用着端口，使其他对同一端口的 bind() 失败并返回 EADDRINUSE，这正是值得查看它的原因。"),
    side: L(
      "Whichever application bound the port.",
      "绑定了该端口的应用程序。"),
    enter: L(
      "bind() on a fresh socket, or a connection that ended while its socket keeps the bound port.",
      "对新套接字调用 bind()，或连接结束后其套接字仍保留着绑定的端口。"),
    leave: L(
      "listen() (LISTEN), connect() (SYN_SENT), or close() of the descriptor, which releases the port.",
      "调用 listen()（进入 LISTEN）、connect()（进入 SYN_SENT），或关闭文件描述符从而释放端口。"),
    timer: L(
      "None.",
      "没有计时器。"),
    normal: L(
      "Rare; ss shows them only when asked for state bound-inactive.",
      "少见；只有明确要求 state bound-inactive 时 ss 才会显示。"),
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
    related: ["CLOSED"])
}
