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
  /// so the kernel drops the rest before it reaches the buffer. Spelled
  /// compactly, with each side's ports merged into ranges, because the
  /// kernel refuses a filter of 4 KiB or more (then tcpstate filters every
  /// TCP event in user space and says so).
  static func kernelFilter(_ filter: SocketFilter) -> String {
    var clauses = ["protocol==6"]
    for clause in filter.clauses {
      var ranges: [SocketFilter.Side: [ClosedRange<UInt16>]] = [:]
      var portsOnly = true
      for condition in clause {
        guard case .port(let side, let range) = condition else {
          portsOnly = false
          break
        }
        ranges[side, default: []].append(range)
      }
      // A clause with an address condition stays in user space; ports are enough to cut the volume.
      guard portsOnly, !ranges.isEmpty else { continue }
      var alternatives: [String] = []
      for side in [SocketFilter.Side.source, .destination] {
        let field = side == .source ? "sport" : "dport"
        for range in merged(ranges[side] ?? []) {
          alternatives.append(
            range.lowerBound == range.upperBound
              ? "\(field)==\(range.lowerBound)" : "(\(field)>=\(range.lowerBound)&&\(field)<=\(range.upperBound))")
        }
      }
      clauses.append(alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: "||") + ")")
    }
    return clauses.joined(separator: "&&")
  }

  /// Overlapping or adjacent ranges joined, in order.
  static func merged(_ ranges: [ClosedRange<UInt16>]) -> [ClosedRange<UInt16>] {
    var result: [ClosedRange<UInt16>] = []
    for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if let last = result.last, Int(range.lowerBound) <= Int(last.upperBound) + 1 {
        result[result.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
      } else {
        result.append(range)
      }
    }
    return result
  }
}
