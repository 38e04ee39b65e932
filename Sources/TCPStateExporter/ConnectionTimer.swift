import NIOCore

/// Per-connection deadlines, so no client can hold a connection (or the
/// server's memory) for long: an idle keep-alive connection is closed after
/// `idle`, a request whose head has not fully arrived `head` seconds after its
/// first byte is closed (slowloris), and a response the client has not read
/// within `write` seconds is dropped (a slow reader).
final class ConnectionTimer: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  struct Limits: Sendable {
    var idle: TimeAmount = .seconds(120)
    var head: TimeAmount = .seconds(10)
    var write: TimeAmount = .seconds(30)
  }

  enum Phase { case idle, readingHead, handling }

  let limits: Limits
  var phase = Phase.idle
  var deadline: Scheduled<Void>?
  var context: ChannelHandlerContext?

  init(limits: Limits) { self.limits = limits }

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    if context.channel.isActive { arm(limits.idle) }
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    deadline?.cancel()
    self.context = nil
  }

  func channelActive(context: ChannelHandlerContext) {
    arm(limits.idle)
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    deadline?.cancel()
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if phase == .idle {
      phase = .readingHead
      arm(limits.head)
    }
    context.fireChannelRead(data)
  }

  /// The request head is complete: no deadline while the scrape runs.
  func headArrived() {
    phase = .handling
    deadline?.cancel()
    deadline = nil
  }

  /// The response is queued: it must be written within `write`, then the idle clock starts.
  func responseQueued(_ written: EventLoopFuture<Void>) {
    arm(limits.write)
    written.assumeIsolated().whenSuccess { [self] in
      phase = .idle
      arm(limits.idle)
    }
  }

  func arm(_ amount: TimeAmount) {
    deadline?.cancel()
    guard let context else { return }
    let channel = context.channel
    deadline = context.eventLoop.scheduleTask(in: amount) { channel.close(promise: nil) }
  }
}
