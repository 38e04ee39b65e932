import Glibc
import TCPStateKit
import TCPStateMetrics
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

  /// Splits each scrape's dump in two on a host with more than one CPU: the
  /// ESTABLISHED sockets of the larger family (most of a busy host's) on a
  /// helper thread; that family's other states and all of the smaller
  /// family on this one. The kernel builds each part's messages on its own
  /// core, so a scrape waits for about the larger part instead of the whole.
  /// Every dump walks the whole socket table, skipping what it was not asked
  /// for: one dump per family is two walks, this split three.
  public var splitDump = sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1
  /// Which family had more sockets at the last scrape (IPv4 until one says otherwise).
  let majority = FamilyMajority()

  public func sample() throws(KernelError) -> Reading {
    let start = Clock.monotonicSeconds()
    var census: SocketCensus
    var problems: Int
    if splitDump {
      let major: AddressFamily = majority.inet6 ? .inet6 : .inet
      let minor: AddressFamily = major == .inet ? .inet6 : .inet
      let established = StateSet(.established)
      let helper = HelperPart(
        Part([SocketFilter(states: established, families: [major])], sampler: self))
      let thread = try? BackgroundThread { helper.run() }
      if thread == nil { helper.run() }
      var rest = Part(
        [
          SocketFilter(states: StateSet.all.subtracting(established), families: [major]),
          SocketFilter(states: .all, families: [minor]),
        ], sampler: self)
      let failure = Result { () throws(KernelError) in try rest.dump() }
      thread?.join()
      if case .failure(let error) = failure { throw error }
      if let error = helper.error { throw error }
      census = rest.census
      census.merge(helper.part.census)
      problems = rest.problems + helper.part.problems
    } else {
      var whole = Part([SocketFilter(states: .all)], sampler: self)
      try whole.dump()
      census = whole.census
      problems = whole.problems
    }
    majority.inet6 = census.total(.inet6) > census.total(.inet)
    let table = counters.read().table
    let paths = cgroups?.paths(for: census.cgroupStates.keys) ?? [:]
    return Reading(
      census: census, cgroupPaths: paths, counters: table, decodeProblems: problems,
      seconds: Clock.monotonicSeconds() - start)
  }

  /// Dumps of some families and states into one census.
  struct Part {
    var census: SocketCensus
    var problems = 0
    let filters: [SocketFilter]

    init(_ filters: [SocketFilter], sampler: ScrapeSampler) {
      self.filters = filters
      census = SocketCensus(detailPorts: sampler.detailPorts, countsCgroups: sampler.cgroups != nil)
    }

    mutating func dump() throws(KernelError) {
      var census = self.census
      var problems = 0
      defer {
        self.census = census
        self.problems = problems
      }
      for filter in filters {
        try SockDiagDumper().dump(
          filter: filter, onProblem: { _ in problems += 1 },
          onSocket: { socket in
            census.add(socket)
            return true
          })
      }
    }
  }

  final class FamilyMajority: @unchecked Sendable {
    // Read and written only by the scrape thread, between its dumps.
    var inet6 = false
  }

  /// The helper thread's part; read after its thread is joined.
  final class HelperPart: @unchecked Sendable {
    var part: Part
    var error: KernelError?
    init(_ part: Part) { self.part = part }

    func run() {
      do { try part.dump() } catch { self.error = error }
    }
  }

  /// Bytes per page (sockstat counts TCP memory in pages).
  public static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
}
