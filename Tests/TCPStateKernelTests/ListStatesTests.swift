import Glibc
import TCPStateKernel
import TCPStateModel
import TestSupport
import XCTest

/// Real loopback sockets driven into each TCP state, read back through the
/// real netlink path, checked for state, addresses and ports.
final class ListStatesTests: XCTestCase {
  var sockets = LoopbackSockets()
  let loopback = IPAddress("127.0.0.1")

  override func tearDown() {
    sockets.closeAll()
  }

  func testListenerShowsBacklogAsSendQ() throws {
    let (_, port) = try sockets.listener(backlog: 7)
    let found = try dumpSockets(ports: [port])
    XCTAssertEqual(found.count, 1)
    let listener = try XCTUnwrap(found.first)
    XCTAssertEqual(listener.state, .listen)
    XCTAssertEqual(listener.family, .inet)
    XCTAssertEqual(listener.local, Endpoint(address: try XCTUnwrap(loopback), port: port))
    XCTAssertEqual(listener.peer.port, 0)
    XCTAssertTrue(listener.peer.address.isUnspecified)
    XCTAssertEqual(listener.sendQ, 7, "Send-Q of a listener is its backlog")
    XCTAssertEqual(listener.recvQ, 0)
    XCTAssertEqual(listener.uid, getuid())
    XCTAssertNotEqual(listener.inode, 0)
  }

  func testEstablishedPairBothEnds() throws {
    let (client, server, port) = try sockets.pair()
    let clientPort = sockets.localPort(client)
    let message = [UInt8](repeating: 1, count: 1000)
    _ = message.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
    _ = server
    var found: [Socket] = []
    XCTAssertTrue(
      try eventually {
        found = try dumpSockets(ports: [port], states: StateSet(.established))
        return found.first { $0.local.port == port }?.recvQ == 1000
      })
    XCTAssertEqual(found.count, 2)
    let serverSide = try XCTUnwrap(found.local(port: port).first)
    let clientSide = try XCTUnwrap(found.local(port: clientPort).first)
    XCTAssertEqual(serverSide.peer.port, clientPort)
    XCTAssertEqual(clientSide.peer.port, port)
    XCTAssertEqual(serverSide.recvQ, 1000, "unread bytes show as Recv-Q")
    XCTAssertNotNil(clientSide.tcpInfo?.rtt)
    XCTAssertNotNil(clientSide.congestion)
    XCTAssertGreaterThanOrEqual(clientSide.tcpInfo?.bytesAcked ?? 0, 1000)
    XCTAssertNotEqual(clientSide.cookie, serverSide.cookie)
  }

  func testIPv6PairAndFamilyFilter() throws {
    let (_, _, port) = try sockets.pair(ipv6: true)
    let found = try dumpSockets(ports: [port], states: StateSet(.established))
    XCTAssertEqual(found.count, 2)
    XCTAssertTrue(found.allSatisfy { $0.family == .inet6 && $0.local.address == IPAddress("::1") })
    var v4Only: [Socket] = []
    try SockDiagDumper().dump(
      filter: SocketFilter(
        families: [.inet], clauses: [[.port(.source, port...port), .port(.destination, port...port)]])
    ) {
      v4Only.append($0)
      return true
    }
    XCTAssertTrue(v4Only.isEmpty, "an IPv4-only dump must not show ::1 sockets")
  }

  func testHalfCloseGivesFinWait2AndCloseWait() throws {
    let (client, _, port) = try sockets.pair()
    shutdown(client, Int32(SHUT_WR))
    var found: [Socket] = []
    XCTAssertTrue(
      try eventually {
        found = try dumpSockets(ports: [port])
        return found.with(state: .closeWait).count == 1 && found.with(state: .finWait2).count == 1
      })
    XCTAssertEqual(found.with(state: .closeWait).first?.local.port, port)
    XCTAssertEqual(found.with(state: .finWait2).first?.peer.port, port)
  }

  func testActiveCloserEntersTimeWait() throws {
    let (client, server, port) = try sockets.pair()
    let clientPort = sockets.localPort(client)
    sockets.forget(client)
    close(client)
    _ = try eventually { try dumpSockets(ports: [port]).contains { $0.state == .closeWait } }
    sockets.forget(server)
    close(server)
    var found: [Socket] = []
    XCTAssertTrue(
      try eventually {
        found = try dumpSockets(ports: [port], states: StateSet(.timeWait))
        return found.count == 1
      })
    let timeWait = try XCTUnwrap(found.first)
    XCTAssertEqual(timeWait.local.port, clientPort)
    XCTAssertEqual(timeWait.peer.port, port)
    XCTAssertNil(timeWait.tcpInfo, "time-wait sockets carry no tcp_info")
    XCTAssertEqual(timeWait.timer.kind, .timeWait)
    XCTAssertGreaterThan(timeWait.timer.expiresMs, 50_000, "Linux keeps TIME_WAIT for 60 s")
    XCTAssertLessThanOrEqual(timeWait.timer.expiresMs, 60_000)
  }

  func testSynSentWhileListenerQueueIsFull() throws {
    let (_, port) = try sockets.listener(backlog: 0)
    try sockets.connect(port: port)  // takes the only accept-queue slot
    try sockets.connect(port: port, blocking: false) { fd in
      self.sockets.setInt(fd, Int32(IPPROTO_TCP), TCP_SYNCNT, 2)
    }
    var found: [Socket] = []
    XCTAssertTrue(
      try eventually {
        found = try dumpSockets(ports: [port], states: StateSet(.synSent))
        return found.count == 1
      })
    XCTAssertEqual(found.first?.peer.port, port)
    XCTAssertEqual(found.first?.timer.kind, .retransmit)
  }

  func testDeferAcceptKeepsRequestInSynRecv() throws {
    let (_, port) = try sockets.listener { fd in
      self.sockets.setInt(fd, Int32(IPPROTO_TCP), TCP_DEFER_ACCEPT, 30)
    }
    let client = try sockets.connect(port: port)
    let clientPort = sockets.localPort(client)
    var found: [Socket] = []
    XCTAssertTrue(
      try eventually {
        found = try dumpSockets(ports: [port], states: StateSet(.synRecv))
        return found.count == 1
      })
    let request = try XCTUnwrap(found.first)
    XCTAssertEqual(request.local.port, port)
    XCTAssertEqual(request.peer.port, clientPort)
    XCTAssertEqual(request.timer.kind, .retransmit, "a request socket's timer retransmits the SYN-ACK")
  }

  /// A receiver that never reads and tiny buffers: the FIN queues behind data.
  func stalledPair() throws -> (client: Int32, server: Int32, port: UInt16) {
    try sockets.pair(
      listenerConfigure: { fd in self.sockets.setInt(fd, SOL_SOCKET, SO_RCVBUF, 4096) },
      clientConfigure: { fd in
        self.sockets.setInt(fd, SOL_SOCKET, SO_SNDBUF, 4096)
        self.sockets.setInt(fd, SOL_SOCKET, SO_RCVBUF, 4096)
      })
  }

  func testFinQueuedBehindDataGivesFinWait1() throws {
    let (client, _, port) = try stalledPair()
    sockets.fillUntilBlocked(client)
    shutdown(client, Int32(SHUT_WR))
    XCTAssertTrue(try eventually { try dumpSockets(ports: [port]).with(state: .finWait1).count == 1 })
  }

  func testLastAck() throws {
    let (client, server, port) = try stalledPair()
    sockets.setInt(server, SOL_SOCKET, SO_SNDBUF, 4096)
    shutdown(client, Int32(SHUT_WR))
    _ = try eventually { try dumpSockets(ports: [port]).contains { $0.state == .closeWait } }
    sockets.fillUntilBlocked(server)
    shutdown(server, Int32(SHUT_WR))
    XCTAssertTrue(try eventually { try dumpSockets(ports: [port]).with(state: .lastAck).count == 1 })
  }

  func testSimultaneousCloseGivesClosing() throws {
    let (client, server, port) = try stalledPair()
    sockets.fillUntilBlocked(client)
    shutdown(client, Int32(SHUT_WR))
    _ = try eventually { try dumpSockets(ports: [port]).contains { $0.state == .finWait1 } }
    shutdown(server, Int32(SHUT_WR))
    var found: [Socket] = []
    XCTAssertTrue(
      try eventually {
        found = try dumpSockets(ports: [port])
        return found.with(state: .closing).count == 1
      })
    XCTAssertEqual(found.with(state: .closing).first?.peer.port, port)
  }
}
