import TCPStateFilter
import TCPStateKit
import TCPStateModel
import TCPStateWire

extension SocketPredicate {
  /// The attributes a dump must ask for so the predicate can be tested: a
  /// `--where` on tcp_info or memory fields reads what the kernel sends only
  /// when asked (kill and top share this with list).
  public var dumpExtensions: InetDiagRequest.Extensions { Self.dumpExtensions(reading: sources) }

  /// The attributes that carry fields from these sources (list adds its sort's field to the predicate's).
  public static func dumpExtensions(reading sources: Set<SocketField.Source>) -> InetDiagRequest.Extensions {
    var extensions: InetDiagRequest.Extensions = []
    if sources.contains(.tcpInfo) { extensions.formUnion([.info, .congestion]) }
    if sources.contains(.memory) { extensions.insert(.skMemInfo) }
    return extensions
  }

  /// The owners the predicate needs, read from /proc/*/fd only when it asks
  /// about processes (the walk costs as much as the dump).
  public func processMap() -> ProcessMap? { needsProcesses ? ProcessMap.scan() : nil }

  /// `matches` with the socket's holders looked up in `map`.
  public func matches(_ socket: Socket, in map: ProcessMap?) -> Bool {
    matches(socket, processes: map?.processes(for: socket.inode) ?? [])
  }
}
