import TCPStateModel

/// `top`'s memory between refreshes: per socket cookie (unique for a
/// socket's life and stable across dumps) the byte and retransmit counters
/// last read and when it was first seen in its current state. Feeding it a
/// snapshot yields the rows with rates and the header's figures; sorting and
/// filtering are `TopFrame`'s, so a key press re-sorts without asking the
/// kernel again. Only the latest sockets are kept (in `rows`): at 100k sockets
/// a second copy of every `Socket` would cost tens of megabytes.
public struct TopModel: Sendable {
  struct Reading: Sendable {
    var acked: UInt64?
    var received: UInt64?
    var retrans: UInt32?
    var state: TCPState
    var since: Double
    /// Seen entering this state (false: it was in it when first seen).
    var exact: Bool
  }

  /// The snapshots' time, clock and counters (their sockets are in `rows`, not here).
  public private(set) var previous: TopSnapshot?
  public private(set) var current: TopSnapshot?
  public private(set) var rows: [TopRow] = []
  public private(set) var header = TopHeader()
  var readings: [UInt64: Reading] = [:]
  var counts: [TCPState: Int]?

  public init() {}

  public mutating func ingest(_ snapshot: TopSnapshot) {
    // The old rows go first: holding them while the new ones are built would
    // double the peak memory at 100k sockets (callers drop their frames too).
    rows = []
    let first = current == nil
    let seconds = current.map { snapshot.time - $0.time } ?? 0
    var next: [UInt64: Reading] = [:]
    next.reserveCapacity(snapshot.sockets.count)
    var built: [TopRow] = []
    built.reserveCapacity(snapshot.sockets.count)
    var stayed = 0
    // By index: `for socket in` copies each socket once more than the row needs.
    let sockets = snapshot.sockets
    for index in sockets.indices {
      var row = TopRow(socket: sockets[index], process: Self.processText(snapshot.owners[sockets[index].inode]))
      let cookie = sockets[index].cookie
      let state = sockets[index].state
      var reading = Reading(
        acked: sockets[index].tcpInfo?.bytesAcked, received: sockets[index].tcpInfo?.bytesReceived,
        retrans: sockets[index].tcpInfo?.totalRetrans, state: state, since: snapshot.time, exact: !first)
      if let last = readings[cookie], cookie != 0 {
        stayed += 1
        if last.state == state {
          reading.since = last.since
          reading.exact = last.exact
        }
        row.sendRate = TopRow.rate(last.acked, reading.acked, seconds: seconds)
        row.recvRate = TopRow.rate(last.received, reading.received, seconds: seconds)
        if let a = last.retrans, let b = reading.retrans, b >= a { row.retransInterval = b - a }
      }
      row.stateSeconds = snapshot.time - reading.since
      row.stateAtLeast = !reading.exact
      next[cookie] = reading
      built.append(row)
    }
    var nowCounts: [TCPState: Int] = [:]
    for index in sockets.indices { nowCounts[sockets[index].state, default: 0] += 1 }
    header = TopHeader(
      previous: current, current: snapshot, counts: nowCounts, previousCounts: first ? nil : counts,
      appeared: first ? nil : snapshot.sockets.count - stayed, left: first ? nil : readings.count - stayed)
    var kept = snapshot
    kept.sockets = []
    kept.owners = [:]
    previous = current
    current = kept
    readings = next
    counts = nowCounts
    rows = built
  }

  /// `nginx[812]`, and `+2` when more processes share the socket.
  static func processText(_ owners: [ProcessRef]?) -> String? {
    guard let owners, let first = owners.first else { return nil }
    let more = Set(owners.map(\.pid)).count - 1
    return "\(first.command)[\(first.pid)]" + (more > 0 ? " +\(more)" : "")
  }
}
