import TCPStateKnowledge
import TCPStateModel

/// Ephemeral port exhaustion towards one destination: every connection from
/// one local address to one destination address and port needs its own local
/// port from `ip_local_port_range` (`__inet_hash_connect` in
/// net/ipv4/inet_hashtables.c), and TIME_WAIT keeps its port for 60 s. When
/// the range is used up connect() fails with EADDRNOTAVAIL.
public struct EphemeralPortRule: DoctorRule {
  public static let id = "ephemeral-port-exhaustion"
  /// Share of the range (percent) that is a warning.
  public static let warnPercent: Int64 = 50
  /// Share of the range (percent) that is critical.
  public static let criticalPercent: Int64 = 90
  /// Ports held towards one destination worth a note even far from the limit.
  public static let minimumPile = 1000

  public var ids: [String] { [Self.id] }
  public init() {}

  public static func assess(used: Int, rangeSize: Int64, pile: Int) -> Severity {
    let share = percent(Int64(used), of: rangeSize)
    if share >= criticalPercent { return .critical }
    if share >= warnPercent { return .warning }
    return used >= pile ? .info : .ok
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    let range = input.summary.ephemeralPorts
    let rangeSize = Int64(range.upperBound) - Int64(range.lowerBound) + 1
    let pile = input.pile(Self.minimumPile)
    let flagged = input.summary.destinations
      .map {
        (
          key: $0.key, stats: $0.value,
          severity: Self.assess(used: $0.value.total, rangeSize: rangeSize, pile: pile)
        )
      }
      .filter { $0.severity > .ok }
      .sorted {
        $0.stats.total != $1.stats.total
          ? $0.stats.total > $1.stats.total : "\($0.key.peer)" < "\($1.key.peer)"
      }
    guard let worst = flagged.first else { return [] }
    let reuse = input.tunable("tcp_tw_reuse")
    var advice = [
      L(
        "Reuse connections (keep-alive, pooling), spread clients over more source addresses, or widen ip_local_port_range.",
        "复用连接（keep-alive、连接池），把客户端分散到更多源地址，或扩大 ip_local_port_range。")
    ]
    var commands = ["sysctl -w net.ipv4.ip_local_port_range=\"10240 65535\""]
    switch reuse {
    case 0:
      advice.append(
        L(
          "tcp_tw_reuse is 0: connect() never reuses a port still in TIME_WAIT. 1 lets it when timestamps make it safe.",
          "tcp_tw_reuse 为 0：connect() 从不复用仍处于 TIME_WAIT 的端口。设为 1 时，在时间戳能保证安全时可以复用。"))
      commands.append("sysctl -w net.ipv4.tcp_tw_reuse=1")
    case 2:
      advice.append(
        L(
          "tcp_tw_reuse is 2: ports in TIME_WAIT are reused for loopback destinations only.",
          "tcp_tw_reuse 为 2：只有回环目的地才复用处于 TIME_WAIT 的端口。"))
    case 1:
      advice.append(
        L(
          "tcp_tw_reuse is 1 already: TIME_WAIT ports are reused when timestamps allow; the live connections are what fill the range.",
          "tcp_tw_reuse 已为 1：时间戳允许时会复用 TIME_WAIT 端口；占满范围的是活动连接。"))
    default: break
    }
    let destination = "\(worst.key.local) → \(worst.key.peer)"
    return [
      Finding(
        id: Self.id, severity: flagged.map(\.severity).max() ?? .info,
        title: L("Ephemeral ports tied up towards one destination", "通往同一目的地的临时端口被占用"),
        detail: L(
          "\(destination): \(worst.stats.timeWait) in TIME_WAIT and \(worst.stats.live) live hold \(worst.stats.total) of \(rangeSize) local ports (\(percent(Int64(worst.stats.total), of: rangeSize))%).",
          "\(destination)：\(worst.stats.timeWait) 个 TIME_WAIT 和 \(worst.stats.live) 个活动连接占用了 \(rangeSize) 个本地端口中的 \(worst.stats.total) 个（\(percent(Int64(worst.stats.total), of: rangeSize))%）。"
        ),
        evidence: [
          Metric(
            "time_wait", L("TIME_WAIT towards the destination", "通往该目的地的 TIME_WAIT"),
            worst.stats.timeWait),
          Metric("live", L("live connections towards it", "通往该目的地的活动连接"), worst.stats.live),
          Metric("ports_used", L("local ports held", "被占用的本地端口"), worst.stats.total),
          Metric(
            "port_range_size", L("ports in ip_local_port_range", "ip_local_port_range 中的端口数"),
            rangeSize),
          Metric(
            "percent", L("percent of the range", "占范围的百分比"),
            percent(Int64(worst.stats.total), of: rangeSize)),
        ],
        subjects: flagged.map {
          FindingSubject(
            label: "\($0.key.local) → \($0.key.peer)",
            metrics: [
              Metric("time_wait", L("TIME_WAIT", "TIME_WAIT"), $0.stats.timeWait),
              Metric("live", L("live", "活动"), $0.stats.live),
            ])
        }, advice: advice, commands: commands,
        tunables: input.cite(["ip_local_port_range", "tcp_tw_reuse", "tcp_max_tw_buckets"]),
        explain: "TIME_WAIT")
    ]
  }
}
