import NIOCore
import NIOHTTP1
import TCPStateKit
import TCPStateMetrics

/// One connection's requests: `GET /metrics`, `GET /`, `GET /-/healthy`
/// (HEAD too), 404 for any other path, 405 for any other method, 413 for a
/// request body over `maxBody`, 400 or 431 for what the parser rejects.
/// Scrapes are handed to the `ScrapeQueue`, so the event loop never waits on the kernel.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  static let maxBody = 4096
  static let paths: Set<String> = ["/", "/metrics", "/-/healthy"]

  let queue: ScrapeQueue
  let timer: ConnectionTimer
  let version: String
  var head: HTTPRequestHead?
  var bodyBytes = 0
  /// A response was started and not yet ended: a parse error can then only close.
  var responding = false
  var closing = false

  init(queue: ScrapeQueue, timer: ConnectionTimer, version: String) {
    self.queue = queue
    self.timer = timer
    self.version = version
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !closing else { return }
    switch unwrapInboundIn(data) {
    case .head(let request):
      head = request
      bodyBytes = 0
      timer.headArrived()
    case .body(let chunk):
      bodyBytes += chunk.readableBytes
      if bodyBytes > Self.maxBody, let request = head {
        head = nil
        respond(context, request, .payloadTooLarge, text: "request body too large\n", keepAlive: false)
      }
    case .end:
      if let request = head {
        head = nil
        route(context, request)
      }
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: Error) {
    guard let parserError = error as? HTTPParserError else {
      context.close(promise: nil)
      return
    }
    guard !responding, !closing else {
      context.close(promise: nil)
      return
    }
    let status: HTTPResponseStatus = parserError == .headerOverflow ? .requestHeaderFieldsTooLarge : .badRequest
    let request = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
    respond(context, request, status, text: "\(status.reasonPhrase)\n", keepAlive: false)
  }

  func route(_ context: ChannelHandlerContext, _ request: HTTPRequestHead) {
    let path = String(request.uri.prefix { $0 != "?" && $0 != "#" })
    guard Self.paths.contains(path) else {
      respond(context, request, .notFound, text: "not found: try /metrics\n")
      return
    }
    guard request.method == .GET || request.method == .HEAD else {
      respond(context, request, .methodNotAllowed, text: "only GET and HEAD\n", extra: [("Allow", "GET, HEAD")])
      return
    }
    switch path {
    case "/metrics": scrape(context, request)
    case "/-/healthy": respond(context, request, .ok, text: "tcpstate exporter is healthy.\n")
    default:
      respond(
        context, request, .ok, body: Array(LandingPage.html(version: version).utf8),
        contentType: "text/html; charset=utf-8")
    }
  }

  func scrape(_ context: ChannelHandlerContext, _ request: HTTPRequestHead) {
    let format = ExpositionFormat.negotiate(accept: request.headers.first(name: "accept"))
    let gzip = Gzip.accepted(by: request.headers.first(name: "accept-encoding"))
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    let loop = context.eventLoop
    responding = true
    let accepted = queue.submit(
      ScrapeQueue.Request(format: format) { outcome in
        // The kernel thread answered: compress there, write on the connection's loop.
        let body: [UInt8]
        let encoded: [UInt8]?
        switch outcome {
        case .metrics(let bytes):
          body = bytes
          encoded = gzip ? Gzip.compress(bytes) : nil
        case .failed:
          body = []
          encoded = nil
        }
        loop.execute {
          let (handler, context) = bound.value
          switch outcome {
          case .metrics:
            var extra: [(String, String)] = [("Vary", "Accept, Accept-Encoding")]
            if encoded != nil { extra.append(("Content-Encoding", "gzip")) }
            handler.respond(context, request, .ok, body: encoded ?? body, contentType: format.contentType, extra: extra)
          case .failed(let message):
            handler.respond(context, request, .internalServerError, text: "tcpstate exporter: \(message)\n")
          }
        }
      })
    if !accepted {
      respond(
        context, request, .serviceUnavailable, text: "too many scrapes in flight; retry shortly\n",
        extra: [("Retry-After", "1")])
    }
  }

  func respond(
    _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ status: HTTPResponseStatus, text: String,
    extra: [(String, String)] = [], keepAlive: Bool = true
  ) {
    respond(
      context, request, status, body: Array(text.utf8), contentType: "text/plain; charset=utf-8", extra: extra,
      keepAlive: keepAlive)
  }

  func respond(
    _ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ status: HTTPResponseStatus, body: [UInt8],
    contentType: String, extra: [(String, String)] = [], keepAlive: Bool = true
  ) {
    guard context.channel.isActive else { return }
    let keepAlive = keepAlive && request.isKeepAlive
    var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.count))])
    headers.add(contentsOf: extra)
    headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
    responding = true
    context.write(
      wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil
    )
    if request.method != .HEAD {
      context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
    }
    let written = context.eventLoop.makePromise(of: Void.self)
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
    responding = false
    timer.responseQueued(written.futureResult)
    if !keepAlive {
      closing = true
      let channel = context.channel
      written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
  }
}
