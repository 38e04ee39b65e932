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

  /// The source the options ask for; `auto` takes the first that opens.
  func firstStage() throws -> Stage {
    switch options.source {
    case .poll:
      return .polling(probe: nil, reason: nil)
    case .tracefs, .perf:
      return .tracepoint(try openSource(options.source))
    case .auto where options.namespace != nil:
      return .polling(
        probe: nil,
        reason: "its events carry no network namespace, so inside --netns \(options.namespace ?? "") tcpstate polls")
    case .auto:
      do {
        return .tracepoint(try openSource(.tracefs))
      } catch {
        do {
          return .tracepoint(try openSource(.perf))
        } catch {
          return .polling(probe: nil, reason: Self.reason(error))
        }
      }
    }
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
