import TCPStateKernel
import TCPStateModel
import TCPStateWire
import XCTest

/// Dumps the sockets whose local or peer port is one of `ports`.
func dumpSockets(
  ports: [UInt16], states: StateSet = .all, extensions: InetDiagRequest.Extensions = [.info, .congestion],
  kernelFilter: Bool = true
) throws -> [Socket] {
  let clause = ports.flatMap { port -> [SocketFilter.Condition] in
    [.port(.source, port...port), .port(.destination, port...port)]
  }
  // Only the test's own addresses: a busy host (or a socket farm) may reuse the port numbers elsewhere.
  let ownAddresses: [SocketFilter.Condition] = [
    .address(.source, IPAddress("127.0.0.1")!, prefix: 32), .address(.source, IPAddress("::1")!, prefix: 128),
  ]
  let filter = SocketFilter(states: states, clauses: [clause, ownAddresses])
  var sockets: [Socket] = []
  var problems: [DumpProblem] = []
  let onProblem = { (problem: DumpProblem) in problems.append(problem) }
  try SockDiagDumper().dump(
    filter: filter, extensions: extensions, useKernelFilter: kernelFilter, onProblem: onProblem
  ) { socket in
    sockets.append(socket)
    return true
  }
  XCTAssertEqual(problems.count, 0, "unexpected decode problems: \(problems)")
  return sockets
}

extension Array where Element == Socket {
  func with(state: TCPState) -> [Socket] { filter { $0.state == state } }
  func local(port: UInt16) -> [Socket] { filter { $0.local.port == port } }
  func peer(port: UInt16) -> [Socket] { filter { $0.peer.port == port } }
}
