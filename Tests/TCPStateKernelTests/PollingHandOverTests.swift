import TCPStateModel
import XCTest

@testable import TCPStateKernel

/// The polling fallback when a poll sees the time-wait socket before the
/// destroy notification of the full socket it replaced (same cookie): found
/// under ThreadSanitizer, whose slowness reorders them, as TIME_WAIT>TIME_WAIT.
final class PollingHandOverTests: XCTestCase {
  let local = Endpoint(address: .anyV4, port: 40000)
  let peer = Endpoint(address: .anyV4, port: 80)

  func socket(_ state: TCPState, timer: SocketTimer.Kind = .none) -> Socket {
    Socket(
      family: .inet, state: state, local: local, peer: peer, cookie: 7,
      timer: SocketTimer(kind: timer, expiresMs: 0, retransmits: 0))
  }

  func testLateDestroyOfAHandedOverSocketIsNotASecondHandOver() {
    var watcher = PollingWatcher()
    _ = watcher.diff([socket(.established)], nowNs: 1, wallOffsetNs: 0)
    let handOver = watcher.diff([socket(.timeWait, timer: .timeWait)], nowNs: 2, wallOffsetNs: 0)
    XCTAssertEqual(handOver.map(\.newState), [.timeWait])
    let late = watcher.destroyed(socket(.close), nowNs: 3, wallOffsetNs: 0)
    XCTAssertNil(late, "not reported again")
    // The time-wait socket's own end (expiry) is still reported.
    let expiry = watcher.diff([], nowNs: 4, wallOffsetNs: 0)
    XCTAssertEqual(expiry.map(\.oldState), [.timeWait])
    XCTAssertEqual(expiry.map(\.newState), [.close])
  }

  /// The usual order: the destroy (turned into the hand-over) before the poll that sees the time-wait socket.
  func testPollAfterAHandOverDestroyDoesNotRepeatIt() {
    var watcher = PollingWatcher()
    _ = watcher.diff([socket(.established)], nowNs: 1, wallOffsetNs: 0)
    let end = watcher.destroyed(socket(.close), nowNs: 2, wallOffsetNs: 0)
    XCTAssertEqual(end?.oldState, .established)
    watcher.handedOver(socket(.close), nowNs: 2)
    XCTAssertEqual(watcher.diff([socket(.timeWait, timer: .timeWait)], nowNs: 3, wallOffsetNs: 0).count, 0)
    let expiry = watcher.diff([], nowNs: 4, wallOffsetNs: 0)
    XCTAssertEqual(expiry.map(\.oldState), [.timeWait])
  }

  /// A socket that opened and closed between two polls still has its end reported.
  func testDestroyOfASocketNoPollSawIsAnUnseenEnd() {
    var watcher = PollingWatcher()
    _ = watcher.diff([], nowNs: 1, wallOffsetNs: 0)
    let end = watcher.destroyed(socket(.close), nowNs: 2, wallOffsetNs: 0)
    XCTAssertNotNil(end, "an end nobody saw begin is still an end")
    XCTAssertNil(end?.oldState)
    XCTAssertEqual(end?.source, .destroy)
    XCTAssertEqual(end?.newState, .close)
  }
}
