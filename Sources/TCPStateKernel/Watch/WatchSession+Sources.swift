import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWire

/// Choosing and opening the tracepoint source, and the kernel-side filter it gets.
extension WatchSession {
  static func reason(_ error: Error) -> String {
    if let error = error as? TCPStateError { return error.message }
    return "\(error)"
  }

  func openSource(_ kind: SourcePreference) throws -> StateChangeSource {
    if kind == .perf {
      return try PerfTracepointSource(tracepoint: try TraceFS.stateChangeTracepoint())
    }
    return try TraceInstanceSource(instance: try TraceInstance(kernelFilter: Self.kernelFilter(options.filter)))
  }

  /// The ftrace filter for the instance: TCP only, and the ports asked for,
  /// so the kernel drops the rest before it reaches the buffer.
  static func kernelFilter(_ filter: SocketFilter) -> String {
    var clauses = ["protocol == 6"]
    for clause in filter.clauses {
      var alternatives: [String] = []
      for condition in clause {
        guard case .port(let side, let range) = condition else {
          alternatives.removeAll()
          break
        }
        let field = side == .source ? "sport" : "dport"
        alternatives.append(
          range.lowerBound == range.upperBound
            ? "\(field) == \(range.lowerBound)" : "(\(field) >= \(range.lowerBound) && \(field) <= \(range.upperBound))"
        )
      }
      // A clause with an address condition stays in user space; ports are enough to cut the volume.
      if !alternatives.isEmpty { clauses.append("(" + alternatives.joined(separator: " || ") + ")") }
    }
    return clauses.joined(separator: " && ")
  }
}
