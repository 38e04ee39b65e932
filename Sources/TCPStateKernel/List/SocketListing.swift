import Dispatch
import Glibc
import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateWire

/// The `list` pipeline: dump → filter → render → write, one socket at a time.
/// Only the first batch is held (to fit the table's columns); everything
/// after streams straight to the output.
public struct SocketListing {
  public enum Format { case table, json, summary, summaryJSON }

  public var filter: SocketFilter
  public var options: ListOptions
  public var format: Format
  /// Tests the kernel cannot run (`--where`, `--pid`, `--command`, `--uid`), applied to each socket.
  public var predicate = SocketPredicate()
  /// `--sort`: the listing is buffered and sorted before it is written;
  /// without it rows stream as the kernel sends them.
  public var sort: SocketSort?
  /// Called once per decode problem; the listing goes on.
  public var onProblem: (DumpProblem) -> Void = { _ in }
  /// Called for each namespace a sweep could not list (gone, or not enterable).
  public var onSkipped: (NamespaceSweep.Skipped) -> Void = { _ in }

  /// Where the sockets come from: normally the kernel (see `SocketListing+Source`).
  var source = Source.kernel

  static let fitBatch = 256

  public init(filter: SocketFilter, options: ListOptions, format: Format) {
    self.filter = filter
    self.options = options
    self.format = format
  }

  /// Runs the listing into `sink`. Returns the number of sockets shown.
  ///
  /// With `withProcesses`, the /proc scan runs on other threads while this
  /// one records the dump's bytes; rows are decoded and printed once both
  /// are done. `onProcessMap` sees the map first (to warn about hidden processes).
  @discardableResult
  public func run(
    into sink: OutputSink, withProcesses: Bool, onProcessMap: (ProcessMap) -> Void = { _ in }
  ) throws -> Int {
    let withProcesses = withProcesses || predicate.needsProcesses
    guard withProcesses, format == .table || format == .json || predicate.needsProcesses else {
      return try run(into: sink, processes: nil)
    }
    if case .namespaces = source {
      // Socket inodes are the same in every namespace's /proc: one scan serves
      // them all. The dumps are per namespace, so there is no single dump to record.
      let map = ProcessMap.scan()
      onProcessMap(map)
      return try run(into: sink, processes: map)
    }
    // Written by the scanning thread before it leaves the group, read after wait().
    final class MapBox: @unchecked Sendable { var map = ProcessMap() }
    let box = MapBox()
    let scanned = DispatchGroup()
    scanned.enter()
    DispatchQueue.global().async {
      box.map = ProcessMap.scan()
      scanned.leave()
    }
    let recorded: RecordedDump
    do {
      recorded = try RecordedDump.record(filter: filter, extensions: extensions)
    } catch {
      scanned.wait()
      throw error
    }
    scanned.wait()
    onProcessMap(box.map)
    var replaying = self
    replaying.source = .recorded(recorded)
    return try replaying.run(into: sink, processes: box.map)
  }

  /// The kernel's sockets that pass the predicate, in the kernel's order, or
  /// all of them sorted (`--sort` needs them all before the first row).
  func dump(
    extensions: InetDiagRequest.Extensions, processes: ProcessMap?, onSocket: @escaping (Socket) -> Bool
  ) throws -> Int {
    let predicate = self.predicate
    // Nothing asked: the kernel's stream as it comes, no wrapper per socket.
    if predicate.isEmpty && sort == nil { return try rawDump(extensions: extensions, onSocket: onSocket) }
    let passes = { (socket: Socket) in
      predicate.matches(socket, processes: processes?.processes(for: socket.inode) ?? [])
    }
    guard let sort else {
      var shown = 0
      _ = try rawDump(extensions: extensions) { socket in
        guard passes(socket) else { return true }
        shown += 1
        return onSocket(socket)
      }
      return shown
    }
    var kept: [Socket] = []
    _ = try rawDump(extensions: extensions) { socket in
      if passes(socket) { kept.append(socket) }
      return true
    }
    for socket in sort.sorted(kept) where !onSocket(socket) { break }
    return kept.count
  }

  /// Runs the listing with an already scanned process map (or none).
  @discardableResult
  public func run(into sink: OutputSink, processes: ProcessMap? = nil) throws -> Int {
    switch format {
    case .table: return try runTable(sink, processes)
    case .json: return try runJSON(sink, processes)
    case .summary: return try runSummary(sink, json: false, processes)
    case .summaryJSON: return try runSummary(sink, json: true, processes)
    }
  }

  func runTable(_ sink: OutputSink, _ processes: ProcessMap?) throws -> Int {
    var table = SocketTable(options: options)
    var pending: [Socket] = []
    var fitted = false
    var shown = 0
    var closed: OutputSink.Failure?
    func flushPending() {
      table.fit(pending)
      table.header(into: &sink.buffer)
      for socket in pending {
        table.row(socket, processes: processes?.processes(for: socket.inode) ?? [], into: &sink.buffer)
      }
      pending.removeAll()
      fitted = true
    }
    _ = try dump(extensions: extensions, processes: processes) { socket in
      shown += 1
      if !fitted {
        pending.append(socket)
        if pending.count >= fitBatch { flushPending() }
        return true
      }
      table.row(socket, processes: processes?.processes(for: socket.inode) ?? [], into: &sink.buffer)
      do throws(OutputSink.Failure) { try sink.flushIfFull() } catch {
        closed = error
        return false
      }
      return true
    }
    if let closed { throw closed }
    if !fitted { flushPending() }
    try sink.flush()
    return shown
  }

  func runJSON(_ sink: OutputSink, _ processes: ProcessMap?) throws -> Int {
    let renderer = SocketJSON(options: options)
    var json = JSONWriter(reservingCapacity: 4096)
    var shown = 0
    var closed: OutputSink.Failure?
    sink.buffer.append(UInt8(ascii: "["))
    _ = try dump(extensions: extensions, processes: processes) { socket in
      sink.buffer.append(contentsOf: shown == 0 ? [10] : [44, 10])
      renderer.write(socket, processes: processes?.processes(for: socket.inode) ?? [], to: &json)
      json.move(to: &sink.buffer)
      shown += 1
      do throws(OutputSink.Failure) { try sink.flushIfFull() } catch {
        closed = error
        return false
      }
      return true
    }
    if let closed { throw closed }
    sink.buffer.append(contentsOf: shown == 0 ? Array("]\n".utf8) : Array("\n]\n".utf8))
    try sink.flush()
    return shown
  }

  func runSummary(_ sink: OutputSink, json: Bool, _ processes: ProcessMap?) throws -> Int {
    var counts = StateCounts()
    var byNamespace: [UInt64: StateCounts] = [:]
    var summaryExtensions = extensions
    summaryExtensions.subtract([.shutdown])
    let shown = try dump(extensions: predicate.isEmpty ? [] : summaryExtensions, processes: processes) { socket in
      counts.add(socket)
      if let netns = socket.netns { byNamespace[netns, default: StateCounts()].add(socket) }
      return true
    }
    if case .namespaces(let sweep) = source {
      // One row per namespace that has any of the sockets asked for.
      let rows = sweep.namespaces.compactMap { namespace in
        byNamespace[namespace.inode].map { NamespaceSummaryText.Row(namespace: namespace, counts: $0) }
      }
      let text =
        json
        ? NamespaceSummaryText.json(rows)
        : NamespaceSummaryText.render(rows, header: options.header, style: options.style)
      sink.buffer.append(contentsOf: text.utf8)
      try sink.flush()
      return shown
    }
    let text =
      json ? SummaryText.json(counts) : SummaryText.render(counts, header: options.header, style: options.style)
    sink.buffer.append(contentsOf: text.utf8)
    try sink.flush()
    return shown
  }
}
