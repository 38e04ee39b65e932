import Glibc
import TCPStateWire
import XCTest

@testable import TCPStateKernel

/// The session's small parts that need no kernel: how the count ends a
/// watch, reset marks, and the notices' and errors' text, which the CLI and
/// the exporter print as it is.
final class WatchEmissionTests: XCTestCase {
  func testTheCountEndsAtTheFirstRefusalNotWhenReached() {
    let count = EmissionCount(limit: 2)
    XCTAssertTrue(count.admit())
    count.shownTransition()
    XCTAssertTrue(count.admit())
    count.shownEvent()
    XCTAssertTrue(count.reached)
    XCTAssertFalse(count.ended, "reaching the count shows nothing more, but ends nothing yet")
    XCTAssertFalse(count.admit())
    XCTAssertTrue(count.ended)
  }

  func testSummariesCountOnlyWithAPredicate() {
    let count = EmissionCount(limit: 1)
    count.shownSummary()
    XCTAssertFalse(count.reached)
    count.countsSummaries = true
    XCTAssertTrue(count.reached)
    XCTAssertFalse(EmissionCount(limit: nil).reached)
  }

  func testResetMarksAreConsumedUpToTheClose() {
    let marks = ResetMarks()
    var reset = TCPEventRecord(kind: .receiveReset)
    reset.socketAddress = 0xA
    marks.mark([RawTCPEvent(monotonicNs: 10, record: reset), RawTCPEvent(monotonicNs: 30, record: reset)])
    XCTAssertFalse(marks.consume(0xA, upTo: 5))
    XCTAssertTrue(marks.consume(0xA, upTo: 20))
    XCTAssertFalse(marks.consume(0xA, upTo: 20), "the mark at 10 is used up")
    XCTAssertTrue(marks.consume(0xA, upTo: 40), "the reused address's later reset is still there")
  }

  func testLossNewsGivesOnlyWhatIsNew() {
    var reported = ReportedLosses()
    var losses = SourceLosses()
    losses.dropped = 5
    XCTAssertEqual(
      reported.news(losses, source: .perf).map(\.description),
      ["tcpstate: the kernel dropped 5 tracepoint events of any port (buffer full)"])
    losses.dropped = 7
    XCTAssertEqual(reported.news(losses, source: .tracefs), [.tracepointDropped(count: 2, anyPort: false)])
    XCTAssertEqual(reported.news(losses, source: .tracefs), [])
    XCTAssertEqual(
      reported.news(destroyOverruns: 3, undecodable: 0).map(\.description),
      [
        "tcpstate: destroy notifications were lost 3 time(s) (receive buffer full): some connection ends may have no summary line"
      ])
  }

  func testTracingFailuresSayWhatFailedWithTheKernelsWords() {
    XCTAssertEqual(
      TracingError.mountFailed(root: "/sys/kernel/tracing", errno: EPERM, forInstance: false).description,
      "tracefs is not mounted and mounting it at /sys/kernel/tracing failed: Operation not permitted")
    XCTAssertEqual(
      TracingError.cannotCreateInstance(path: "/t/instances/x", errno: ENOSPC).description,
      "cannot create tracefs instance /t/instances/x: No space left on device")
    XCTAssertEqual(
      TracingNotice.instanceNotRemoved(path: "/t/i", holders: []).description,
      "tcpstate: cannot remove the tracefs instance /t/i: it is busy; its event is off, and the next tcpstate watch removes it"
    )
  }
}
