import TCPStateKnowledge
import TCPStateModel

/// Connections that never complete: SYN_SENT sockets whose SYN was
/// retransmitted (`idiag_retrans` of the retransmit timer), so the peer is
/// unreachable, filtered or dropping SYNs. connect() gives up after
/// `tcp_syn_retries` (+ `tcp_syn_linear_timeouts`) retransmissions
/// (`tcp_write_timeout` in net/ipv4/tcp_timer.c); TcpAttemptFails counts failures.
public struct SynSentRule: DoctorRule {
  public static let id = "syn-sent-unanswered"
  /// Unanswered connection attempts that are a warning; fewer are a note.
  public static let minimumPile = 10

  public var ids: [String] { [Self.id] }
  public init() {}

  public static func assess(unanswered: Int, pile: Int) -> Severity {
    unanswered >= pile ? .warning : unanswered > 0 ? .info : .ok
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    let groups = input.summary.connecting.filter { $0.value.unanswered > 0 }
      .sorted {
        $0.value.unanswered != $1.value.unanswered
          ? $0.value.unanswered > $1.value.unanswered : "\($0.key)" < "\($1.key)"
      }
    let unanswered = groups.reduce(0) { $0 + $1.value.unanswered }
    let severity = Self.assess(unanswered: unanswered, pile: input.pile(Self.minimumPile))
    guard severity > .ok, let worst = groups.first else { return [] }
    let synRetries = input.tunable("tcp_syn_retries") ?? 6
    let linear = input.tunable("tcp_syn_linear_timeouts") ?? 0
    return [
      Finding(
        id: Self.id, severity: severity, title: L("Connection attempts not answered", "连接请求得不到回应"),
        detail: L(
          "\(unanswered) connections wait in SYN_SENT after retransmitting their SYN; \(worst.value.unanswered) go to \(worst.key) (up to \(worst.value.maxRetransmits) of \(synRetries + linear) retransmissions).",
          "有 \(unanswered) 个连接在重传 SYN 后仍停在 SYN_SENT；其中 \(worst.value.unanswered) 个通往 \(worst.key)（已重传 \(worst.value.maxRetransmits) 次，上限 \(synRetries + linear) 次）。"
        ),
        evidence: [
          Metric(
            "syn_sent_unanswered", L("SYN_SENT with a retransmitted SYN", "SYN 被重传过的 SYN_SENT"),
            unanswered),
          Metric("syn_sent", L("SYN_SENT in all", "SYN_SENT 总数"), input.summary.count(.synSent)),
          Metric("destinations", L("destinations", "目的地数"), groups.count),
          Metric(
            "max_syn_retransmits", L("most SYN retransmissions so far", "目前最多的 SYN 重传次数"),
            worst.value.maxRetransmits),
          Metric("tcp_syn_retries", L("tcp_syn_retries", "tcp_syn_retries"), synRetries),
        ] + input.deltaMetrics([("Tcp", "AttemptFails", "attempt_fails_delta")]),
        subjects: groups.map {
          FindingSubject(
            label: $0.key.description,
            metrics: [
              Metric("syn_sent", L("SYN_SENT", "SYN_SENT"), $0.value.count),
              Metric("unanswered", L("unanswered", "无回应"), $0.value.unanswered),
              Metric("max_syn_retransmits", L("retransmits", "重传"), $0.value.maxRetransmits),
            ])
        },
        advice: [
          L(
            "The destination does not answer: it is down, a firewall drops the SYNs, or its listen queue is full. Check reachability (ping, traceroute -T -p PORT). Lowering tcp_syn_retries makes connect() fail sooner.",
            "目的地没有回应：它已宕机、防火墙丢弃了 SYN，或其监听队列已满。检查连通性（ping、traceroute -T -p 端口）。降低 tcp_syn_retries 可以让 connect() 更早失败。"
          )
        ],
        commands: synRetries > 3 ? ["sysctl -w net.ipv4.tcp_syn_retries=3"] : [],
        tunables: input.cite(["tcp_syn_retries", "tcp_syn_linear_timeouts"]), explain: "SYN_SENT")
    ]
  }
}
