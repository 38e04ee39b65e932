import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateWatch

/// Connection summaries on their way out. A summary predicate decides which
/// are shown (and then only summaries count); with owner selection a summary
/// waits until its connection is decided, because the destroy notification
/// can come before the socket's last transitions have been read.
final class SummaryRelease {
  let count: EmissionCount
  /// Only the summaries it holds for are shown, and no transitions (their
  /// fields are known only once the connection has ended).
  var predicate: SocketPredicate? {
    didSet { count.countsSummaries = predicate != nil }
  }
  /// Owner selection: whose connections' summaries are shown.
  var owners: OwnerResolver?
  var onSummary: (ConnectionSummary) throws -> Void = { _ in }

  /// A summary whose connection is not decided yet (owner selection).
  struct Pending {
    var summary: ConnectionSummary
    var socket: Socket
    var key: ConnectionKey
    var endedNs: UInt64
  }
  private(set) var pending: [Pending] = []

  init(count: EmissionCount) {
    self.count = count
  }

  /// Shows `summary` now, drops it, or keeps it until its owner is decided.
  func offer(_ summary: ConnectionSummary, socket: Socket, key: ConnectionKey, endedNs: UInt64) throws {
    if let owners {
      guard let selected = owners.summaryDecision(key) else {
        pending.append(Pending(summary: summary, socket: socket, key: key, endedNs: endedNs))
        return
      }
      guard selected else { return }
    }
    try show(summary)
  }

  func show(_ summary: ConnectionSummary) throws {
    guard !count.ended else { return }
    if let predicate {
      guard predicate.matches(summary) else { return }
      guard count.admit() else { return }
    }
    try onSummary(summary)
    count.shownSummary()
  }

  /// Shows or drops the summaries whose connection has been decided since;
  /// one still undecided after 200 ms (or at the end) is judged by the
  /// destroyed socket itself (its uid, cgroup, and the listener it came from).
  func releasePending(nowNs: UInt64, final: Bool = false) throws {
    guard let owners, !pending.isEmpty else { return }
    let waiting = pending
    pending.removeAll()
    for entry in waiting {
      if count.ended { return }
      if let selected = owners.summaryDecision(entry.key) {
        if selected { try show(entry.summary) }
      } else if final || nowNs &- entry.endedNs >= 200_000_000 {
        if owners.selectsEnded(entry.socket, key: entry.key) { try show(entry.summary) }
      } else {
        pending.append(entry)
      }
    }
  }
}
