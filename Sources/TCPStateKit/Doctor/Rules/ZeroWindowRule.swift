import TCPStateModel

/// Stalled flows: the peer advertises a zero window and data waits. The
/// sender then runs the persist (zero-window probe) timer, `ICSK_TIME_PROBE0`
/// (RFC 9293 §3.8.6.1); inet_diag reports it as timer 4 with the probes sent
/// so far. Also caught from tcp_info: `tcpi_snd_wnd` 0 with `tcpi_notsent_bytes` queued.
public struct ZeroWindowRule: DoctorRule {
  public static let id = "zero-window"
  static let dataStates: Set<TCPState> = [.established, .closeWait, .finWait1, .closing, .lastAck]

  public var ids: [String] { [Self.id] }
  public init() {}

  public static func assess(_ socket: Socket, _ info: TCPInfo) -> FlowSample? {
    guard dataStates.contains(socket.state) else { return nil }
    let notsent = Int64(info.notsentBytes ?? 0)
    let probing = socket.timer.kind == .zeroWindowProbe
    guard probing || (info.sndWnd == 0 && notsent > 0) else { return nil }
    let probes = Int64(max(socket.timer.retransmits, info.probes ?? 0))
    return FlowSample(
      local: socket.local, peer: socket.peer, state: socket.state, inode: socket.inode,
      metrics: [
        Metric("snd_wnd", L("peer's window", "对端窗口"), Int64(info.sndWnd ?? 0)),
        Metric("notsent_bytes", L("bytes waiting to be sent", "等待发送的字节"), notsent),
        Metric(
          "send_q", L("bytes sent, not acknowledged (Send-Q)", "已发送未确认的字节（Send-Q）"),
          Int64(socket.sendQ)),
        Metric("probes", L("zero-window probes sent", "已发送的零窗口探测"), probes),
        Metric("persist_timer", L("persist timer running", "持续计时器在运行"), probing ? 1 : 0),
      ], rank: notsent + Int64(socket.sendQ))
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    let stalled = input.summary.zeroWindow
    // One stalled flow is already a warning: something stopped reading.
    guard let worst = stalled.worst.first else {
      return []
    }
    let notsent = worst.metrics[1].value
    return [
      Finding(
        id: Self.id, severity: .warning, title: L("Flows stalled on a zero window", "数据流因零窗口停滞"),
        detail: L(
          "\(stalled.total) connections cannot send because the peer's receive window is 0; the worst, \(worst.local) → \(worst.peer), has \(notsent) bytes waiting.",
          "有 \(stalled.total) 个连接因对端接收窗口为 0 而无法发送；最严重的 \(worst.local) → \(worst.peer) 有 \(notsent) 字节在等待。"
        ),
        evidence: [Metric("stalled", L("connections on a zero window", "零窗口的连接"), stalled.total)]
          + worst.metrics,
        subjects: stalled.worst.map {
          FindingSubject(
            label: "\($0.local) → \($0.peer)", process: input.owner(of: $0.inode),
            metrics: $0.metrics)
        }, subjectTotal: stalled.total,
        advice: [
          L(
            "The receiving application is not reading (or reads slower than this side writes). Look at the peer's process; its Recv-Q will be full.",
            "接收端应用没有读取数据（或读取速度慢于本端写入）。检查对端进程：它的 Recv-Q 会是满的。")
        ], tunables: input.cite(["tcp_rmem", "tcp_retries2"]), explain: "ESTABLISHED")
    ]
  }
}
