import Glibc

/// A plain pthread running one closure. The exporter's kernel work runs on
/// threads it starts itself, after --netns was entered, so each inherits the
/// namespace (a Dispatch pool thread may predate it).
public final class BackgroundThread {
  final class Box {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }

  var thread = pthread_t()
  var joined = false

  public init(_ body: @escaping () -> Void) throws(TCPStateErrorBox) {
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    let result = pthread_create(
      &thread, nil,
      { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
      }, box)
    if result != 0 {
      Unmanaged<Box>.fromOpaque(box).release()
      throw TCPStateErrorBox("pthread_create: \(String(cString: strerror(result)))")
    }
  }

  /// Waits for the closure to return.
  public func join() {
    guard !joined else { return }
    joined = true
    pthread_join(thread, nil)
  }
}

/// A failure to start a thread (out of resources): reported, then the exporter exits.
public struct TCPStateErrorBox: Error, CustomStringConvertible {
  public var description: String
  init(_ description: String) { self.description = description }
}

/// Monotonic seconds, for ages and durations.
public func monotonicSeconds() -> Double { Clock.monotonicSeconds() }
