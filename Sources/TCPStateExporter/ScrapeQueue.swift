import NIOConcurrencyHelpers
import TCPStateKit
import TCPStateMetrics

/// Hands scrape requests from the HTTP event loop to the thread that talks to
/// the kernel, and the exposition back. Requests that arrive together are
/// answered by one dump: 50 concurrent scrapes cost about one. Beyond
/// `limit` waiting requests the server answers 503 instead of queueing more.
public final class ScrapeQueue: @unchecked Sendable {
  public enum Outcome: Sendable {
    case metrics([UInt8])
    /// The kernel refused the dump: the message for a 500 response.
    case failed(String)
  }

  public struct Request: Sendable {
    public var format: ExpositionFormat
    public var reply: @Sendable (Outcome) -> Void
  }

  // 1 while requests wait, 0 otherwise; its lock also guards `waiting`.
  let condition = ConditionLock<Int>(value: 0)
  var waiting: [Request] = []
  let limit: Int

  public init(limit: Int) {
    self.limit = limit
  }

  /// Queues a request; false when `limit` are already waiting.
  func submit(_ request: Request) -> Bool {
    condition.lock()
    let accepted = waiting.count < limit
    if accepted { waiting.append(request) }
    condition.unlock(withValue: waiting.isEmpty ? 0 : 1)
    return accepted
  }

  /// Waits up to `timeout` seconds for requests and takes them all.
  public func next(timeout: Double) -> [Request] {
    guard condition.lock(whenValue: 1, timeoutSeconds: timeout) else { return [] }
    let taken = waiting
    waiting.removeAll()
    condition.unlock(withValue: 0)
    return taken
  }

  /// Answers a batch: `render` runs once per format asked for.
  public static func answer(
    _ requests: [Request], render: (ExpositionFormat) -> Outcome
  ) {
    var rendered: [ExpositionFormat: Outcome] = [:]
    for request in requests {
      let outcome = rendered[request.format] ?? render(request.format)
      rendered[request.format] = outcome
      request.reply(outcome)
    }
  }
}
