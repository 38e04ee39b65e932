import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// The help screen and the details pane, as plain lines.
public enum TopOverlayText {
  public static func help() -> [String] {
    var lines = [
      "tcpstate top: keys",
      "",
      "  q, Ctrl-C      quit (the terminal is restored)",
      "  ?, h           this help (any of q, Esc, Enter, ? closes it)",
      "  p, space       pause / resume refreshing",
      "  l              listeners view (accept-queue fill) / connections view",
      "  Enter          details of the selected connection: tcp_info, timer, its state explained",
      "  /              filter: the words of list, e.g. state established port 443 dst 10.0.0.0/8;",
      "                 an empty filter clears it, Esc cancels",
      "  Up/Down, PgUp/PgDn, Home/End   move the selection (it follows its connection)",
      "  < >            sort by the previous / next column",
      "  r              reverse the order",
      "",
      "Sort keys (the same key again reverses):",
    ]
    for column in TopColumn.allCases {
      lines.append("  \(column.key)  \(TopCell.padRight(column.title, 19)) \(column.meaning)")
    }
    lines.append("")
    lines.append("Blank rates: the connection is new since the last refresh (no earlier reading to compare).")
    return lines
  }

  /// Everything known about one connection: addresses, queues, rates, timer,
  /// the whole tcp_info line as `list -i` prints it, and its state explained.
  public static func details(_ row: TopRow, width: Int, language: Language = .en) -> [String] {
    let socket = row.socket
    var lines = [
      "\(socket.state.name)  \(socket.local) -> \(socket.peer)",
      "cookie \(TextFormatting.hex(socket.cookie))  inode \(socket.inode)  uid \(socket.uid)  family \(socket.family.name)",
    ]
    if let process = row.process { lines.append("process \(process)") }
    lines.append(
      "send \(blank(TopCell.bytes(row.sendRate)))/s  recv \(blank(TopCell.bytes(row.recvRate)))/s  "
        + "retransmitted this interval \(blank(TopCell.number(row.retransInterval)))  "
        + "in state \(blank(TopCell.age(row.stateSeconds, atLeast: row.stateAtLeast)))")
    lines.append("Recv-Q \(socket.recvQ)  Send-Q \(socket.sendQ)  \(SocketTable.timerText(socket.timer))")
    lines.append("")
    if socket.tcpInfo != nil {
      lines.append("tcp_info:")
      lines += TextWrap.wrap(TCPInfoText.line(for: socket), columns: max(20, width - 2), indent: "  ")
    } else {
      lines.append("no tcp_info (the kernel sends none for time-wait and request sockets)")
    }
    if let memory = socket.memory { lines.append("memory: " + TCPInfoText.memory(memory)) }
    if let entry = KnowledgeBase.entry(for: socket.state) {
      lines.append("")
      lines.append(entry.title.text(language))
      lines += TextWrap.wrap(entry.summary.text(language), columns: max(20, width - 2), indent: "  ")
      lines.append("More: tcpstate explain \(entry.id)")
    }
    lines.append("")
    lines.append("(Esc, q or Enter closes)")
    return lines
  }

  static func blank(_ text: String) -> String { text.isEmpty ? "-" : text }
}
