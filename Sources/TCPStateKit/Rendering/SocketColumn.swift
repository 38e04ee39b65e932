import TCPStateModel

/// A column `list --columns` can select, by its name there.
public enum SocketColumn: String, CaseIterable, Sendable {
  case state
  case recvQ = "recv_q"
  case sendQ = "send_q"
  case family, local, peer, process, timer, cgroup, uid, inode, cookie, netns

  /// The header, as the default table writes it.
  func title(listenersOnly: Bool) -> String {
    switch self {
    case .state: "State"
    case .recvQ: listenersOnly ? "Accept-Q" : "Recv-Q"
    case .sendQ: listenersOnly ? "Backlog" : "Send-Q"
    case .family: "Family"
    case .local: "Local Address:Port"
    case .peer: "Peer Address:Port"
    case .process: "Process"
    case .timer: "Timer"
    case .cgroup: "Cgroup"
    case .uid: "UID"
    case .inode: "Inode"
    case .cookie: "Cookie"
    case .netns: "Netns"
    }
  }

  /// Numbers line up on the right.
  var rightAligned: Bool { [.recvQ, .sendQ, .uid, .inode].contains(self) }

  /// `--columns state,local,peer`: names comma-separated (or the option
  /// repeated), `-` and `_` alike, any case; an unknown one is a usage error
  /// with the closest names and the whole list.
  public static func parse(_ values: [String]) throws(TCPStateError) -> [SocketColumn] {
    var columns: [SocketColumn] = []
    for value in values {
      for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
        let name = String(piece.lowercased().map { $0 == "-" ? "_" : $0 }).trimmingWhitespace()
        guard let column = SocketColumn(rawValue: name) else {
          var ranking = Suggestions(for: name)
          for column in allCases { ranking.add(column.rawValue, spelled: column.rawValue) }
          let best = ranking.best()
          var hints = best.isEmpty ? [] : ["did you mean " + best.joined(separator: ", ") + "?"]
          hints.append("columns: " + allCases.map(\.rawValue).joined(separator: ", "))
          let shown = String(piece)
          throw TCPStateError(
            .usage, piece.isEmpty ? "--columns has an empty name" : "unknown column '\(shown)'", hints: hints)
        }
        if !columns.contains(column) { columns.append(column) }
      }
    }
    if columns.isEmpty { throw TCPStateError(.usage, "--columns needs at least one column", hints: []) }
    return columns
  }
}
