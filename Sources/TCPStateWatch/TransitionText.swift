import TCPStateKit
import TCPStateModel

/// `watch` for people: one line per transition, one per ended connection.
public struct TransitionText {
  public var style: TextStyle
  /// `watch --events` beyond state: a Kind column after the time, as `TCPEventText` writes.
  public var kindColumn = false

  public init(style: TextStyle) { self.style = style }

  public mutating func append(_ summary: ConnectionSummary, to out: inout [UInt8]) {
    out.append(contentsOf: line(summary).utf8)
    out.append(10)
  }

  /// Column widths, shared by the header, the transition rows and the
  /// summary rows so they line up. The transition column fits the longest
  /// text it can hold, `FIN_WAIT2 -> TIME_WAIT (tw, awaiting FIN)`.
  enum Width {
    static let time = 12
    static let family = 6
    static let local = 25
    static let peer = 23
    static let transition = 41
    static let duration = 13
    /// `watch --events`: state, retransmit, reset, drop, connect.
    static let kind = 10
  }

  public var header: String {
    var out: [UInt8] = []
    var titles = [
      ("Time", Width.time), ("Family", Width.family), ("Local Address:Port", Width.local),
      ("Peer Address:Port", Width.peer), (kindColumn ? "Transition or event" : "Transition", Width.transition),
      ("In old state", Width.duration),
    ]
    // `--events` beyond state: the Kind column after the time, as `TCPEventText` writes it.
    if kindColumn { titles.insert(("Kind", Width.kind), at: 1) }
    for (title, width) in titles {
      column(&out, width) { $0.append(contentsOf: title.utf8) }
    }
    out.append(contentsOf: "Process".utf8)
    return style.apply(.bold, String(decoding: out, as: UTF8.self))
  }

  /// The line as a String (tests, small volumes).
  public func line(_ event: TransitionEvent) -> String {
    var copy = self
    var out: [UInt8] = []
    copy.append(event, to: &out)
    out.removeLast()
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the line and a newline as bytes: at 50k events/s, building
  /// Strings per field costs more than reading the kernel's buffers.
  public mutating func append(_ event: TransitionEvent, to out: inout [UInt8]) {
    clock.append(event.timestampNs, to: &out)
    out.append(32)
    if kindColumn { column(&out, Width.kind) { $0.append(contentsOf: "state".utf8) } }
    column(&out, Width.family) { $0.append(contentsOf: event.family.name.utf8) }
    column(&out, Width.local) { event.local.appendText(to: &$0) }
    column(&out, Width.peer) { event.peer.appendText(to: &$0) }
    let tone: TextStyle.Tone =
      event.newState == .close
      ? .red : event.newState == .established ? .green : event.newState == .timeWait ? .yellow : .cyan
    if style.enabled { out.append(contentsOf: "\u{1B}[\(tone.rawValue)m".utf8) }
    column(&out, Width.transition) { out in
      out.append(contentsOf: (event.oldState?.name ?? (event.source == .destroy ? "(unseen)" : "(new)")).utf8)
      out.append(contentsOf: " -> ".utf8)
      out.append(contentsOf: event.newState.name.utf8)
      if event.kernelNewState != nil {
        out.append(
          contentsOf: (event.timeWaitEndedEarly
            ? " (tw, ended early)" : event.timeWaitSubstate == .finWait2 ? " (tw, awaiting FIN)" : " (tw)").utf8)
      }
    }
    if style.enabled {
      out.removeLast()
      out.append(contentsOf: "\u{1B}[0m ".utf8)
    }
    column(&out, Width.duration) { out in
      if let ns = event.durationNs {
        TimestampText.appendMilliseconds(ns, to: &out)
        out.append(contentsOf: " ms".utf8)
      } else {
        out.append(UInt8(ascii: "-"))
      }
    }
    if let pid = event.pid {
      // A comm is whatever the process set (prctl PR_SET_NAME): escaped, never raw.
      out.append(contentsOf: TextEscaping.escape(event.command ?? "?").utf8)
      out.append(UInt8(ascii: "["))
      appendDecimal(UInt64(pid), to: &out)
      out.append(UInt8(ascii: "]"))
    } else {
      out.append(UInt8(ascii: "-"))
    }
    out.append(10)
  }

  /// Writes a field and pads it to `width`, then one space.
  func column(_ out: inout [UInt8], _ width: Int, _ write: (inout [UInt8]) -> Void) {
    let start = out.count
    write(&out)
    let used = out.count - start
    if used < width { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - used)) }
    out.append(32)
  }

  var clock = ClockCache()

  public func line(_ summary: ConnectionSummary) -> String {
    var parts: [String]
    // A listener's tcp_info says nothing about traffic; its peer is the wildcard.
    let listener = summary.peer.address.isUnspecified && summary.peer.port == 0
    if listener {
      parts = ["listener closed"]
      if let lifetime = summary.lifetimeNs { parts.append("listened \(TimestampText.milliseconds(lifetime)) ms") }
    } else {
      parts = ["ended (\(summary.finalState.name))"]
      if let lifetime = summary.lifetimeNs { parts.append("lifetime \(TimestampText.milliseconds(lifetime)) ms") }
    }
    if !listener, let info = summary.info {
      // The kernel's own names, as `list -i` and ss print them: bytes_sent is
      // data sent (retransmissions included); bytes_acked also counts the SYN
      // and FIN, so it stands in only where bytes_sent is missing (before 4.19);
      // bytes_received counts the peer's FIN as one byte.
      if let sent = info.bytesSent {
        parts.append("bytes_sent \(bytes(sent))")
      } else if let acked = info.bytesAcked {
        parts.append("bytes_acked \(bytes(acked))")
      }
      if let received = info.bytesReceived { parts.append("bytes_received \(bytes(received))") }
      if let retrans = info.totalRetrans { parts.append("retrans \(retrans)") }
      if let rtt = info.rtt, rtt > 0 { parts.append("rtt \(TextFormatting.milliseconds(fromMicroseconds: rtt)) ms") }
      if let cwnd = info.cwnd { parts.append("cwnd \(cwnd)") }
    }
    if let congestion = summary.congestion { parts.append(congestion) }
    // What `--events` showed for it, when asked for.
    if let seen = summary.retransmitsSeen { parts.append("retransmissions seen \(seen)") }
    if let seen = summary.resetsSeen { parts.append("resets seen \(seen)") }
    return TimestampText.clock(summary.timestampNs) + " " + (kindColumn ? pad("summary", Width.kind) + " " : "")
      + pad(summary.family.name, Width.family) + " "
      + pad(summary.local.description, Width.local) + " " + pad(summary.peer.description, Width.peer) + " "
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
