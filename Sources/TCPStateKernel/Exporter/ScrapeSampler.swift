import Glibc
import TCPStateKit
import TCPStateModel

/// The per-scrape work, kept to what the scrape budget allows: one plain
/// sock_diag dump (no tcp_info: states, queues, listeners) and one read of
/// the counter files. Everything costlier is `SlowRefresher`'s.
public struct ScrapeSampler {
  public var detailPorts: Set<UInt16>
  public var counters = CounterReader()
  /// `--by-cgroup`: count sockets per cgroup id and name the ids.
  public let cgroups: CgroupPathCache?

  public init(detailPorts: Set<UInt16>, countsCgroups: Bool = false) {
    self.detailPorts = detailPorts
    self.cgroups = countsCgroups ? CgroupPathCache() : nil
  }

  public struct Reading {
    public var census: SocketCensus
    public var cgroupPaths: [UInt64: String]
    public var counters: CounterTable
    public var decodeProblems: Int
    public var seconds: Double
  }

  public func sample() throws(KernelError) -> Reading {
    let start = monotonicSeconds()
    var census = SocketCensus(detailPorts: detailPorts, countsCgroups: cgroups != nil)
    var problems = 0
    try SockDiagDumper().dump(
      filter: SocketFilter(states: .all), onProblem: { _ in problems += 1 },
      onSocket: { socket in
        census.add(socket)
        return true
      })
    let table = counters.read().table
    let paths = cgroups?.paths(for: census.cgroupStates.keys) ?? [:]
    return Reading(
      census: census, cgroupPaths: paths, counters: table, decodeProblems: problems,
      seconds: monotonicSeconds() - start)
  }

  /// Bytes per page (sockstat counts TCP memory in pages).
  public static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
}
