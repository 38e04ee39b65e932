import TCPStateModel

/// `top`'s memory between refreshes: the previous snapshot, keyed by socket
/// cookie (unique for a socket's life and stable across dumps), and when each
/// socket was first seen in its current state. Feeding it a snapshot yields
/// the rows with rates and the header's figures; sorting and filtering are
/// `TopFrame`'s, so a key press re-sorts without asking the kernel again.
public struct TopModel: Sendable {
  struct Seen: Sendable {
    var state: TCPState
    var since: Double
    /// Seen entering this state (false: it was in it when first seen).
    var exact: Bool
  }

  public private(set) var previous: TopSnapshot?
  public private(set) var current: TopSnapshot?
  public private(set) var rows: [TopRow] = []
  public private(set) var header = TopHeader()
  var seen: [UInt64: Seen] = [:]

  public init() {}

  public mutating func ingest(_ snapshot: TopSnapshot) {
    let old = current
    var before: [UInt64: Socket] = [:]
    if let old {
      before.reserveCapacity(old.sockets.count)
      for socket in old.sockets where socket.cookie != 0 { before[socket.cookie] = socket }
    }
    let seconds = old.map { snapshot.time - $0.time } ?? 0
    var nextSeen: [UInt64: Seen] = [:]
    nextSeen.reserveCapacity(snapshot.sockets.count)
    var built: [TopRow] = []
    built.reserveCapacity(snapshot.sockets.count)
    for socket in snapshot.sockets {
      var row = TopRow(socket: socket, process: Self.processText(snapshot.owners[socket.inode]))
      var entry = Seen(state: socket.state, since: snapshot.time, exact: old != nil)
      if let last = seen[socket.cookie], last.state == socket.state { entry = last }
      nextSeen[socket.cookie] = entry
      row.stateSeconds = snapshot.time - entry.since
      row.stateAtLeast = !entry.exact
      if let prior = before[socket.cookie] {
        let was = prior.tcpInfo
        let now = socket.tcpInfo
        row.sendRate = TopRow.rate(was?.bytesAcked, now?.bytesAcked, seconds: seconds)
        row.recvRate = TopRow.rate(was?.bytesReceived, now?.bytesReceived, seconds: seconds)
        if let a = was?.totalRetrans, let b = now?.totalRetrans, b >= a { row.retransInterval = b - a }
      }
      built.append(row)
    }
    header = TopHeader(previous: old, current: snapshot, previousCookies: before)
    seen = nextSeen
    rows = built
    previous = old
    current = snapshot
  }

  /// `nginx[812]`, and `+2` when more processes share the socket.
  static func processText(_ owners: [ProcessRef]?) -> String? {
    guard let owners, let first = owners.first else { return nil }
    let more = Set(owners.map(\.pid)).count - 1
    return "\(first.command)[\(first.pid)]" + (more > 0 ? " +\(more)" : "")
  }
}
