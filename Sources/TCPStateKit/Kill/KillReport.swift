import TCPStateModel

/// What `kill` did to each socket, one line (or JSON object) per socket, and
/// the summary. Exit status: 0 when every target was killed (or had closed
/// by itself before its turn), 1 when any failed; protected sockets are
/// reported but are not failures.
public struct KillReport {
  public enum Outcome: Sendable, Equatable {
    case killed
    /// Closed before its turn (ENOENT; often the RST of its killed peer), or its 4-tuple now belongs to a new socket (ESTALE).
    case gone
    case protected(KillPolicy.Protection)
    case failed(String)

    var word: String {
      switch self {
      case .killed: "killed"
      case .gone: "gone"
      case .protected: "skipped"
      case .failed: "failed"
      }
    }
  }

  public private(set) var entries: [(socket: Socket, outcome: Outcome)] = []

  public init() {}

  public mutating func add(_ socket: Socket, _ outcome: Outcome) { entries.append((socket, outcome)) }

  public func count(_ word: String) -> Int { entries.filter { $0.outcome.word == word }.count }

  public var exitCode: Int32 { count("failed") > 0 ? 1 : 0 }

  /// `killed  ESTABLISHED 127.0.0.1:8080 127.0.0.1:51234`, with the reason after a skip or failure;
  /// `netns` (a name or an inode) follows the peer when several namespaces were searched.
  public static func line(_ socket: Socket, _ outcome: Outcome, netns: String? = nil) -> String {
    var text =
      outcome.word.padding(8) + socket.state.name.padding(12) + socket.local.description.padding(22)
      + socket.peer.description
    if let netns { text += "  netns:" + TextEscaping.escape(netns) }
    switch outcome {
    case .protected(let why): text += "  (\(why.text); --force kills it)"
    case .failed(let reason): text += "  (\(reason))"
    case .gone: text += "  (already closed: reset by a peer killed before it, or closed by its owner)"
    case .killed: break
    }
    return text
  }

  /// `killed 3 of 4 sockets: 1 failed, 2 skipped`.
  public var summary: String {
    let killed = count("killed")
    let targets = entries.count - count("skipped")
    var text = "killed \(killed) of \(targets) socket\(targets == 1 ? "" : "s")"
    var notes: [String] = []
    if count("gone") > 0 { notes.append("\(count("gone")) already closed") }
    if count("failed") > 0 { notes.append("\(count("failed")) failed") }
    if count("skipped") > 0 { notes.append("\(count("skipped")) skipped (protected; --force kills them)") }
    if !notes.isEmpty { text += ": " + notes.joined(separator: ", ") }
    return text
  }

  /// `{"sockets":[{"result":"killed","socket":{…}}…],"killed":N,"gone":N,"failed":N,"skipped":N}`.
  public func json(options: ListOptions) -> String {
    var json = JSONWriter()
    let renderer = SocketJSON(options: options)
    json.beginObject()
    json.key("sockets")
    json.beginArray()
    for (socket, outcome) in entries {
      json.beginObject()
      json.key("result")
      json.string(outcome.word)
      switch outcome {
      case .protected(let why):
        json.key("reason")
        json.string(why.text)
      case .failed(let reason):
        json.key("reason")
        json.string(reason)
      default: break
      }
      json.key("socket")
      renderer.write(socket, processes: [], to: &json)
      json.endObject()
    }
    json.endArray()
    for word in ["killed", "gone", "failed", "skipped"] {
      json.key(word)
      json.number(UInt64(count(word)))
    }
    json.endObject()
    return String(decoding: json.out, as: UTF8.self) + "\n"
  }
}
