import CShim
import TCPStateDoctor
import TCPStateKit
import TCPStateModel

/// Recorded-style inputs for rule tests: sockets, tcp_info, counters, tunables.
enum DoctorFixtures {
  static func endpoint(_ address: String, _ port: UInt16) -> Endpoint {
    Endpoint(address: IPAddress(address) ?? IPAddress("0.0.0.0")!, port: port)
  }

  static func socket(
    _ state: TCPState, local: (String, UInt16) = ("10.0.0.1", 8080),
    peer: (String, UInt16) = ("10.0.0.2", 40000),
    recvQ: UInt32 = 0, sendQ: UInt32 = 0, inode: UInt32 = 0,
    timer: SocketTimer = SocketTimer(kind: .none, expiresMs: 0, retransmits: 0),
    info: TCPInfo? = nil
  ) -> Socket {
    var socket = Socket(
      family: .inet, state: state, local: endpoint(local.0, local.1),
      peer: endpoint(peer.0, peer.1), timer: timer,
      recvQ: recvQ, sendQ: sendQ, inode: inode)
    socket.tcpInfo = info
    return socket
  }

  /// A full-length tcp_info with the given fields set.
  static func info(_ configure: (inout tcpstate_tcp_info) -> Void) -> TCPInfo {
    var raw = tcpstate_tcp_info()
    configure(&raw)
    return withUnsafeBytes(of: &raw) { TCPInfo(bytes: $0) }
  }

  static func summary(_ sockets: [Socket], ports: ClosedRange<UInt16> = 32768...60999)
    -> SocketSummary
  {
    var summary = SocketSummary(ephemeralPorts: ports)
    for socket in sockets { summary.add(socket) }
    return summary
  }

  static func counters(before: [String: Int64], after: [String: Int64], seconds: Double = 1)
    -> CounterWindow
  {
    func table(_ values: [String: Int64]) -> CounterTable {
      var table = CounterTable()
      for (key, value) in values {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        table[parts[0], parts[1]] = value
      }
      return table
    }
    return CounterWindow(before: table(before), after: table(after), seconds: seconds)
  }

  static func input(
    _ sockets: [Socket] = [], counters: CounterWindow = .empty, tunables: [String: String] = [:],
    owners: [UInt32: ProcessRef] = [:], scoped: Bool = false, minCount: Int? = nil
  ) -> DoctorInput {
    DoctorInput(
      summary: summary(sockets), counters: counters, tunables: tunables, owners: owners,
      scoped: scoped,
      minCount: minCount)
  }
}
