import Foundation
import TCPStateKit
import TCPStateMetrics
import XCTest

@testable import TCPStateExporter

/// The hand-over between the HTTP event loop and the dump thread, without
/// timing: beyond the limit a request is refused (the handler answers 503),
/// and a batch is rendered once per format however many asked.
final class ScrapeQueueTests: XCTestCase {
  /// What the replies carried (the handler's side of each request).
  final class Replies: @unchecked Sendable {
    let lock = NSLock()
    var texts: [String] = []
    func add(_ text: String) { lock.withLock { texts.append(text) } }
    var all: [String] { lock.withLock { texts } }
  }

  func request(_ format: ExpositionFormat, into replies: Replies) -> ScrapeQueue.Request {
    ScrapeQueue.Request(format: format) { outcome in
      guard case .metrics(let bytes) = outcome else { return }
      replies.add(String(decoding: bytes, as: UTF8.self))
    }
  }

  func testBeyondTheLimitRequestsAreRefusedAndABatchRendersOncePerFormat() {
    let queue = ScrapeQueue(limit: 3)
    let replies = Replies()
    XCTAssertTrue(queue.submit(request(.text, into: replies)))
    XCTAssertTrue(queue.submit(request(.text, into: replies)))
    XCTAssertTrue(queue.submit(request(.openMetrics, into: replies)))
    XCTAssertFalse(queue.submit(request(.text, into: replies)), "the fourth waits beyond --max-scrapes")

    let batch = queue.next(timeout: 0)
    XCTAssertEqual(batch.count, 3)
    var renders = 0
    ScrapeQueue.answer(batch) { format in
      renders += 1
      return .metrics(Array((format == .text ? "text" : "openmetrics").utf8))
    }
    XCTAssertEqual(renders, 2, "one dump's families rendered once per format")
    XCTAssertEqual(replies.all.sorted(), ["openmetrics", "text", "text"])

    XCTAssertTrue(queue.next(timeout: 0.01).isEmpty, "taken: nothing waits")
    XCTAssertTrue(queue.submit(request(.text, into: replies)), "room again once the batch was taken")
  }
}
