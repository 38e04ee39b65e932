import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateWire

/// What a listing asks the kernel for, and where its sockets come from: a
/// dump, a recorded dump replayed, or sockets selected earlier.
extension SocketListing {
  /// Shows sockets already in hand instead of asking the kernel: `kill
  /// --dry-run` prints its targets exactly as list would.
  public init(showing sockets: [Socket], options: ListOptions, format: Format) {
    self.init(filter: SocketFilter(), options: options, format: format)
    source = .sockets(sockets)
  }

  /// Lists every namespace of `sweep`, each socket marked with its own
  /// (`list --all-netns`); the table gets a Netns column.
  public init(
    sweeping sweep: NamespaceSweep, filter: SocketFilter, options: ListOptions, format: Format
  ) {
    var options = options
    options.namespaces = NamespaceSweep.byInode(sweep.namespaces)
    self.init(filter: filter, options: options, format: format)
    source = .namespaces(sweep)
  }

  /// The attributes worth their kernel cost for what will be shown.
  var extensions: InetDiagRequest.Extensions {
    var extensions: InetDiagRequest.Extensions = []
    if options.info { extensions.formUnion([.info, .congestion]) }
    if options.memory { extensions.insert(.skMemInfo) }
    if options.extended { extensions.insert(.shutdown) }
    // Fields the predicate or the sort read must be asked for even when not shown.
    var sources = predicate.sources
    if let sort { sources.insert(sort.field.source) }
    return extensions.union(SocketPredicate.dumpExtensions(reading: sources))
  }

  /// Where the sockets come from.
  enum Source {
    /// A dump, as the listing runs.
    case kernel
    /// A dump recorded earlier, replayed instead of asking the kernel again.
    case recorded(RecordedDump)
    /// Sockets selected earlier, shown as they are.
    case sockets([Socket])
    /// One dump per network namespace.
    case namespaces(NamespaceSweep)
  }

  /// Streams sockets from the source, normally straight from the kernel.
  func rawDump(extensions: InetDiagRequest.Extensions, onSocket: @escaping (Socket) -> Bool) throws -> Int {
    switch source {
    case .kernel:
      return try SockDiagDumper().dump(filter: filter, extensions: extensions, onProblem: onProblem, onSocket: onSocket)
    case .recorded(let recorded):
      return try recorded.replay(filter: filter, onProblem: onProblem, onSocket: onSocket)
    case .sockets(let sockets):
      for socket in sockets where !onSocket(socket) { break }
      return sockets.count
    case .namespaces(let sweep):
      var count = 0
      let skipped = sweep.dump(
        filter: filter, extensions: extensions, onProblem: { _, problem in onProblem(problem) },
        onSocket: { namespace, socket in
          count += 1
          var socket = socket
          socket.netns = namespace.inode
          return onSocket(socket)
        })
      for namespace in skipped { onSkipped(namespace) }
      return count
    }
  }

  /// Rows held to fit the table's columns: the first batch of a dump, or
  /// every socket when they are all in hand already (nothing is streaming).
  var fitBatch: Int {
    if case .sockets(let sockets) = source { return max(1, sockets.count) }
    return Self.fitBatch
  }
}
