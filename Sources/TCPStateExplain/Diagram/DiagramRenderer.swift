import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// `tcpstate diagram`: the state machine of RFC 9293 Figure 5 as a terminal
/// picture, Graphviz dot or Mermaid, each state with its live socket count.
///
/// The picture's layout (box positions and line routes) is data below; each
/// route is one Figure 5 edge of `Transitions.all`, which a test checks. Dot
/// and Mermaid are generated from the whole transition table, Linux edges included.
public struct DiagramRenderer: Sendable {
  public enum Format: String, Sendable, CaseIterable { case text, dot, mermaid }

  public var counts: [TCPState: Int]?
  public var style: TextStyle
  public var language: Language

  public init(counts: [TCPState: Int]?, style: TextStyle = .plain, language: Language = .en) {
    self.counts = counts
    self.style = style
    self.language = language
  }

  public func render(_ format: Format) -> String {
    switch format {
    case .text: text()
    case .dot: dot()
    case .mermaid: mermaid()
    }
  }

  /// The count shown for a state; request sockets count as SYN_RECV, as sock_diag reports them.
  func count(_ state: TCPState) -> Int? {
    LiveHost(readings: [:], counts: counts).count(of: state)
  }

  // MARK: Terminal picture

  static let boxWidth = 17
  /// Top-left corners of the boxes; CLOSED is drawn twice, as in the RFC.
  static let boxes: [(state: TCPState, x: Int, y: Int)] = [
    (.close, 33, 0), (.listen, 8, 7), (.synSent, 58, 7), (.synRecv, 8, 14), (.established, 33, 21),
    (.finWait1, 8, 28), (.closeWait, 58, 28), (.finWait2, 8, 35), (.closing, 33, 35),
    (.lastAck, 58, 35),
    (.timeWait, 33, 44), (.close, 58, 44),
  ]

  struct Route {
    var from: TCPState
    var to: TCPState
    var points: [(Int, Int)]
    var both: Bool
    /// Where each label starts, in both languages (Chinese takes two columns a character).
    var labels: [(Int, Int, Localized)]
  }

  /// One route per Figure 5 arrow; `both` draws the CLOSE arrow back on the same line.
  static let routes: [Route] = [
    Route(
      from: .close, to: .listen, points: [(32, 2), (16, 2), (16, 6)], both: false,
      labels: [(18, 4, L("▼ listen() (passive open)", "▼ listen()（被动打开）"))]),
    Route(
      from: .listen, to: .close, points: [(14, 6), (14, 1), (32, 1)], both: false,
      labels: [(18, 5, L("▲ close()", "▲ close()"))]),
    Route(
      from: .close, to: .synSent, points: [(50, 1), (66, 1), (66, 6)], both: false,
      labels: [
        (68, 3, L("active open", "主动打开")), (68, 4, L("connect()", "connect()")), (68, 5, L("snd SYN", "发送 SYN")),
      ]),
    Route(
      from: .synSent, to: .close, points: [(64, 6), (64, 2), (50, 2)], both: false,
      labels: [(52, 4, L("close()", "close()"))]),
    Route(
      from: .listen, to: .synSent, points: [(25, 8), (57, 8)], both: false,
      labels: [(33, 7, L("SEND / snd SYN", "SEND / 发送 SYN"))]),
    Route(
      from: .listen, to: .synRecv, points: [(16, 11), (16, 13)], both: false,
      labels: [(18, 12, L("rcv SYN / snd SYN,ACK", "收到 SYN / 发送 SYN,ACK"))]),
    Route(
      from: .synRecv, to: .listen, points: [(11, 13), (11, 11)], both: false,
      labels: [(2, 12, L("rcv RST", "收到 RST"))]),
    Route(
      from: .synSent, to: .synRecv, points: [(62, 11), (62, 15), (25, 15)], both: false,
      labels: [(30, 14, L("rcv SYN / snd SYN,ACK", "收到 SYN / 发送 SYN,ACK"))]),
    Route(
      from: .synSent, to: .established, points: [(70, 11), (70, 22), (50, 22)], both: false,
      labels: [(55, 19, L("rcv SYN,ACK", "收到 SYN,ACK")), (55, 20, L("snd ACK", "发送 ACK"))]),
    Route(
      from: .synRecv, to: .established, points: [(16, 18), (16, 22), (32, 22)], both: false,
      labels: [(18, 19, L("rcv ACK of SYN", "收到 SYN 的 ACK"))]),
    Route(
      from: .synRecv, to: .finWait1, points: [(10, 18), (10, 27)], both: false,
      labels: [(1, 20, L("close()", "close()")), (1, 21, L("snd FIN", "发送 FIN"))]),
    Route(
      from: .established, to: .finWait1, points: [(37, 25), (37, 29), (25, 29)], both: false,
      labels: [(18, 26, L("close() / snd FIN", "close() / 发送 FIN"))]),
    Route(
      from: .established, to: .closeWait, points: [(45, 25), (45, 29), (57, 29)], both: false,
      labels: [(47, 26, L("rcv FIN / snd ACK", "收到 FIN / 发送 ACK"))]),
    Route(
      from: .finWait1, to: .finWait2, points: [(16, 32), (16, 34)], both: false,
      labels: [(18, 33, L("rcv ACK of FIN", "收到 FIN 的 ACK"))]),
    Route(
      from: .finWait1, to: .closing, points: [(25, 30), (41, 30), (41, 34)], both: false,
      labels: [(43, 32, L("rcv FIN / snd ACK", "收到 FIN / 发送 ACK"))]),
    Route(
      from: .closeWait, to: .lastAck, points: [(66, 32), (66, 34)], both: false,
      labels: [(68, 32, L("close()", "close()")), (68, 33, L("snd FIN", "发送 FIN"))]),
    Route(
      from: .finWait2, to: .timeWait, points: [(16, 39), (16, 45), (32, 45)], both: false,
      labels: [(18, 41, L("rcv FIN / snd ACK", "收到 FIN / 发送 ACK"))]),
    Route(
      from: .closing, to: .timeWait, points: [(41, 39), (41, 43)], both: false,
      labels: [(43, 41, L("rcv ACK of FIN", "收到 FIN 的 ACK"))]),
    Route(
      from: .lastAck, to: .close, points: [(66, 39), (66, 43)], both: false,
      labels: [(50, 40, L("rcv ACK of FIN", "收到 FIN 的 ACK"))]),
    Route(
      from: .timeWait, to: .close, points: [(50, 45), (57, 45)], both: false,
      labels: [(43, 48, L("timeout 2MSL (Linux: 60 s)", "超时 2MSL（Linux：60 秒）"))]),
  ]

  func text() -> String {
    var canvas = Canvas(width: 80, height: 50)
    for route in DiagramRenderer.routes {
      canvas.path(route.points, arrowAtStart: route.both)
    }
    for (state, x, y) in DiagramRenderer.boxes {
      let detail = count(state).map(String.init) ?? ""
      // The RFC's name for the kernel's CLOSE reads better in a picture.
      canvas.box(
        x, y, width: DiagramRenderer.boxWidth, name: state == .close ? "CLOSED" : state.name,
        detail: detail)
    }
    for route in DiagramRenderer.routes {
      for (x, y, label) in route.labels { canvas.text(x, y, label.text(language)) }
    }
    var lines = canvas.lines
    while lines.last?.isEmpty == true { lines.removeLast() }
    lines = lines.map(colour)
    lines.append("")
    let note: String
    if counts == nil {
      note = language == .zh ? "套接字计数不可用。" : "Socket counts unavailable."
    } else {
      note = language == .zh ? "方框中的数字是当前处于该状态的套接字数。" : "Numbers are the sockets in each state now."
    }
    lines.append(note)
    lines.append(
      language == .zh
        ? "RFC 9293 图 5。SYN_RECV 含 Linux 请求套接字（NEW_SYN_RECV）；FIN_WAIT1 收到确认我方 FIN 的 FIN 时直接进入 TIME_WAIT（注 2）；任何状态收到 RST 都回到 CLOSED 或 LISTEN（注 3）。"
        : "RFC 9293 Figure 5. SYN_RECV includes Linux request sockets (NEW_SYN_RECV); FIN_WAIT1 goes straight to TIME_WAIT on a FIN that ACKs its own (note 2); a RST returns any state to CLOSED or LISTEN (note 3)."
    )
    return lines.joined(separator: "\n") + "\n"
  }

  /// Colours state names inside boxes when styling is on.
  func colour(_ line: String) -> String {
    guard style.enabled else { return line }
    var result = line
    let names = Set(DiagramRenderer.boxes.map { $0.state == .close ? "CLOSED" : $0.state.name })
      .sorted { $0.count > $1.count }
    for name in names {
      result = result.replacingAll(" \(name) ", with: " " + style.apply(.cyan, name) + " ")
    }
    return result
  }

  // MARK: Documents

  /// The count a document shows for a state: exactly what sock_diag reported
  /// in that state, so the numbers of all states add up to the sockets ss
  /// lists. (Request sockets arrive as SYN_RECV; counting them under
  /// NEW_SYN_RECV too, as the picture's merged SYN_RECV box does, would count
  /// them twice.)
  func documentCount(_ state: TCPState) -> Int? {
    counts.map { $0[state] ?? 0 }
  }

  func label(_ state: TCPState) -> String {
    documentCount(state).map { "\(state.name)\\n\($0)" } ?? state.name
  }

  func edgeLabel(_ transition: Transition) -> String {
    let action = transition.action.text(language)
    let event = transition.event.text(language)
    return (action.isEmpty ? event : event + " / " + action).replacingAll("\"", with: "'")
  }

  func dot() -> String {
    var out = [
      "digraph tcp_states {", "  rankdir=TB;", "  node [shape=box, fontname=\"monospace\"];",
    ]
    for state in TCPState.known {
      out.append("  \"\(state.name)\" [label=\"\(label(state))\"];")
    }
    for transition in Transitions.all {
      let style: String
      switch transition.origin {
      case .rfcFigure: style = ""
      case .rfcNote: style = ", style=dotted"
      case .linux: style = ", style=dashed"
      }
      out.append(
        "  \"\(transition.from.name)\" -> \"\(transition.to.name)\" [label=\"\(edgeLabel(transition))\"\(style)];"
      )
    }
    out.append("}")
    return out.joined(separator: "\n") + "\n"
  }

  func mermaid() -> String {
    var out = ["stateDiagram-v2"]
    for state in TCPState.known {
      let text =
        documentCount(state).map {
          language == .zh ? "\(state.name)（\($0)）" : "\(state.name) (\($0))"
        } ?? state.name
      out.append("  state \"\(text)\" as \(state.name)")
    }
    out.append("  [*] --> CLOSE")
    for transition in Transitions.all {
      let suffix =
        transition.origin == .linux
        ? " [Linux]"
        : transition.origin == .rfcNote ? (language == .zh ? " [RFC 注释]" : " [RFC note]") : ""
      // A colon ends a Mermaid transition's label; ", " keeps the sense of
      // "timeout 2MSL (Linux: 60 s)" where a space alone left "Linux  60 s".
      let label = edgeLabel(transition).replacingAll(": ", with: ", ").replacingAll(":", with: " ")
      out.append("  \(transition.from.name) --> \(transition.to.name): \(label)\(suffix)")
    }
    return out.joined(separator: "\n") + "\n"
  }
}

extension String {
  /// Every occurrence of `target` replaced (no Foundation).
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
