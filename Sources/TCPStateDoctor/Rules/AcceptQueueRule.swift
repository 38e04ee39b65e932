import TCPStateKnowledge
import TCPStateModel

/// Accept-queue overflow on a listener. Mirrors `sk_acceptq_is_full()`
/// (include/net/sock.h): the queue is full when it holds more than the
/// backlog, so a full queue shows Recv-Q = backlog + 1. When the final ACK of
/// a handshake meets a full queue the kernel counts TcpExtListenOverflows and
/// TcpExtListenDrops (Documentation/networking/snmp_counter.rst) and, with
/// `tcp_abort_on_overflow` 0, drops the ACK so the client retries.
public struct AcceptQueueRule: DoctorRule {
  public static let id = "accept-queue-overflow"
  /// Host counters rose but no listener in view is full (it drained, or is out of scope).
  public static let dropsID = "listen-drops"
  /// A queue holding this share of its backlog (percent) is a warning.
  public static let warnPercent: Int64 = 80

  public var ids: [String] { [Self.id, Self.dropsID] }
  public init() {}

  /// Critical when full (queued > backlog), warning from `warnPercent` of the backlog.
  public static func assess(_ listener: ListenerStats) -> Severity {
    let queued = Int64(listener.queued)
    let backlog = Int64(listener.backlog)
    if queued > backlog { return .critical }
    if queued > 0 && reaches(queued, warnPercent, percentOf: backlog) { return .warning }
    return .ok
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    var flagged: [Flagged<ListenerStats>] = []
    for listener in input.summary.listeners.values {
      let severity = Self.assess(listener)
      if severity > .ok { flagged.append(Flagged(item: listener, severity: severity)) }
    }
    flagged.sort { (a: Flagged<ListenerStats>, b: Flagged<ListenerStats>) -> Bool in
      if a.severity != b.severity { return a.severity > b.severity }
      let fillA = percent(Int64(a.item.queued), of: Int64(a.item.backlog))
      let fillB = percent(Int64(b.item.queued), of: Int64(b.item.backlog))
      return fillA != fillB ? fillA > fillB : a.item.local.description < b.item.local.description
    }
    let counters = input.deltaMetrics([
      ("TcpExt", "ListenOverflows", "listen_overflows_delta"),
      ("TcpExt", "ListenDrops", "listen_drops_delta"),
    ])
    let tunables = input.cite(["somaxconn", "tcp_abort_on_overflow", "tcp_max_syn_backlog"])
    let overflows = input.counters.delta("TcpExt", "ListenOverflows") ?? 0
    guard let worst = flagged.first else {
      guard overflows > 0 else { return [] }
      return [
        Finding(
          id: Self.dropsID, severity: .warning,
          title: L("Listen queues overflowed", "监听队列发生溢出"),
          detail: L(
            "ListenOverflows rose by \(overflows) in \(input.secondsText): handshakes completed but found an accept queue full; none is full right now in view.",
            "ListenOverflows 在 \(input.secondsText) 内增加了 \(overflows)：握手已完成却遇到全连接队列已满；当前视野内没有已满的队列。"
          ),
          evidence: counters, advice: [Self.acceptAdvice], tunables: tunables, explain: "LISTEN",
          hostWide: true)
      ]
    }
    let subjects = flagged.map { item in
      FindingSubject(
        label: item.item.local.description, process: input.owner(of: item.item.inode),
        metrics: [
          Metric("queued", L("queued", "排队"), Int64(item.item.queued)),
          Metric("backlog", L("backlog", "backlog"), Int64(item.item.backlog)),
        ])
    }
    let queued = Int64(worst.item.queued)
    let backlog = Int64(worst.item.backlog)
    var evidence = [
      Metric("recv_q", L("connections waiting in the accept queue", "全连接队列中等待的连接"), queued),
      Metric("backlog", L("accept queue limit (backlog)", "全连接队列上限（backlog）"), backlog),
      Metric("listeners", L("listeners at or near their limit", "接近或达到上限的监听套接字"), flagged.count),
    ]
    evidence += counters
    var advice = [Self.acceptAdvice]
    var commands: [String] = []
    if let somaxconn = input.tunable("somaxconn") {
      evidence.append(Metric("somaxconn", L("net.core.somaxconn", "net.core.somaxconn"), somaxconn))
      if flagged.contains(where: { Int64($0.item.backlog) >= somaxconn }) {
        advice.append(
          L(
            "The backlog equals net.core.somaxconn (\(somaxconn)): the application may have asked for more and been capped.",
            "backlog 等于 net.core.somaxconn（\(somaxconn)）：应用请求的值可能更大，被截断了。"))
        commands.append("sysctl -w net.core.somaxconn=\(doubled(somaxconn))")
      }
    }
    if input.tunable("tcp_abort_on_overflow") == 1 {
      advice.append(
        L(
          "tcp_abort_on_overflow is 1: clients that find the queue full get a reset instead of retrying.",
          "tcp_abort_on_overflow 为 1：遇到队列已满的客户端会收到重置，而不是重试。"))
    }
    let full = worst.severity == .critical
    return [
      Finding(
        id: Self.id, severity: worst.severity,
        title: full ? L("Accept queue full", "全连接队列已满") : L("Accept queue nearly full", "全连接队列接近满"),
        detail: L(
          "\(worst.item.local) has \(queued) connections waiting for accept() with a backlog of \(backlog)\(full ? "; new handshakes are being dropped" : "").",
          "\(worst.item.local) 有 \(queued) 个连接等待 accept()，backlog 为 \(backlog)\(full ? "；新的握手正被丢弃" : "")。"
        ),
        evidence: evidence, subjects: subjects, subjectTotal: flagged.count, advice: advice,
        commands: commands,
        tunables: tunables, explain: "LISTEN")
    ]
  }

  static let acceptAdvice = L(
    "The application calls accept() too slowly for its load: find the process (tcpstate list -l -p), add accept workers, or raise the backlog in its listen() call.",
    "应用调用 accept() 的速度跟不上负载：找到对应进程（tcpstate list -l -p），增加处理 accept 的线程，或增大其 listen() 的 backlog。")
}
