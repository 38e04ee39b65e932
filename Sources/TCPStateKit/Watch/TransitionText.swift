import TCPStateModel

/// `watch` for people: one line per transition, one per ended connection.
public struct TransitionText {
  public var style: TextStyle

  public init(style: TextStyle) { self.style = style }

  public var header: String {
    style.apply(
      .bold,
      "Time         Family Local Address:Port      Peer Address:Port       Transition                    In old state  Process"
    )
  }

  public func line(_ event: TransitionEvent) -> String {
    let old = event.oldState?.name ?? "(new)"
    var change = "\(old) -> \(event.newState.name)"
    if event.kernelNewState != nil {
      change += event.timeWaitSubstate == .finWait2 ? " (tw, awaiting FIN)" : " (tw)"
    }
    let duration = event.durationNs.map { TimestampText.milliseconds($0) + " ms" } ?? "-"
    let process = event.pid.map { "\(event.command ?? "?")[\($0)]" } ?? "-"
    let tone: TextStyle.Tone =
      event.newState == .close
      ? .red : event.newState == .established ? .green : event.newState == .timeWait ? .yellow : .cyan
    return TimestampText.clock(event.timestampNs) + " " + pad(event.family.name, 6) + " "
      + pad(event.local.description, 25) + " " + pad(event.peer.description, 23) + " "
      + style.apply(tone, pad(change, 29)) + " " + pad(duration, 13) + " " + process
  }

  public func line(_ summary: ConnectionSummary) -> String {
    var parts = ["ended (\(summary.finalState.name))"]
    if let lifetime = summary.lifetimeNs { parts.append("lifetime \(TimestampText.milliseconds(lifetime)) ms") }
    if let info = summary.info {
      if let sent = info.bytesAcked ?? info.bytesSent { parts.append("tx \(bytes(sent))") }
      if let received = info.bytesReceived { parts.append("rx \(bytes(received))") }
      if let retrans = info.totalRetrans { parts.append("retrans \(retrans)") }
      if let rtt = info.rtt, rtt > 0 { parts.append("rtt \(TextFormatting.milliseconds(fromMicroseconds: rtt)) ms") }
      if let cwnd = info.cwnd { parts.append("cwnd \(cwnd)") }
    }
    if let congestion = summary.congestion { parts.append(congestion) }
    return TimestampText.clock(summary.timestampNs) + " " + pad(summary.family.name, 6) + " "
      + pad(summary.local.description, 25) + " " + pad(summary.peer.description, 23) + " "
      + style.apply(.dim, parts.joined(separator: "  "))
  }

  func bytes(_ value: UInt64) -> String {
    if value >= 1 << 30 { return TextFormatting.decimal(value, scale: 1 << 30) + "GiB" }
    if value >= 1 << 20 { return TextFormatting.decimal(value, scale: 1 << 20) + "MiB" }
    if value >= 1 << 10 { return TextFormatting.decimal(value, scale: 1 << 10) + "KiB" }
    return "\(value)B"
  }

  func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
