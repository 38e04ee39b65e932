import TCPStateKnowledge
import TCPStateModel

/// CLOSE_WAIT leak: the peer closed (its FIN arrived, RFC 9293 §3.6) but the
/// application never calls close(). No timer or tunable ends CLOSE_WAIT in
/// Linux; only the application (or keepalive noticing a dead peer) does.
/// Grouped by owning process and local port, which is where the bug lives.
public struct CloseWaitRule: DoctorRule {
  public static let id = "close-wait-leak"
  /// Sockets of one process on one port that are a warning.
  public static let minimumPile = 10
  /// Sockets of one process on one port that are critical (file descriptors run out).
  public static let criticalPile = 1000

  public var ids: [String] { [Self.id] }
  public init() {}

  public static func assess(count: Int, pile: Int) -> Severity {
    if count >= max(pile, criticalPile) { return .critical }
    return count >= pile ? .warning : .ok
  }

  struct Group: Hashable {
    var process: String?
    var port: UInt16
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    var groups: [Group: Int] = [:]
    for (port, stats) in input.summary.closeWait {
      var attributed = 0
      for inode in stats.inodes {
        groups[Group(process: input.owner(of: inode), port: port), default: 0] += 1
        attributed += 1
      }
      if stats.count > attributed {
        groups[Group(process: nil, port: port), default: 0] += stats.count - attributed
      }
    }
    let pile = input.pile(Self.minimumPile)
    var flagged: [Flagged<(group: Group, count: Int)>] = []
    for (group, count) in groups {
      let severity = Self.assess(count: count, pile: pile)
      if severity > .ok { flagged.append(Flagged(item: (group, count), severity: severity)) }
    }
    flagged.sort {
      (a: Flagged<(group: Group, count: Int)>, b: Flagged<(group: Group, count: Int)>) -> Bool in
      a.item.count != b.item.count
        ? a.item.count > b.item.count : a.item.group.port < b.item.group.port
    }
    guard let worst = flagged.first else { return [] }
    let total = flagged.reduce(0) { $0 + $1.item.count }
    let unread = input.summary.closeWait[worst.item.group.port]?.unread ?? 0
    let who = worst.item.group.process ?? "an unknown process"
    let whoZh = worst.item.group.process ?? "未知进程"
    // The service, container or pod behind the port, which outlives a pid.
    let cgroup = input.summary.closeWait[worst.item.group.port].flatMap { input.dominantCgroup($0.cgroups) }
    let inCgroup = cgroup.map { " Cgroup: \($0.text)." } ?? ""
    let inCgroupZh = cgroup.map { " cgroup：\($0.text)。" } ?? ""
    let cgroupFilter = cgroup.map { $0.selector.isEmpty ? "" : " --cgroup \($0.selector)" } ?? ""
    return [
      Finding(
        id: Self.id, severity: flagged.map { $0.severity }.max() ?? .warning,
        title: L("Connections left in CLOSE_WAIT", "连接滞留在 CLOSE_WAIT"),
        detail: L(
          "\(who) holds \(worst.item.count) connections on local port \(worst.item.group.port) that the peer closed but the application never did.\(inCgroup)",
          "\(whoZh) 在本地端口 \(worst.item.group.port) 上有 \(worst.item.count) 个连接：对端已关闭，应用却一直没有关闭。\(inCgroupZh)"),
        evidence: [
          Metric(
            "close_wait", L("CLOSE_WAIT sockets in the worst group", "最严重分组中的 CLOSE_WAIT 套接字"),
            worst.item.count),
          Metric("local_port", L("local port", "本地端口"), Int(worst.item.group.port)),
          Metric(
            "close_wait_flagged",
            L("CLOSE_WAIT sockets in flagged groups", "被标记分组中的 CLOSE_WAIT 套接字"), total),
          Metric(
            "unread_bytes", L("bytes never read on that port", "该端口上未被读取的字节"),
            Int64(clamping: unread)),
        ],
        subjects: flagged.map {
          FindingSubject(
            label: "port \($0.item.group.port)", process: $0.item.group.process,
            metrics: [Metric("close_wait", L("CLOSE_WAIT", "CLOSE_WAIT"), $0.item.count)])
        },
        advice: [
          L(
            "A bug in the application: after read() returns 0 it must close() the socket. No sysctl ends CLOSE_WAIT; restarting the process releases them.",
            "这是应用的缺陷：read() 返回 0 后必须 close() 套接字。没有任何 sysctl 能结束 CLOSE_WAIT；重启进程可以释放它们。"),
          L(
            "See them: tcpstate list -S close-wait --sport \(worst.item.group.port)\(cgroupFilter) -p",
            "查看：tcpstate list -S close-wait --sport \(worst.item.group.port)\(cgroupFilter) -p"),
        ],
        tunables: input.cite(["tcp_keepalive_time"]), explain: "CLOSE_WAIT")
    ]
  }
}
