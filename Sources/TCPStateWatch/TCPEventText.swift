import TCPStateKit
import TCPStateModel

/// `watch --events` for people: a trouble event on one line, in the
/// transitions' columns behind a Kind column. Drops are limited per reason
/// (`DropRateLimit`): a flood of one reason shows a few lines and a count.
public struct TCPEventText {
  public var style: TextStyle
  public var dropLimit = DropRateLimit()
  var clock = ClockCache()

  public init(style: TextStyle) { self.style = style }

  public func line(_ event: TCPEvent) -> String {
    var copy = self
    var out: [UInt8] = []
    copy.append(event, to: &out)
    if out.last == 10 { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the line (or nothing, for a drop over its reason's limit).
  public mutating func append(_ event: TCPEvent, to out: inout [UInt8]) {
    if event.kind == .drop {
      for notice in dropLimit.expired(nowNs: event.timestampNs) { appendSuppressed(notice, to: &out) }
      guard dropLimit.admit(reason: event.reason ?? "UNKNOWN", nowNs: event.timestampNs) else { return }
    }
    clock.append(event.timestampNs, to: &out)
    out.append(32)
    let kind = event.kind == .connectFailure ? "connect" : event.kind.rawValue
    typealias Width = TransitionText.Width
    column(&out, Width.kind) { $0.append(contentsOf: kind.utf8) }
    column(&out, Width.family) { $0.append(contentsOf: (event.family?.name ?? "-").utf8) }
    column(&out, Width.local) { out in if let local = event.local { local.appendText(to: &out) } else { out.append(45) }
    }
    column(&out, Width.peer) { out in if let peer = event.peer { peer.appendText(to: &out) } else { out.append(45) } }
    let tone: TextStyle.Tone = event.kind == .retransmit ? .yellow : event.kind == .drop ? .magenta : .red
    var detail = Self.detail(event)
    // Padded before colouring: escape sequences take no room on the screen.
    if detail.count < Width.transition {
      detail += String(repeating: " ", count: Width.transition - detail.count)
    }
    out.append(contentsOf: style.apply(tone, detail).utf8)
    out.append(32)
    column(&out, Width.duration) { out in
      if let ns = event.attemptNs {
        TimestampText.appendMilliseconds(ns, to: &out)
        out.append(contentsOf: " ms".utf8)
      } else {
        out.append(UInt8(ascii: "-"))
      }
    }
    if let pid = event.pid {
      // A comm is whatever the process set (prctl PR_SET_NAME): escaped, never raw.
      out.append(contentsOf: "\(TextEscaping.escape(event.command ?? "?"))[\(pid)]".utf8)
    } else {
      out.append(UInt8(ascii: "-"))
    }
    if let info = event.info { out.append(contentsOf: ("  " + style.apply(.dim, Self.congestion(info))).utf8) }
    out.append(10)
  }

  /// Lines for drops held back whose second has passed (call after each
  /// read; `nowNs` nil at exit, for every count still held).
  public mutating func appendExpired(nowNs: UInt64?, to out: inout [UInt8]) {
    let notices = nowNs.map { dropLimit.expired(nowNs: $0) } ?? dropLimit.finish()
    for notice in notices { appendSuppressed(notice, to: &out) }
  }

  mutating func appendSuppressed(_ notice: DropRateLimit.Suppressed, to out: inout [UInt8]) {
    clock.append(notice.endNs, to: &out)
    out.append(contentsOf: " drop       ".utf8)
    out.append(
      contentsOf: style.apply(
        .dim, "... \(notice.count) more \(notice.reason) drops in that second (--json shows every one)"
      ).utf8)
    out.append(10)
  }

  /// What happened, in the Transition column's words.
  public static func detail(_ event: TCPEvent) -> String {
    let state = event.state.map { " in \($0.name)" } ?? ""
    switch event.kind {
    case .retransmit:
      let what =
        switch event.retransmitted {
        case .syn: "SYN sent again"
        case .synack: "SYN-ACK sent again"
        default: "segment sent again\(state)"
        }
      return what + (event.error.map { " (failed: error \($0))" } ?? "")
    case .reset:
      let direction = event.direction == .received ? "RST received" : "RST sent"
      let socketless = event.direction == .sent && event.socketAddress == 0 ? " (no socket)" : state
      return direction + socketless + (event.reason.map { ": \($0)" } ?? "")
    case .drop:
      return (event.reason ?? "dropped") + (event.location.map { " at \($0)" } ?? "")
    case .connectFailure:
      let retries = event.synRetransmits ?? 0
      return "failed: \(event.outcome?.rawValue ?? "other")"
        + (retries > 0 ? ", \(retries) SYN retransmit\(retries == 1 ? "" : "s")" : "")
    }
  }

  static func congestion(_ info: TCPInfo) -> String {
    var parts: [String] = []
    if let raw = info.caStateRaw { parts.append("ca_state \(CongestionState(rawValue: raw)?.name ?? "\(raw)")") }
    if let rto = info.rto { parts.append("rto \(TextFormatting.milliseconds(fromMicroseconds: rto)) ms") }
    if let cwnd = info.cwnd { parts.append("cwnd \(cwnd)") }
    if let ssthresh = info.ssthresh, ssthresh < 0x7fff_ffff { parts.append("ssthresh \(ssthresh)") }
    if let retransmits = info.retransmits { parts.append("retransmits \(retransmits)") }
    return parts.joined(separator: " ")
  }

  func column(_ out: inout [UInt8], _ width: Int, _ write: (inout [UInt8]) -> Void) {
    let start = out.count
    write(&out)
    let used = out.count - start
    if used < width { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: width - used)) }
    out.append(32)
  }
}

/// At most `perSecond` text lines per drop reason per second; the rest are
/// counted and said in one line when their second is over.
public struct DropRateLimit: Sendable {
  public struct Suppressed: Equatable, Sendable {
    public var reason: String
    public var count: Int
    public var endNs: UInt64
  }

  struct Window {
    var startNs: UInt64
    var shown = 0
    var suppressed = 0
  }

  public var perSecond = 10
  var windows: [String: Window] = [:]

  public init(perSecond: Int = 10) { self.perSecond = perSecond }

  /// Whether this drop gets its line.
  public mutating func admit(reason: String, nowNs: UInt64) -> Bool {
    var window = windows[reason] ?? Window(startNs: nowNs)
    defer { windows[reason] = window }
    if window.shown < perSecond {
      window.shown += 1
      return true
    }
    window.suppressed += 1
    return false
  }

  /// The counts of windows older than a second, which are closed.
  public mutating func expired(nowNs: UInt64) -> [Suppressed] {
    var done: [Suppressed] = []
    for (reason, window) in windows where nowNs >= window.startNs + 1_000_000_000 {
      windows[reason] = nil
      if window.suppressed > 0 {
        done.append(Suppressed(reason: reason, count: window.suppressed, endNs: window.startNs + 1_000_000_000))
      }
    }
    return done.sorted { $0.reason < $1.reason }
  }

  /// Everything still held (at exit).
  public mutating func finish() -> [Suppressed] { expired(nowNs: .max) }
}
