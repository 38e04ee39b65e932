import TCPStateKit
import TCPStateModel

/// The columns `top` can sort by, each with the key that selects it.
/// Text columns sort ascending by default, numbers largest first.
public enum TopColumn: String, Sendable, CaseIterable {
  case state, family, local, peer, process, send, recv, rtt, cwnd, retrans
  case retransTotal = "retrans_total"
  case recvQ = "recv_q"
  case sendQ = "send_q"
  case age

  /// The key that sorts by this column (shown in the help screen).
  public var key: Character {
    switch self {
    case .state: "S"
    case .family: "F"
    case .local: "L"
    case .peer: "P"
    case .process: "C"
    case .send: "T"
    case .recv: "R"
    case .rtt: "D"
    case .cwnd: "W"
    case .retrans: "X"
    case .retransTotal: "Z"
    case .recvQ: "Q"
    case .sendQ: "U"
    case .age: "A"
    }
  }

  public var title: String {
    switch self {
    case .state: "State"
    case .family: "Family"
    case .local: "Local Address:Port"
    case .peer: "Peer Address:Port"
    case .process: "Process"
    case .send: "Send/s"
    case .recv: "Recv/s"
    case .rtt: "RTT ms"
    case .cwnd: "Cwnd"
    case .retrans: "Retr"
    case .retransTotal: "RetrTot"
    case .recvQ: "Recv-Q"
    case .sendQ: "Send-Q"
    case .age: "In state"
    }
  }

  /// What the help screen says the column is.
  public var meaning: String {
    switch self {
    case .state: "TCP state"
    case .family: "inet or inet6 (--columns family; not in the default layout)"
    case .local: "local address and port"
    case .peer: "peer address and port"
    case .process: "owning process (-p)"
    case .send: "bytes acknowledged by the peer per second (tcpi_bytes_acked)"
    case .recv: "bytes received per second (tcpi_bytes_received)"
    case .rtt: "smoothed round-trip time"
    case .cwnd: "congestion window, segments"
    case .retrans: "segments retransmitted in the last interval"
    case .retransTotal: "segments retransmitted in all (tcpi_total_retrans)"
    case .recvQ: "bytes not yet read; for listeners, connections awaiting accept()"
    case .sendQ: "bytes not yet acknowledged; for listeners, the backlog"
    case .age: "time in the current state since top first saw it ('>' when it was there already)"
    }
  }

  public var numeric: Bool {
    switch self {
    case .state, .family, .local, .peer, .process: false
    default: true
    }
  }

  public static func forKey(_ key: Character) -> TopColumn? { allCases.first { $0.key == key } }

  /// `top --batch --columns state,local,rtt`: names as --sort takes them,
  /// comma-separated or repeated; an unknown one gets "did you mean" and the list.
  public static func parseList(_ values: [String]) throws(TCPStateError) -> [TopColumn] {
    var columns: [TopColumn] = []
    for piece in values.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
      guard let column = named(String(piece)) else {
        var ranking = Suggestions(for: piece.lowercased().replacingOccurrences("-", "_"))
        for column in allCases { ranking.add(column.rawValue, spelled: column.rawValue) }
        let best = ranking.best()
        var hints = best.isEmpty ? [] : ["did you mean " + best.joined(separator: ", ") + "?"]
        hints.append("columns: " + allCases.map(\.rawValue).joined(separator: ", "))
        let what =
          piece.isEmpty ? "--columns has an empty name" : "unknown column '\(piece)'"
        throw TCPStateError(.usage, what, hints: hints)
      }
      if !columns.contains(column) { columns.append(column) }
    }
    return columns
  }

  /// `--sort` spellings: the raw value or the title, any case, `-` or `_`.
  public static func named(_ text: String) -> TopColumn? {
    let folded = text.lowercased().replacingOccurrences("-", "_")
    return allCases.first {
      $0.rawValue == folded || $0.title.lowercased().replacingOccurrences("-", "_") == folded
    }
  }
}

extension String {
  func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
    String(map { $0 == target ? replacement : $0 })
  }
}
