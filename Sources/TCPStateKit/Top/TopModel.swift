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
    for socket in snapshot.sockets {
      var row = TopRow(socket: socket, process: Self.processText(snapshot.owners[socket.inode]))
      let info = socket.tcpInfo
      var reading = Reading(
        acked: info?.bytesAcked, received: info?.bytesReceived, retrans: info?.totalRetrans, state: socket.state,
        since: snapshot.time, exact: !first)
      if let last = readings[socket.cookie], socket.cookie != 0 {
        stayed += 1
        if last.state == socket.state {
          reading.since = last.since
          reading.exact = last.exact
        }
        row.sendRate = TopRow.rate(last.acked, reading.acked, seconds: seconds)
        row.recvRate = TopRow.rate(last.received, reading.received, seconds: seconds)
        if let a = last.retrans, let b = reading.retrans, b >= a { row.retransInterval = b - a }
      }
      row.stateSeconds = snapshot.time - reading.since
      row.stateAtLeast = !reading.exact
      next[socket.cookie] = reading
      built.append(row)
    }
    var nowCounts: [TCPState: Int] = [:]
    for socket in snapshot.sockets { nowCounts[socket.state, default: 0] += 1 }
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
