import TCPStateKnowledge
import TCPStateModel

/// Half-open pressure on a listener: many request sockets (SYN_RECV). A
/// listener's request queue is full when it holds its backlog
/// (`inet_csk_reqsk_queue_is_full`); without SYN cookies `tcp_max_syn_backlog`
/// also caps it (`tcp_conn_request` in net/ipv4/tcp_input.c). The host
/// counters TcpExtSyncookiesSent, TcpExtTCPReqQFullDoCookies and
/// TcpExtTCPReqQFullDrop say the queue overflowed (RFC 4987 describes the attack).
public struct SynFloodRule: DoctorRule {
  public static let id = "syn-flood"
  public static let cookiesID = "syn-queue-overflow"
  /// Requests on one port that are a warning whatever the backlog.
  public static let minimumPile = 256
  /// Share of the request queue limit (percent) that is a warning; 100 is critical.
  public static let warnPercent: Int64 = 50

  public var ids: [String] { [Self.id, Self.cookiesID] }
  public init() {}

  /// The request-queue limit of a port: its listener's backlog, or
  /// `tcp_max_syn_backlog` when no listener on the port is in view.
  static func limit(port: UInt16, _ input: DoctorInput) -> Int64 {
    let backlogs = input.summary.listeners.values.filter { $0.local.port == port }.map {
      Int64($0.backlog)
    }
    return backlogs.max() ?? input.tunable("tcp_max_syn_backlog") ?? 128
  }

  public static func assess(count: Int, limit: Int64, pile: Int) -> Severity {
    let share = percent(Int64(count), of: limit)
    if share >= 100 { return .critical }
    if share >= warnPercent || count >= pile { return .warning }
    return .ok
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    var findings: [Finding] = []
    let tunables = input.cite([
      "tcp_max_syn_backlog", "tcp_synack_retries", "tcp_syncookies", "somaxconn",
    ])
    let pile = input.pile(Self.minimumPile)
    let flagged = input.summary.halfOpen
      .map { (port: $0.key, stats: $0.value, limit: Self.limit(port: $0.key, input)) }
      .map {
        (
          $0.port, $0.stats, $0.limit,
          Self.assess(count: $0.stats.count, limit: $0.limit, pile: pile)
        )
      }
      .filter { $0.3 > .ok }
      .sorted { $0.1.count > $1.1.count }
    let synackRetries = input.tunable("tcp_synack_retries") ?? 5
    let cookies = input.tunable("tcp_syncookies")
    if let worst = flagged.first {
      let severity = flagged.map(\.3).max() ?? .warning
      var advice = [
        L(
          "Many distinct sources with retransmitted SYN-ACKs point to a flood (often spoofed); one source that never completes points to a broken client.",
          "大量不同来源且 SYN-ACK 被重传，通常意味着洪泛（来源常是伪造的）；单一来源总不完成握手则多是客户端有问题。")
      ]
      var commands: [String] = []
      if cookies == 0 {
        advice.append(
          L(
            "SYN cookies are off: turn them on so a full queue does not drop SYNs.",
            "SYN cookie 已关闭：开启后队列满时不会丢弃 SYN。"))
        commands.append("sysctl -w net.ipv4.tcp_syncookies=1")
      }
      if worst.1.maxRetransmits > 0 && synackRetries > 2 {
        commands.append("sysctl -w net.ipv4.tcp_synack_retries=2")
      }
      findings.append(
        Finding(
          id: Self.id, severity: severity,
          title: L("Half-open connections piling up", "半连接堆积"),
          detail: L(
            "Port \(worst.0) holds \(worst.1.count) half-open requests (limit \(worst.2)) from \(worst.1.sources.count) sources; \(worst.1.retransmitted) had their SYN-ACK retransmitted.",
            "端口 \(worst.0) 有 \(worst.1.count) 个半连接请求（上限 \(worst.2)），来自 \(worst.1.sources.count) 个来源；其中 \(worst.1.retransmitted) 个的 SYN-ACK 被重传过。"
          ),
          evidence: [
            Metric("syn_recv", L("half-open requests on the port", "该端口的半连接请求"), worst.1.count),
            Metric("limit", L("request queue limit", "请求队列上限"), worst.2),
            Metric("sources", L("distinct source addresses", "不同的来源地址"), worst.1.sources.count),
            Metric(
              "synack_retransmitted", L("requests with SYN-ACK retransmitted", "SYN-ACK 被重传过的请求"),
              worst.1.retransmitted),
            Metric(
              "max_synack_retransmits", L("most SYN-ACK retransmits", "最多的 SYN-ACK 重传次数"),
              worst.1.maxRetransmits),
            Metric(
              "tcp_synack_retries", L("tcp_synack_retries", "tcp_synack_retries"), synackRetries),
          ] + input.deltaMetrics([("TcpExt", "SyncookiesSent", "syncookies_sent_delta")]),
          subjects: flagged.map {
            FindingSubject(
              label: "port \($0.0)",
              metrics: [
                Metric("syn_recv", L("half-open", "半连接"), $0.1.count),
                Metric("limit", L("limit", "上限"), $0.2),
                Metric("sources", L("sources", "来源"), $0.1.sources.count),
              ])
          }, advice: advice, commands: commands, tunables: tunables, explain: "syn-flood"))
    }
    let sent = input.counters.delta("TcpExt", "SyncookiesSent") ?? 0
    let dropped = input.counters.delta("TcpExt", "TCPReqQFullDrop") ?? 0
    if sent > 0 || dropped > 0 {
      findings.append(
        Finding(
          id: Self.cookiesID, severity: dropped > 0 ? .critical : .warning,
          title: dropped > 0
            ? L("SYNs dropped: request queue full", "SYN 被丢弃：请求队列已满")
            : L("SYN cookies being sent", "正在发送 SYN cookie"),
          detail: L(
            "In \(input.secondsText) a listener's request queue overflowed: \(sent) SYN cookies sent, \(dropped) SYNs dropped.",
            "在 \(input.secondsText) 内有监听套接字的请求队列溢出：发送了 \(sent) 个 SYN cookie，丢弃了 \(dropped) 个 SYN。"),
          evidence: input.deltaMetrics([
            ("TcpExt", "SyncookiesSent", "syncookies_sent_delta"),
            ("TcpExt", "TCPReqQFullDoCookies", "reqq_full_do_cookies_delta"),
            ("TcpExt", "TCPReqQFullDrop", "reqq_full_drop_delta"),
          ]),
          advice: [
            L(
              "Raise the listener's backlog (and net.core.somaxconn, tcp_max_syn_backlog), keep tcp_syncookies at 1, and look for a flood with tcpstate list -S syn-recv.",
              "增大监听套接字的 backlog（以及 net.core.somaxconn、tcp_max_syn_backlog），保持 tcp_syncookies 为 1，并用 tcpstate list -S syn-recv 检查是否有洪泛。"
            )
          ],
          commands: cookies == 0 ? ["sysctl -w net.ipv4.tcp_syncookies=1"] : [], tunables: tunables,
          explain: "syn-flood",
          hostWide: true))
    }
    return findings
  }
}
