/// The port conditions of one filter clause as two 65,536-bit sets (local
/// and peer port), so matching a socket against `--port` given thousands of
/// times is one lookup instead of a walk over every condition. Past the
/// kernel's bytecode limit every socket of the host is matched in user
/// space: 98,000 sockets against 4,000 ports walked 392 million conditions.
struct PortSet: Sendable, Equatable {
  private var local = [UInt64](repeating: 0, count: 1024)
  private var peer = [UInt64](repeating: 0, count: 1024)

  /// Worth building only for clauses with more port conditions than this.
  static let threshold = 8

  init(_ conditions: [SocketFilter.Condition]) {
    for case .port(let side, let range) in conditions {
      if side == .source { Self.insert(range, into: &local) } else { Self.insert(range, into: &peer) }
    }
  }

  func contains(local localPort: UInt16, peer peerPort: UInt16) -> Bool {
    Self.contains(localPort, in: local) || Self.contains(peerPort, in: peer)
  }

  private static func contains(_ port: UInt16, in bits: [UInt64]) -> Bool {
    bits[Int(port) >> 6] & (1 << UInt64(port & 63)) != 0
  }

  /// Sets the bits of `range`, whole words at a time in its middle.
  private static func insert(_ range: ClosedRange<UInt16>, into bits: inout [UInt64]) {
    var port = Int(range.lowerBound)
    let last = Int(range.upperBound)
    while port <= last {
      if port & 63 == 0 && port + 63 <= last {
        bits[port >> 6] = .max
        port += 64
      } else {
        bits[port >> 6] |= 1 << UInt64(port & 63)
        port += 1
      }
    }
  }
}

/// A clause ready for matching: its port conditions folded into a `PortSet`
/// when there are many, the other conditions kept as they are.
struct IndexedClause: Sendable, Equatable {
  var ports: PortSet?
  var others: [SocketFilter.Condition]

  init?(_ clause: [SocketFilter.Condition]) {
    let portCount = clause.reduce(0) { count, condition in
      if case .port = condition { return count + 1 }
      return count
    }
    guard portCount > PortSet.threshold else { return nil }
    ports = PortSet(clause)
    others = clause.filter {
      if case .port = $0 { return false }
      return true
    }
  }

  func matches(local: Endpoint, peer: Endpoint) -> Bool {
    if let ports, ports.contains(local: local.port, peer: peer.port) { return true }
    return others.contains { $0.matches(local: local, peer: peer) }
  }
}
