import TCPStateKnowledge
import TCPStateModel

/// Stalled flows: the peer advertises a zero window and data waits. The
/// sender then runs the persist (zero-window probe) timer, `ICSK_TIME_PROBE0`
/// (RFC 9293 §3.8.6.1); inet_diag reports it as timer 4 with the probes sent
/// so far. Also caught from tcp_info: `tcpi_snd_wnd` 0 with `tcpi_notsent_bytes` queued.
///
/// The persist timer alone does not mean a zero window: `tcp_write_xmit`
/// arms it whenever nothing is in flight and the queue could not be sent,
/// which is also what a local send error (an output firewall drop, no route)
/// leaves behind with the peer's window wide open. Those flows get their own
/// finding, so the zero-window headline is only ever said of a closed window.
public struct ZeroWindowRule: DoctorRule {
  public static let id = "zero-window"
  public static let blockedID = "send-blocked"
  static let dataStates: Set<TCPState> = [.established, .closeWait, .finWait1, .closing, .lastAck]

  public var ids: [String] { [Self.id, Self.blockedID] }
  public init() {}

  /// The peer's window is 0, or (with the persist timer running) smaller
  /// than one segment, so `tcp_snd_wnd_test` keeps the next one back.
  static func windowClosed(_ info: TCPInfo, probing: Bool) -> Bool {
    guard let window = info.sndWnd else { return false }
    return window == 0 || (probing && window < (info.sndMss ?? 0))
  }

  /// The numbers both findings show. Send-Q (`write_seq - snd_una`) counts
  /// every byte written and not acknowledged, unsent ones included, so it is
  /// split into not sent (`tcpi_notsent_bytes`) and in flight.
  static func sample(_ socket: Socket, _ info: TCPInfo, probing: Bool) -> FlowSample {
    let sendQ = Int64(socket.sendQ)
    let notsent = min(Int64(info.notsentBytes ?? 0), sendQ)
    let probes = Int64(max(socket.timer.retransmits, info.probes ?? 0))
    return FlowSample(
      local: socket.local, peer: socket.peer, state: socket.state, inode: socket.inode,
      metrics: [
        Metric("snd_wnd", L("peer's window (bytes)", "对端窗口（字节）"), Int64(info.sndWnd ?? 0)),
        Metric("send_q", L("Send-Q: written, not acknowledged", "Send-Q：已写入未确认"), sendQ),
        Metric("notsent_bytes", L("of which not sent yet", "其中尚未发送"), notsent),
        Metric("unacked_bytes", L("of which sent, awaiting ACK", "其中已发送待确认"), sendQ - notsent),
        Metric("probes", L("zero-window probes sent", "已发送的零窗口探测"), probes),
        Metric("persist_timer", L("persist timer running", "持续计时器在运行"), probing ? 1 : 0),
      ], rank: sendQ)
  }

  public static func assess(_ socket: Socket, _ info: TCPInfo) -> FlowSample? {
    let probing = socket.timer.kind == .zeroWindowProbe
    guard dataStates.contains(socket.state), windowClosed(info, probing: probing) else { return nil }
    guard probing || (info.notsentBytes ?? 0) > 0 || socket.sendQ > 0 else { return nil }
    return sample(socket, info, probing: probing)
  }

  /// Persist timer running, data queued, yet the peer's window is open.
  public static func assessBlocked(_ socket: Socket, _ info: TCPInfo) -> FlowSample? {
    guard dataStates.contains(socket.state), info.sndWnd != nil, !windowClosed(info, probing: true),
      socket.timer.kind == .zeroWindowProbe, socket.sendQ > 0
    else { return nil }
    return sample(socket, info, probing: true)
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    var findings: [Finding] = []
    let subjects = { (samples: WorstSamples) in
      samples.worst.map {
        FindingSubject(label: "\($0.local) → \($0.peer)", process: input.owner(of: $0.inode), metrics: $0.metrics)
      }
    }
    // One stalled flow is already a warning: something stopped reading.
    let stalled = input.summary.zeroWindow
    if let worst = stalled.worst.first {
      let window = worst.value("snd_wnd")
      let windowText = window == 0 ? "0" : "\(window) bytes, less than one segment"
      findings.append(
        Finding(
          id: Self.id, severity: .warning, title: L("Flows stalled on a zero window", "数据流因零窗口停滞"),
          detail: L(
            "\(stalled.total) connections cannot send because the peer's receive window is closed; the worst, \(worst.local) → \(worst.peer), sees a window of \(windowText) with \(worst.value("send_q")) bytes unacknowledged (\(worst.value("notsent_bytes")) not sent yet).",
            "有 \(stalled.total) 个连接因对端接收窗口关闭而无法发送；最严重的 \(worst.local) → \(worst.peer) 的对端窗口为 \(window) 字节，有 \(worst.value("send_q")) 字节未确认（其中 \(worst.value("notsent_bytes")) 字节尚未发送）。"
          ),
          evidence: [Metric("stalled", L("connections on a zero window", "零窗口的连接"), stalled.total)]
            + worst.metrics,
          subjects: subjects(stalled), subjectTotal: stalled.total,
          advice: [
            L(
              "The receiving application is not reading (or reads slower than this side writes). Look at the peer's process; its Recv-Q will be full.",
              "接收端应用没有读取数据（或读取速度慢于本端写入）。检查对端进程：它的 Recv-Q 会是满的。")
          ], tunables: input.cite(["tcp_rmem", "tcp_retries2"]), explain: "ESTABLISHED"))
    }
    let blocked = input.summary.blockedSends
    if let worst = blocked.worst.first {
      findings.append(
        Finding(
          id: Self.blockedID, severity: .warning,
          title: L("Data not leaving although the peer's window is open", "对端窗口打开，数据却发不出去"),
          detail: L(
            "\(blocked.total) connections have data queued and the persist timer running while the peer's window is open; the worst, \(worst.local) → \(worst.peer), has a window of \(worst.value("snd_wnd")) bytes and \(worst.value("send_q")) bytes unacknowledged (\(worst.value("notsent_bytes")) not sent yet).",
            "有 \(blocked.total) 个连接有数据排队、持续计时器在运行，而对端窗口是打开的；最严重的 \(worst.local) → \(worst.peer) 的对端窗口为 \(worst.value("snd_wnd")) 字节，有 \(worst.value("send_q")) 字节未确认（其中 \(worst.value("notsent_bytes")) 字节尚未发送）。"
          ),
          evidence: [Metric("blocked", L("connections", "连接"), blocked.total)] + worst.metrics,
          subjects: subjects(blocked), subjectTotal: blocked.total,
          advice: [
            L(
              "The kernel's own sends fail before they leave this host: look for firewall rules dropping output (nft list ruleset, iptables -S OUTPUT), a missing route or a down interface.",
              "内核自己的发送在离开本机前就失败了：检查丢弃出站报文的防火墙规则（nft list ruleset、iptables -S OUTPUT）、缺失的路由或已关闭的网卡。")
          ], tunables: input.cite(["tcp_retries2"]), explain: "ESTABLISHED"))
    }
    return findings
  }
}
