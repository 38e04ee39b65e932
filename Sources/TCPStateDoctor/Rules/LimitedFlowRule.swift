import TCPStateKnowledge
import TCPStateModel

/// Flows held back by a window or a buffer for most of their busy time:
/// `tcpi_rwnd_limited` (the receiver's window) and `tcpi_sndbuf_limited` (our
/// send buffer) against `tcpi_busy_time`, the chronograph of
/// `tcp_chrono_start` in net/ipv4/tcp_output.c; and `tcpi_notsent_bytes`
/// large enough to add latency. Notes, not faults: they explain slow transfers.
public struct LimitedFlowRule: DoctorRule {
  public static let id = "limited-flows"
  /// Busy time (microseconds) before the shares mean anything.
  public static let minimumBusyMicroseconds: Int64 = 1_000_000
  /// Share of busy time (percent) limited by one cause.
  public static let limitedPercent: Int64 = 50
  /// Unsent bytes that are a large queue.
  public static let largeNotsent: Int64 = 4 << 20

  public var ids: [String] { [Self.id] }
  public init() {}

  public static func assess(_ socket: Socket, _ info: TCPInfo) -> FlowSample? {
    let busy = Int64(clamping: info.busyTime ?? 0)
    let rwnd = Int64(clamping: info.rwndLimited ?? 0)
    let sndbuf = Int64(clamping: info.sndbufLimited ?? 0)
    let notsent = Int64(info.notsentBytes ?? 0)
    let timed = busy >= minimumBusyMicroseconds
    let rwndShare = timed ? percent(rwnd, of: busy) : 0
    let sndbufShare = timed ? percent(sndbuf, of: busy) : 0
    guard rwndShare >= limitedPercent || sndbufShare >= limitedPercent || notsent >= largeNotsent
    else { return nil }
    return FlowSample(
      local: socket.local, peer: socket.peer, state: socket.state, inode: socket.inode,
      metrics: [
        Metric("busy_time_us", L("busy time (µs)", "忙碌时间（微秒）"), busy),
        Metric(
          "rwnd_limited_percent", L("percent limited by the peer's window", "受对端窗口限制的百分比"),
          rwndShare),
        Metric(
          "sndbuf_limited_percent", L("percent limited by the send buffer", "受发送缓冲区限制的百分比"),
          sndbufShare),
        Metric("notsent_bytes", L("bytes not yet sent", "尚未发送的字节"), notsent),
      ], rank: max(rwndShare, sndbufShare) + notsent / 1024)
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    let limited = input.summary.limited
    guard let worst = limited.worst.first else { return [] }
    return [
      Finding(
        id: Self.id, severity: .info,
        title: L("Flows limited by a window or buffer", "数据流受窗口或缓冲区限制"),
        detail: L(
          "\(limited.total) connections spent most of their busy time waiting for the peer's window or their own send buffer, or queue many unsent bytes; worst: \(worst.local) → \(worst.peer).",
          "有 \(limited.total) 个连接的大部分忙碌时间在等待对端窗口或本端发送缓冲区，或积压了大量未发送字节；最严重的是 \(worst.local) → \(worst.peer)。"
        ),
        evidence: [Metric("connections", L("connections", "连接数"), limited.total)] + worst.metrics,
        subjects: limited.worst.map {
          FindingSubject(label: "\($0.local) → \($0.peer)", metrics: $0.metrics)
        },
        subjectTotal: limited.total,
        advice: [
          L(
            "Window-limited: the receiver reads slowly or its tcp_rmem maximum is small for the path. Buffer-limited: raise SO_SNDBUF or the tcp_wmem maximum. Large unsent queues: consider TCP_NOTSENT_LOWAT.",
            "受窗口限制：接收方读取慢，或其 tcp_rmem 最大值对该路径过小。受缓冲区限制：增大 SO_SNDBUF 或 tcp_wmem 最大值。未发送队列很大：考虑 TCP_NOTSENT_LOWAT。"
          )
        ], tunables: input.cite(["tcp_rmem", "tcp_wmem"]), explain: "ESTABLISHED")
    ]
  }
}
