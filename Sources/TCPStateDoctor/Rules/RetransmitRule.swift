import TCPStateKnowledge
import TCPStateModel

/// Retransmission hot spots. Per connection from tcp_info: `tcpi_total_retrans`
/// against `tcpi_segs_out`, `tcpi_backoff` (RTO doublings, RFC 6298 §5.5) and
/// `tcpi_ca_state` Loss (an RTO fired, `TCP_CA_Loss`). Host-wide from
/// /proc/net/snmp: `Tcp: RetransSegs` against `OutSegs` over the window.
public struct RetransmitRule: DoctorRule {
  public static let id = "retransmissions"
  public static let hostID = "host-retransmissions"
  /// Segments a connection must have sent before its ratio means anything.
  public static let minimumSegments: Int64 = 100
  /// Retransmitted share of segments (percent) that marks a connection.
  public static let hotPercent: Int64 = 5
  /// RTO doublings that mark a connection whatever its ratio.
  public static let backoffLimit: Int64 = 2
  /// Host-wide retransmitted share (percent) of at least `minimumHostSegments` sent.
  public static let hostPercent: Int64 = 2
  public static let minimumHostSegments: Int64 = 1000

  public var ids: [String] { [Self.id, Self.hostID] }
  public init() {}

  /// Retransmitted segments that mark a connection with few segments sent
  /// (on loopback one 64 KiB segment carries what takes 45 elsewhere).
  public static let minimumRetransmits: Int64 = 5

  /// The connection as a sample when it is a hot spot, nil otherwise.
  ///
  /// Nothing retransmitted means no hot spot, whatever else tcp_info says:
  /// `tcpi_backoff` also counts zero-window probes (`tcp_probe_timer` backs
  /// off `icsk_backoff` too), and a sender whose segments are dropped on the
  /// way out (an output firewall rule) probes with backoff 3 and 0 retransmits.
  public static func assess(_ socket: Socket, _ info: TCPInfo) -> FlowSample? {
    // Handshakes have their own rules (SYN_SENT, SYN_RECV); only synchronized states carry data.
    guard ZeroWindowRule.dataStates.contains(socket.state) else { return nil }
    let retrans = Int64(info.totalRetrans ?? 0)
    guard retrans > 0 else { return nil }
    let segsOut = Int64(info.segsOut ?? 0)
    let probing = socket.timer.kind == .zeroWindowProbe
    let backoff = probing ? 0 : Int64(info.backoff ?? 0)
    let loss = info.caStateRaw == CongestionState.loss.rawValue
    let share = percent(retrans, of: segsOut)
    let enough = segsOut >= minimumSegments || retrans >= minimumRetransmits
    let hot = (enough && share >= hotPercent) || backoff >= backoffLimit || loss
    guard hot else { return nil }
    return FlowSample(
      local: socket.local, peer: socket.peer, state: socket.state, inode: socket.inode,
      metrics: [
        Metric("total_retrans", L("retransmitted segments", "重传的报文段"), retrans),
        Metric("segs_out", L("segments sent", "发送的报文段"), segsOut),
        Metric("retrans_percent", L("percent retransmitted", "重传百分比"), share),
        Metric("bytes_retrans", L("bytes retransmitted", "重传的字节"), Int64(clamping: info.bytesRetrans ?? 0)),
        Metric("backoff", L("RTO backoff", "RTO 退避次数"), backoff),
        Metric("ca_loss", L("in congestion state Loss", "处于 Loss 拥塞状态"), loss ? 1 : 0),
      ],
      // The headline names the worst by what it says: segments retransmitted, then backoff.
      rank: retrans * 256 + min(backoff, 255))
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    var findings: [Finding] = []
    let tunables = input.cite(["tcp_retries1", "tcp_retries2", "tcp_congestion_control"])
    let samples = input.summary.retransmitSamples
    // Headline, evidence and involved list all come from `samples.worst`:
    // the worst named is the first connection listed, with the same numbers.
    let connections = samples.worst
    if let worst = connections.first {
      let peers = input.summary.retransmitPeers.sorted {
        ($0.value.retransmits, $1.key.description) > ($1.value.retransmits, $0.key.description)
      }
      let maxBackoff = input.summary.retransmitPeers.values.map(\.maxBackoff).max() ?? 0
      let retries2 = input.tunable("tcp_retries2") ?? 15
      let retrans = worst.value("total_retrans")
      let segs = worst.value("segs_out")
      let backoff = worst.value("backoff")
      let peerSummary =
        peers.first.map {
          " \($0.key) has the most: \($0.value.retransmits) segments over \($0.value.connections) connections."
        } ?? ""
      let peerSummaryZh =
        peers.first.map { "对端 \($0.key) 最多：\($0.value.connections) 个连接共重传 \($0.value.retransmits) 个报文段。" } ?? ""
      findings.append(
        Finding(
          id: Self.id, severity: maxBackoff * 2 >= retries2 ? .critical : .warning,
          title: L("Connections retransmitting heavily", "连接大量重传"),
          detail: L(
            "\(samples.total) connections to \(peers.count) peers retransmit heavily; the worst, \(worst.local) → \(worst.peer), retransmitted \(retrans) of \(segs) segments (backoff \(backoff)).\(peerSummary)",
            "有 \(samples.total) 个连接（通往 \(peers.count) 个对端）大量重传；最严重的 \(worst.local) → \(worst.peer) 在 \(segs) 个报文段中重传了 \(retrans) 个（退避 \(backoff) 次）。\(peerSummaryZh)"
          ),
          evidence: [
            Metric("connections", L("connections marked", "被标记的连接"), samples.total),
            Metric("peers", L("peer addresses", "对端地址数"), peers.count),
            Metric("max_backoff", L("largest RTO backoff", "最大 RTO 退避次数"), maxBackoff),
            Metric("tcp_retries2", L("tcp_retries2", "tcp_retries2"), retries2),
          ] + worst.metrics,
          subjects: connections.map {
            FindingSubject(
              label: "\($0.local) → \($0.peer)", process: input.owner(of: $0.inode), metrics: $0.metrics)
          }, subjectTotal: samples.total,
          advice: [
            L(
              "Loss on the path to these peers (or the peers are overloaded). Check the interfaces (ip -s link), the route and the peer; tcpstate list -i --dst ADDR shows rtt and cwnd.",
              "通往这些对端的路径上有丢包（或对端过载）。检查网卡（ip -s link）、路由和对端；tcpstate list -i --dst ADDR 可查看 rtt 与 cwnd。"
            )
          ], tunables: tunables, explain: "ESTABLISHED"))
    }
    if let retrans = input.counters.delta("Tcp", "RetransSegs"),
      let out = input.counters.delta("Tcp", "OutSegs"),
      out >= Self.minimumHostSegments, percent(retrans, of: out) >= Self.hostPercent
    {
      findings.append(
        Finding(
          id: Self.hostID, severity: .warning, title: L("High retransmission rate", "重传率偏高"),
          detail: L(
            "\(retrans) of \(out) segments sent in \(input.secondsText) were retransmissions (\(percent(retrans, of: out))%).",
            "\(input.secondsText) 内发送的 \(out) 个报文段中有 \(retrans) 个是重传（\(percent(retrans, of: out))%）。"
          ),
          evidence: [
            Metric("retrans_segs_delta", L("RetransSegs rise", "RetransSegs 增量"), retrans),
            Metric("out_segs_delta", L("OutSegs rise", "OutSegs 增量"), out),
            Metric("percent", L("percent retransmitted", "重传百分比"), percent(retrans, of: out)),
          ]
            + input.deltaMetrics([
              ("TcpExt", "TCPTimeouts", "timeouts_delta"),
              ("TcpExt", "TCPLossProbes", "loss_probes_delta"),
            ]),
          advice: [
            L(
              "Look for the peers with tcpstate doctor without a scope, or tcpstate list -i.",
              "不加范围运行 tcpstate doctor 或使用 tcpstate list -i 找出相关对端。")
          ],
          tunables: tunables, explain: "ESTABLISHED", hostWide: true))
    }
    return findings
  }
}
