import Foundation
import TCPStateKit
import TCPStateModel
import TCPStateWatch
import XCTest

@testable import TCPStateKernel
@testable import TCPStateWire

/// What watch --events decides without the kernel: how a failed connect is
/// classified, which connection a drop belongs to, what the filter lets
/// through, and how a flood of drops is printed.
final class TroubleEmitterTests: XCTestCase {
  let client = Endpoint(address: IPAddress(family: .inet, bytes: [10, 0, 0, 1])!, port: 40_000)
  let server = Endpoint(address: IPAddress(family: .inet, bytes: [10, 0, 0, 2])!, port: 8080)

  func emitter(_ kinds: EventKinds, filter: SocketFilter = SocketFilter()) -> (TroubleEmitter, () -> [TCPEvent]) {
    let emitter = TroubleEmitter(
      kinds: kinds, filter: filter, wallOffsetNs: 0, lookup: nil,
      symbols: KernelSymbols(table: "ffffffff81000000 T tcp_v4_rcv\nffffffff82000000 t udp_queue_rcv_one_skb\n"))
    var events: [TCPEvent] = []
    emitter.onEvent = { events.append($0) }
    return (emitter, { events })
  }

  func change(_ old: TCPState, _ new: TCPState, at ns: UInt64, interrupt: Bool, socket: UInt64 = 0xA)
    -> RawStateChange
  {
    RawStateChange(
      monotonicNs: ns, pid: 0,
      record: StateChangeRecord(
        socketAddress: socket, oldState: old, newState: new, family: .inet, protocolNumber: 6, local: client,
        peer: server, commonFlags: interrupt ? 0x10 : 0, commonPID: 0))
  }

  func record(_ kind: TCPEventRecord.Kind, state: TCPState? = nil, socket: UInt64 = 0xA) -> TCPEventRecord {
    var record = TCPEventRecord(kind: kind)
    record.socketAddress = socket
    record.family = .inet
    record.local = client
    record.peer = server
    record.state = state
    return record
  }

  func testConnectFailuresAreClassifiedByWhatHappenedInSynSent() throws {
    let (emitter, events) = emitter(.connectFailure)
    // Refused: a RST arrived, then CLOSE.
    try emitter.note(change(.close, .synSent, at: 1_000, interrupt: false))
    try emitter.emit(RawTCPEvent(monotonicNs: 2_000, record: record(.receiveReset)))
    try emitter.note(change(.synSent, .close, at: 2_000, interrupt: true))
    // Timed out: SYNs sent again, then the timer (an interrupt) gave up.
    try emitter.note(change(.close, .synSent, at: 10_000, interrupt: false, socket: 0xB))
    try emitter.emit(RawTCPEvent(monotonicNs: 11_000, record: record(.retransmit, state: .synSent, socket: 0xB)))
    try emitter.emit(RawTCPEvent(monotonicNs: 12_000, record: record(.retransmit, state: .synSent, socket: 0xB)))
    try emitter.note(change(.synSent, .close, at: 3_010_000, interrupt: true, socket: 0xB))
    // Other: the application closed the socket during connect (a system call).
    try emitter.note(change(.close, .synSent, at: 20_000, interrupt: false, socket: 0xC))
    try emitter.note(change(.synSent, .close, at: 30_000, interrupt: false, socket: 0xC))
    // A connect that succeeded is no failure.
    try emitter.note(change(.close, .synSent, at: 40_000, interrupt: false, socket: 0xD))
    try emitter.note(change(.synSent, .established, at: 41_000, interrupt: true, socket: 0xD))
    let failures = events()
    XCTAssertEqual(failures.map { $0.outcome }, [.refused, .timedOut, .other])
    XCTAssertEqual(failures.map { $0.synRetransmits }, [0, 2, 0])
    XCTAssertEqual(failures[1].attemptNs, 3_000_000)
    XCTAssertTrue(failures.allSatisfy { $0.kind == .connectFailure && $0.peer == self.server })
  }

  /// A trace page's timestamps are deltas the kernel (or a fuzzer) wrote: one
  /// past Int64.max used to trap in the wall-clock conversion (fuzz target trouble).
  func testATimestampBeyondInt64IsConvertedWithoutATrap() throws {
    let (emitter, events) = emitter(.all)
    let late = UInt64(Int64.max) + 1_000
    try emitter.emit(RawTCPEvent(monotonicNs: late, record: record(.sendReset, state: .established)))
    try emitter.note(change(.close, .synSent, at: late, interrupt: false))
    try emitter.note(change(.synSent, .close, at: UInt64.max, interrupt: true))
    XCTAssertEqual(events().map { $0.timestampNs }, [late, UInt64.max])
  }

  func testDropsGetTheirConnectionFromTheSocketOrTheResetForTheSamePacket() throws {
    let (emitter, events) = emitter([.drop])
    try emitter.note(change(.synRecv, .established, at: 1, interrupt: true, socket: 0xE))
    var known = TCPEventRecord(kind: .drop)
    known.socketAddress = 0xE
    known.packetProtocol = DropDecoder.ethernetIPv4
    known.location = 0xffff_ffff_8100_0040
    known.reasonName = "TCP_ZEROWINDOW"
    try emitter.emit(RawTCPEvent(monotonicNs: 2, record: known))
    // A reset sent for a packet no socket wanted, then that packet's drop.
    var reset = record(.sendReset, socket: 0)
    reset.packetAddress = 0x5EB
    reset.local = server
    reset.peer = Endpoint(address: client.address, port: 40_001)
    try emitter.emit(RawTCPEvent(monotonicNs: 3, record: reset))
    var orphan = TCPEventRecord(kind: .drop)
    orphan.packetAddress = 0x5EB
    orphan.packetProtocol = DropDecoder.ethernetIPv4
    orphan.reasonName = "NO_SOCKET"
    try emitter.emit(RawTCPEvent(monotonicNs: 4, record: orphan))
    // The same packet memory reused later is another packet: not claimed.
    var reused = orphan
    reused.reasonName = "QUEUE_PURGE"
    try emitter.emit(RawTCPEvent(monotonicNs: 4_000, record: reused))
    // Another protocol's drop is not shown; an unknown one is, without addresses.
    var udp = orphan
    udp.packetAddress = 0x1
    udp.location = 0xffff_ffff_8200_0010
    try emitter.emit(RawTCPEvent(monotonicNs: 5, record: udp))
    var unknown = orphan
    unknown.packetAddress = 0x2
    unknown.reasonName = "NETFILTER_DROP"
    try emitter.emit(RawTCPEvent(monotonicNs: 6, record: unknown))
    var arp = orphan
    arp.packetProtocol = 0x0806
    try emitter.emit(RawTCPEvent(monotonicNs: 7, record: arp))
    let drops = events()
    XCTAssertEqual(
      drops.map { $0.reason }, ["TCP_ZEROWINDOW", "NO_SOCKET", "QUEUE_PURGE", "NETFILTER_DROP"],
      "reset events are not shown")
    XCTAssertEqual(drops[0].location, "tcp_v4_rcv")
    XCTAssertEqual(drops[0].peer, server)
    XCTAssertEqual(drops[1].local, server)
    XCTAssertNil(drops[2].local, "a reused packet address is not the reset's packet")
    XCTAssertNil(drops[3].local)
  }

  func testTheFilterNarrowsEveryKind() throws {
    var filter = SocketFilter()
    filter.clauses = [[.port(.destination, 9999...9999)]]
    let (emitter, events) = emitter(.all, filter: filter)
    try emitter.emit(RawTCPEvent(monotonicNs: 1, record: record(.retransmit, state: .established)))
    try emitter.emit(RawTCPEvent(monotonicNs: 2, record: record(.receiveReset)))
    var unknown = TCPEventRecord(kind: .drop)
    unknown.packetProtocol = DropDecoder.ethernetIPv4
    try emitter.emit(RawTCPEvent(monotonicNs: 3, record: unknown))
    try emitter.note(change(.close, .synSent, at: 4, interrupt: false))
    try emitter.note(change(.synSent, .close, at: 5, interrupt: true))
    XCTAssertEqual(events().count, 0, "port 8080 is not 9999, and a drop without addresses cannot match")
  }

  func testADropFloodPrintsAFewLinesAndACountPerReason() {
    var text = TCPEventText(style: .plain)
    var out: [UInt8] = []
    for index in 0..<50 {
      var event = TCPEvent(kind: .drop, timestampNs: 1_000_000_000 + UInt64(index) * 1_000_000, socketAddress: 0)
      event.reason = index % 2 == 0 ? "NETFILTER_DROP" : "NO_SOCKET"
      text.append(event, to: &out)
    }
    text.appendExpired(nowNs: 2_500_000_000, to: &out)
    let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
    XCTAssertEqual(lines.filter { $0.contains("NETFILTER_DROP") && !$0.contains("more") }.count, 10)
    XCTAssertTrue(lines.contains { $0.contains("15 more NETFILTER_DROP drops") })
    XCTAssertTrue(lines.contains { $0.contains("15 more NO_SOCKET drops") })
    XCTAssertEqual(lines.count, 22)
  }
}
