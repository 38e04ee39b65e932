import TCPStateKnowledge
import TCPStateModel

/// Host-wide TIME_WAIT against `tcp_max_tw_buckets`. Past the limit the
/// kernel destroys new time-wait sockets at once and counts
/// TcpExtTCPTimeWaitOverflow (`inet_twsk_alloc` in net/ipv4/inet_timewait_sock.c),
/// losing the RFC 9293 §3.6.1 protection against old duplicates.
public struct TimeWaitRule: DoctorRule {
  public static let id = "time-wait-buckets"
  /// Share of `tcp_max_tw_buckets` (percent) that is a warning.
  public static let warnPercent: Int64 = 80

  public var ids: [String] { [Self.id] }
  public init() {}

  public static func assess(timeWait: Int64, buckets: Int64, overflows: Int64) -> Severity {
    if overflows > 0 || (buckets > 0 && timeWait >= buckets) { return .critical }
    return buckets > 0 && reaches(timeWait, warnPercent, percentOf: buckets) ? .warning : .ok
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    // sockstat's tw counts the whole host; the dump's count is the fallback.
    let timeWait = input.counters.current("TCP", "tw") ?? Int64(input.summary.count(.timeWait))
    let buckets = input.tunable("tcp_max_tw_buckets") ?? 0
    let overflows = input.counters.delta("TcpExt", "TCPTimeWaitOverflow") ?? 0
    let severity = Self.assess(timeWait: timeWait, buckets: buckets, overflows: overflows)
    guard severity > .ok else { return [] }
    return [
      Finding(
        id: Self.id, severity: severity,
        title: L("TIME_WAIT near tcp_max_tw_buckets", "TIME_WAIT 接近 tcp_max_tw_buckets"),
        detail: L(
          "\(timeWait) sockets in TIME_WAIT against a limit of \(buckets); \(overflows) were destroyed early in \(input.secondsText).",
          "有 \(timeWait) 个套接字处于 TIME_WAIT，上限为 \(buckets)；\(input.secondsText) 内有 \(overflows) 个被提前销毁。"
        ),
        evidence: [
          Metric(
            "time_wait", L("TIME_WAIT sockets (sockstat tw)", "TIME_WAIT 套接字（sockstat tw）"),
            timeWait),
          Metric("tcp_max_tw_buckets", L("tcp_max_tw_buckets", "tcp_max_tw_buckets"), buckets),
          Metric("percent", L("percent of the limit", "占上限的百分比"), percent(timeWait, of: buckets)),
        ] + input.deltaMetrics([("TcpExt", "TCPTimeWaitOverflow", "time_wait_overflow_delta")]),
        advice: [
          L(
            "Many short connections are closed by this host. Reuse connections (keep-alive, pooling) or let the peer close first; raising the limit costs memory, lowering it loses TIME_WAIT's protection.",
            "本机主动关闭了大量短连接。请复用连接（keep-alive、连接池），或让对端先关闭；提高上限会占用内存，降低上限会失去 TIME_WAIT 的保护。")
        ],
        commands: buckets > 0 ? ["sysctl -w net.ipv4.tcp_max_tw_buckets=\(doubled(buckets))"] : [],
        tunables: input.cite(["tcp_max_tw_buckets", "tcp_tw_reuse"]), explain: "time-wait",
        hostWide: true)
    ]
  }
}
