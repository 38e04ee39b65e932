import TCPStateKit
import TCPStateModel
import TCPStateWatch
import XCTest

final class TransitionTrackerTests: XCTestCase {
  let client = Endpoint(address: IPAddress("127.0.0.1")!, port: 40000)
  let server = Endpoint(address: IPAddress("127.0.0.1")!, port: 80)
  var probed: [ConnectionKey] = []

  func tracker(timeWait: TCPState? = .timeWait) -> TransitionTracker {
    TransitionTracker(
      wallClockOffsetNs: 1_000_000_000_000,
      timeWaitProbe: { family, local, peer in
        self.probed.append(ConnectionKey(family: family, local: local, peer: peer))
        return timeWait
      },
      ownerOf: { tid, _ in tid == 500 ? (pid: 499, command: "curl") : nil })
  }

  func change(
    _ t: UInt64, _ old: TCPState, _ new: TCPState, pid: Int32 = 500, interrupt: Bool = false, local: Endpoint? = nil
  )
    -> TransitionTracker.Change
  {
    TransitionTracker.Change(
      monotonicNs: t, family: .inet, local: local ?? client, peer: server, oldState: old, newState: new, socketID: 7,
      pid: pid, inInterrupt: interrupt)
  }

  func testAHandOverWhoseTimeWaitSocketIsGoneIsStillAHandOverUnlessAResetCameFirst() {
    // The lookup finds no time-wait socket: the reset events decide.
    var tracker = tracker(timeWait: nil)
    var resets: Set<UInt64> = [9]
    tracker.resetSeen = { socket, _ in resets.remove(socket) != nil }
    _ = tracker.track(change(1_000, .finWait1, .finWait2))
    let handOver = tracker.track(change(2_000, .finWait2, .close, interrupt: true))
    XCTAssertEqual(handOver.newState, .timeWait, "tcp_time_wait() without a reset")
    XCTAssertEqual(handOver.kernelNewState, .close)
    XCTAssertTrue(handOver.timeWaitEndedEarly)
    XCTAssertNil(handOver.timeWaitSubstate, "unknown: the time-wait socket was never seen")
    let resetClose = tracker.track(
      TransitionTracker.Change(
        monotonicNs: 3_000, family: .inet, local: client, peer: server, oldState: .finWait2, newState: .close,
        socketID: 9, pid: 0, inInterrupt: true))
    XCTAssertEqual(resetClose.newState, .close, "a reset closed it")
    XCTAssertNil(resetClose.kernelNewState)
    XCTAssertFalse(resetClose.timeWaitEndedEarly)
    let timedOut = tracker.track(change(4_000, .finWait1, .close, interrupt: true))
    XCTAssertEqual(timedOut.newState, .close, "FIN_WAIT1 can also end by retransmission timeout: only the lookup says")
  }

  func testDurationsOwnersAndTheTimeWaitHandOver() {
    var tracker = tracker()
    let connecting = tracker.track(change(1_000, .close, .synSent, local: Endpoint(address: client.address, port: 0)))
    XCTAssertNil(connecting.durationNs, "nothing was known before")
    XCTAssertEqual(connecting.pid, 499, "the thread's process")
    XCTAssertEqual(connecting.command, "curl")
    let established = tracker.track(change(51_000, .synSent, .established, interrupt: true))
    XCTAssertEqual(established.durationNs, 50_000)
    XCTAssertNil(established.pid, "an interrupt's task is never blamed")
    _ = tracker.track(change(1_051_000, .established, .finWait1))
    _ = tracker.track(change(1_061_000, .finWait1, .finWait2, interrupt: true))
    let closed = tracker.track(change(1_062_000, .finWait2, .close, interrupt: true))
    XCTAssertEqual(closed.newState, .timeWait)
    XCTAssertEqual(closed.kernelNewState, .close)
    XCTAssertEqual(closed.timeWaitSubstate, .timeWait)
    XCTAssertEqual(closed.durationNs, 1_000)
    XCTAssertEqual(probed, [ConnectionKey(family: .inet, local: client, peer: server)])
    XCTAssertEqual(closed.timestampNs, 1_000_000_000_000 + 1_062_000)
    let key = ConnectionKey(family: .inet, local: client, peer: server)
    XCTAssertEqual(
      tracker.lifetime(of: key, endedAt: 1_100_000), 1_100_000 - 51_000, "from the first event with both ports")
    XCTAssertNil(tracker.lifetime(of: key, endedAt: 1_200_000), "a lifetime is handed out once")
  }

  func testAResetIsARealClose() {
    var tracker = tracker(timeWait: nil)
    _ = tracker.track(change(0, .synSent, .established))
    let reset = tracker.track(change(10, .established, .close, interrupt: true))
    XCTAssertEqual(reset.newState, .close)
    XCTAssertNil(reset.kernelNewState)
    XCTAssertTrue(probed.isEmpty, "ESTABLISHED -> CLOSE is never a hand-over: no lookup")
    let finWait2 = tracker.track(change(20, .finWait2, .close))
    XCTAssertEqual(finWait2.newState, .close, "no time-wait socket holds the tuple: a real close")
    XCTAssertEqual(probed.count, 1)
  }

  func testKernelThreadsAndUnknownTasksAreNotOwners() {
    var tracker = tracker()
    XCTAssertNil(tracker.track(change(0, .close, .listen, pid: 2)).pid)
    XCTAssertNil(tracker.track(change(1, .listen, .close, pid: 0)).pid)
  }

  func testAReusedSocketAddressStartsAfresh() {
    var tracker = tracker(timeWait: nil)
    _ = tracker.track(change(0, .close, .listen))
    _ = tracker.track(change(10, .listen, .close))
    // The kernel reuses the address at once: the new socket's first event has no known duration.
    let next = tracker.track(change(20, .close, .synSent))
    XCTAssertNil(next.durationNs)
    XCTAssertEqual(tracker.trackedCount >= 1, true)
  }

  func testListenersAndResetEndsKeepTheirLifetimes() {
    var tracker = tracker(timeWait: nil)
    let wildcard = Endpoint(address: .anyV4, port: 0)
    func listenerChange(_ t: UInt64, _ old: TCPState, _ new: TCPState) -> TransitionTracker.Change {
      TransitionTracker.Change(
        monotonicNs: t, family: .inet, local: server, peer: wildcard, oldState: old, newState: new, socketID: 9,
        pid: 500, inInterrupt: false)
    }
    _ = tracker.track(listenerChange(1_000, .close, .listen))
    _ = tracker.track(listenerChange(5_000, .listen, .close))
    let listener = tracker.endedConnection(ConnectionKey(family: .inet, local: server, peer: wildcard))
    XCTAssertEqual(tracker.lifetime(of: listener, endedAt: 6_000), 5_000, "listened from 1 000 to 6 000")
    // A reset end: the destroy notification lost the peer port and the unbound local address.
    _ = tracker.track(change(10_000, .synSent, .established))
    _ = tracker.track(change(12_000, .established, .close))
    let reported = ConnectionKey(
      family: .inet, local: Endpoint(address: .anyV4, port: client.port),
      peer: Endpoint(address: server.address, port: 0))
    let ended = tracker.endedConnection(reported)
    XCTAssertEqual(ended, ConnectionKey(family: .inet, local: client, peer: server))
    XCTAssertEqual(tracker.lifetime(of: ended, endedAt: 13_000), 3_000)
  }
}
