import TCPStateKnowledge
import TCPStateModel

/// Orphans and FIN_WAIT2 build-up. An orphan is a socket the application has
/// closed that the kernel is still finishing; sockstat counts them (`orphan`),
/// and past `tcp_max_orphans` the kernel resets them ("too many orphaned
/// sockets", `tcp_check_oom` in net/ipv4/tcp.c, TcpExtTCPAbortOnMemory).
/// An orphaned FIN_WAIT2 lasts `tcp_fin_timeout`; one still held by a process
/// waits for the peer's FIN for ever.
public struct OrphanRule: DoctorRule {
  public static let id = "orphans"
  public static let finWait2ID = "fin-wait2-pile"
  /// Share of `tcp_max_orphans` (percent) that is a warning; `criticalPercent` is critical.
  public static let warnPercent: Int64 = 50
  public static let criticalPercent: Int64 = 90
  /// FIN_WAIT2 sockets worth reporting.
  public static let minimumPile = 100

  public var ids: [String] { [Self.id, Self.finWait2ID] }
  public init() {}

  public static func assess(orphans: Int64, limit: Int64) -> Severity {
    guard limit > 0 else { return .ok }
    let share = percent(orphans, of: limit)
    return share >= criticalPercent ? .critical : share >= warnPercent ? .warning : .ok
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    var findings: [Finding] = []
    let tunables = input.cite(["tcp_max_orphans", "tcp_fin_timeout", "tcp_orphan_retries"])
    let orphans = input.counters.current("TCP", "orphan") ?? 0
    let limit = input.tunable("tcp_max_orphans") ?? 0
    let severity = Self.assess(orphans: orphans, limit: limit)
    if severity > .ok {
      findings.append(
        Finding(
          id: Self.id, severity: severity,
          title: L("Orphaned sockets near tcp_max_orphans", "孤儿套接字接近 tcp_max_orphans"),
          detail: L(
            "\(orphans) orphaned sockets against a limit of \(limit) (\(percent(orphans, of: limit))%); past it the kernel resets them.",
            "有 \(orphans) 个孤儿套接字，上限为 \(limit)（\(percent(orphans, of: limit))%）；超过后内核会重置它们。"),
          evidence: [
            Metric(
              "orphans", L("orphaned sockets (sockstat orphan)", "孤儿套接字（sockstat orphan）"), orphans),
            Metric("tcp_max_orphans", L("tcp_max_orphans", "tcp_max_orphans"), limit),
          ] + input.deltaMetrics([("TcpExt", "TCPAbortOnMemory", "abort_on_memory_delta")]),
          advice: [
            L(
              "Peers are slow to acknowledge closes or never do. Lower tcp_fin_timeout and tcp_orphan_retries to free them sooner.",
              "对端确认关闭很慢或从不确认。降低 tcp_fin_timeout 和 tcp_orphan_retries 可以更早释放它们。")
          ],
          commands: ["sysctl -w net.ipv4.tcp_orphan_retries=2"], tunables: tunables,
          explain: "close", hostWide: true))
    }
    let finWait2 = input.summary.count(.finWait2)
    let orphaned = input.summary.orphanedFinWait2
    let pile = input.pile(Self.minimumPile)
    if finWait2 >= pile {
      let finTimeout = input.tunable("tcp_fin_timeout") ?? 60
      let held = finWait2 - orphaned
      findings.append(
        Finding(
          id: Self.finWait2ID, severity: held >= pile ? .warning : .info,
          title: L("Many connections in FIN_WAIT2", "大量连接处于 FIN_WAIT2"),
          detail: L(
            "\(finWait2) in FIN_WAIT2: \(orphaned) orphaned (gone after tcp_fin_timeout, \(finTimeout) s) and \(held) still held by a process, which wait for the peer's FIN with no time limit.",
            "有 \(finWait2) 个处于 FIN_WAIT2：\(orphaned) 个是孤儿（tcp_fin_timeout \(finTimeout) 秒后消失），\(held) 个仍被进程持有，会无限期等待对端的 FIN。"
          ),
          evidence: [
            Metric("fin_wait2", L("FIN_WAIT2 sockets", "FIN_WAIT2 套接字"), finWait2),
            Metric("orphaned", L("of them orphaned", "其中孤儿"), orphaned),
            Metric("held", L("of them held by a process", "其中仍被进程持有"), held),
            Metric("tcp_fin_timeout", L("tcp_fin_timeout (s)", "tcp_fin_timeout（秒）"), finTimeout),
          ],
          advice: [
            L(
              "Held FIN_WAIT2 means the peer is in CLOSE_WAIT: its application does not close. Orphaned ones can be shortened with tcp_fin_timeout.",
              "被持有的 FIN_WAIT2 说明对端处于 CLOSE_WAIT：对端应用没有关闭连接。孤儿 FIN_WAIT2 可以用 tcp_fin_timeout 缩短。")
          ],
          commands: orphaned >= pile ? ["sysctl -w net.ipv4.tcp_fin_timeout=30"] : [],
          tunables: tunables,
          explain: "FIN_WAIT2"))
    }
    return findings
  }
}
