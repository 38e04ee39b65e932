import Glibc
import TCPStateKit
import TCPStateModel
import TCPStateWire

/// Choosing and opening the tracepoint source, and the kernel-side filter it gets.
extension WatchSession {
  /// The source the options ask for; `auto` takes the first that opens.
  /// Trouble events (kinds beyond state transitions) come only from the
  /// tracefs instance: without it they are refused with what they need.
  func firstStage() throws -> Stage {
    let trouble = options.events.needsTracepoints
    if !trouble.isEmpty {
      if options.source == .tracefs || options.source == .auto && options.namespace == nil {
        do {
          return .tracepoint(try openSource(.tracefs))
        } catch let error as TracingError {
          throw WatchSetupError.troubleUnavailable(trouble, cause: error)
        }
      }
      throw WatchSetupError.troubleNeedsTraceInstance(
        trouble, source: options.source, inOtherNamespace: options.namespace != nil)
    }
    switch options.source {
    case .poll:
      return .polling(probe: nil, cause: nil)
    case .tracefs, .perf:
      return .tracepoint(try openSource(options.source))
    case .auto where options.namespace != nil:
      return .polling(probe: nil, cause: .otherNamespace(options.namespace ?? ""))
    case .auto:
      do {
        return .tracepoint(try openSource(.tracefs))
      } catch {
        do {
          return .tracepoint(try openSource(.perf))
        } catch {
          // A TracingError or KernelError: its description is the fact, with no advice.
          return .polling(probe: nil, cause: .tracepointUnavailable("\(error)"))
        }
      }
    }
  }

  func openSource(_ kind: SourcePreference) throws -> StateChangeSource {
    if kind == .perf {
      return try PerfTracepointSource(tracepoint: try TraceFS.stateChangeTracepoint())
    }
    let source = try TraceInstanceSource(
      instance: try TraceInstance(
        kernelFilter: Self.kernelFilter(options.filter),
        troubleFilters: Self.troubleFilters(options.events, options.filter),
        quietKinds: Self.helperKinds(options.events)))
    source.taskExits = emitter.taskExits
    emitter.resetsKnown = source.troubleKinds.isSuperset(of: [.sendReset, .receiveReset])
    return source
  }

  /// The trouble tracepoints `kinds` need, each with the kernel filter its
  /// fields allow: ports for the tcp ones that carry them; for kfree_skb, IP
  /// packets only (its protocol is the link-layer one; TCP is told in user
  /// space from the socket and the code that dropped it).
  /// Reset tracepoints enabled only for the hand-over decision, not asked for.
  static func helperKinds(_ kinds: EventKinds) -> Set<TCPEventRecord.Kind> {
    var helpers: Set<TCPEventRecord.Kind> = []
    if !(kinds.contains(.reset) || kinds.contains(.drop)) { helpers.insert(.sendReset) }
    if !(kinds.contains(.reset) || kinds.contains(.connectFailure)) { helpers.insert(.receiveReset) }
    return helpers
  }

  static func troubleFilters(_ kinds: EventKinds, _ filter: SocketFilter) -> [(TCPEventRecord.Kind, String?)] {
    let ports = portClauses(filter)
    let portFilter = ports.isEmpty ? nil : ports.joined(separator: "&&")
    var wanted: [TCPEventRecord.Kind] = []
    if kinds.contains(.retransmit) || kinds.contains(.connectFailure) { wanted += [.retransmit] }
    if kinds.contains(.retransmit) { wanted += [.retransmitSynack] }
    if kinds.contains(.reset) || kinds.contains(.drop) { wanted += [.sendReset] }
    if kinds.contains(.reset) || kinds.contains(.connectFailure) { wanted += [.receiveReset] }
    if kinds.contains(.drop) { wanted += [.drop] }
    // Both resets always: they tell a FIN_WAIT2 socket's hand-over to a
    // time-wait socket from its reset close (see TransitionTracker.resetSeen).
    if !wanted.contains(.sendReset) { wanted += [.sendReset] }
    if !wanted.contains(.receiveReset) { wanted += [.receiveReset] }
    return wanted.map { kind in
      switch kind {
      case .sendReset: (kind, nil)  // addresses as sockaddr bytes: no port field to filter on
      case .drop: (kind, "protocol==\(DropDecoder.ethernetIPv4)||protocol==\(DropDecoder.ethernetIPv6)")
      default: (kind, portFilter)
      }
    }
  }

  /// The ftrace filter for the instance: TCP only, and the ports asked for,
  /// so the kernel drops the rest before it reaches the buffer. Spelled
  /// compactly, with each side's ports merged into ranges, because the
  /// kernel refuses a filter of 4 KiB or more (then tcpstate filters every
  /// TCP event in user space and says so).
  static func kernelFilter(_ filter: SocketFilter) -> String {
    (["protocol==6"] + portClauses(filter)).joined(separator: "&&")
  }

  /// One ftrace clause per filter clause made only of ports (sport/dport
  /// fields), for the state event and the trouble tracepoints that have them.
  static func portClauses(_ filter: SocketFilter) -> [String] {
    var clauses: [String] = []
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
    return clauses
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
