import TCPStateDoctor
import TCPStateKit
import TCPStateModel

/// Lays `top`'s frame out as lines: the header, the column titles and the
/// rows, only those asked for (a screen formats the 40 it shows, not the 100k
/// it holds). Batch mode prints every row with no width limit.
public enum TopTextRenderer {
  /// The connection view's columns, left to right.
  public static let connectionColumns: [TopColumn] = [
    .state, .local, .peer, .send, .recv, .rtt, .cwnd, .retrans, .retransTotal, .recvQ, .sendQ, .age, .process,
  ]
  /// The listener view's columns; the fill bar sits after Send-Q (the backlog).
  public static let listenerColumns: [TopColumn] = [.local, .recvQ, .sendQ, .age, .process]
  static let barWidth = 20

  public static func header(_ frame: TopFrame, session: TopSession? = nil) -> [TopLine] {
    let header = frame.header
    var first = "tcpstate top"
    if !header.clock.isEmpty { first += " - " + header.clock }
    if let interval = header.interval { first += "  interval " + TopCell.perSecond(interval) + " s" }
    first += "  sockets \(header.total)"
    if let appeared = header.appeared, let left = header.left { first += "  new \(appeared)  gone \(left)" }
    first += "  view \(frame.order.view.rawValue) (\(frame.rows.count))"
    if session?.paused == true { first += "  [paused]" }
    if header.hiddenProcesses > 0 { first += "  \(header.hiddenProcesses) processes hidden (need root)" }
    var lines = [TopLine(first, .title)]
    let states = header.states.map { "\($0.state.name) \($0.count)" + TopCell.change($0.change) }
    lines.append(TopLine(states.isEmpty ? "no sockets" : states.joined(separator: "  ")))
    let rates = header.rates.map { "\($0.label) \(TopCell.perSecond($0.perSecond))" }
    lines.append(TopLine("per second: " + rates.joined(separator: "  ")))
    var status = "sorted by \(frame.order.sort.title) "
    status += frame.order.sort.numeric != frame.order.reversed ? "(largest first)" : "(smallest first)"
    if let text = session?.filterText, !text.isEmpty { status += "  filter: \(text)" }
    if let finding = frame.finding {
      let tone: TopLine.Tone =
        finding.severity == .critical ? .critical : finding.severity == .warning ? .warning : .info
      lines.append(TopLine(TopFinding.line(finding), tone))
    } else {
      lines.append(TopLine("doctor: no findings", .dim))
    }
    lines.append(TopLine(session == nil ? status : status + "  (? for help)", .dim))
    return lines
  }

  /// Column widths for the address columns, from the rows that will be shown.
  static func addressWidth(_ rows: some Collection<TopRow>) -> Int {
    var widest = 18
    for row in rows { widest = max(widest, row.socket.local.description.count, row.socket.peer.description.count) }
    return min(widest, 47)
  }

  static func width(_ column: TopColumn, address: Int) -> Int {
    switch column {
    case .state: 11
    case .family: 6
    case .local, .peer: address
    case .send, .recv: 7
    case .rtt: 8
    case .cwnd: 5
    case .retrans: 5
    case .retransTotal: 7
    case .recvQ, .sendQ: 8
    case .age: 8
    case .process: 0
    }
  }

  static func leftAligned(_ column: TopColumn) -> Bool { !column.numeric }

  /// The view's columns, or those `--columns` chose.
  static func columns(_ view: TopView, _ chosen: [TopColumn]? = nil) -> [TopColumn] {
    chosen ?? (view == .listeners ? listenerColumns : connectionColumns)
  }

  public static func columnTitles(_ order: TopOrder, addressWidth: Int, columns chosen: [TopColumn]? = nil) -> TopLine {
    var text = ""
    var highlight: Range<Int>?
    for column in columns(order.view, chosen) {
      if !text.isEmpty { text += " " }
      var title = column.title
      if order.view == .listeners && column == .recvQ { title = "Accept-Q" }
      if order.view == .listeners && column == .sendQ { title = "Backlog" }
      let cell =
        leftAligned(column)
        ? TopCell.padRight(title, width(column, address: addressWidth))
        : TopCell.padLeft(title, width(column, address: addressWidth))
      if column == order.sort { highlight = text.count..<(text.count + cell.count) }
      text += cell
      if order.view == .listeners && column == .sendQ {
        text += " " + TopCell.padRight("Accept queue fill", barWidth + 7)
      }
    }
    return TopLine(text, .columns, highlight: highlight)
  }

  public static func row(_ row: TopRow, view: TopView, addressWidth: Int, columns chosen: [TopColumn]? = nil)
    -> String
  {
    var text = ""
    for column in columns(view, chosen) {
      if !text.isEmpty { text += " " }
      let cell = value(row, column)
      text +=
        leftAligned(column)
        ? (column == .process ? cell : TopCell.padRight(cell, width(column, address: addressWidth)))
        : TopCell.padLeft(cell, width(column, address: addressWidth))
      if view == .listeners && column == .sendQ { text += " " + bar(row.acceptFill) }
    }
    while text.hasSuffix(" ") { text.removeLast() }
    return text
  }

  /// `[#######             ]  35%`: how full a listener's accept queue is.
  static func bar(_ fill: Double?) -> String {
    guard let fill else { return TopCell.padRight("", barWidth + 7) }
    let filled = Int((fill * Double(barWidth)).rounded(.up))
    let percent = Int((fill * 100).rounded())
    return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: barWidth - filled) + "] "
      + TopCell.padLeft("\(percent)%", 4)
  }

  public static func value(_ row: TopRow, _ column: TopColumn) -> String {
    switch column {
    case .state: row.socket.state.name
    case .family: row.socket.local.address.family == .inet6 ? "inet6" : "inet"
    case .local: row.socket.local.description
    case .peer: row.socket.peer.description
    case .process: row.process ?? ""
    case .send: TopCell.bytes(row.sendRate)
    case .recv: TopCell.bytes(row.recvRate)
    case .rtt: row.rtt.map { TextFormatting.milliseconds(fromMicroseconds: $0) } ?? ""
    case .cwnd: TopCell.number(row.cwnd)
    case .retrans: TopCell.number(row.retransInterval)
    case .retransTotal: TopCell.number(row.retransTotal)
    case .recvQ: "\(row.socket.recvQ)"
    case .sendQ: "\(row.socket.sendQ)"
    case .age: TopCell.age(row.stateSeconds, atLeast: row.stateAtLeast)
    }
  }

  /// A whole screen of `height` lines and `width` columns: header, titles,
  /// the rows from the session's scroll position, the selection marked.
  public static func screen(_ frame: TopFrame, session: TopSession, width: Int, height: Int) -> [TopLine] {
    var lines = header(frame, session: session).map { TopLine(TopCell.clip($0.text, width), $0.tone) }
    let page = pageRows(height: height)
    let start = min(session.scroll, frame.rows.count)
    let shown = frame.rows[start..<min(frame.rows.count, start + page)]
    let address = addressWidth(shown)
    var titles = columnTitles(frame.order, addressWidth: address)
    titles.text = TopCell.clip(titles.text, width)
    lines.append(titles)
    let selected = session.current(frame)
    for (offset, item) in shown.enumerated() {
      let text = TopCell.clip(row(item, view: frame.order.view, addressWidth: address), width)
      lines.append(TopLine(text, start + offset == selected ? .selected : .normal))
    }
    if frame.rows.isEmpty { lines.append(TopLine("(no \(frame.order.view.rawValue) match)", .dim)) }
    return Array(lines.prefix(max(0, height)))
  }

  /// Header lines plus the column titles.
  public static let headerHeight = 6

  /// Rows that fit under the header on a terminal `height` lines tall.
  /// (The last line is kept for the `/` prompt and messages.)
  public static func pageRows(height: Int) -> Int { max(0, height - headerHeight - 1) }

  /// One batch frame: every row, no width limit, a blank line after.
  public static func batch(_ frame: TopFrame, header showHeader: Bool = true, columns chosen: [TopColumn]? = nil)
    -> String
  {
    var out = ""
    let address = addressWidth(frame.rows)
    if showHeader {
      for line in header(frame) { out += line.text + "\n" }
      out += columnTitles(frame.order, addressWidth: address, columns: chosen).text + "\n"
    }
    for item in frame.rows {
      out += row(item, view: frame.order.view, addressWidth: address, columns: chosen) + "\n"
    }
    return out + "\n"
  }
}
