import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import TCPStateKit

/// The exporter's HTTP/1.1 server on one event loop thread (a scrape is a
/// few kilobytes; the kernel work happens elsewhere). Connections beyond
/// `maxConnections` are closed as soon as they are accepted, so a flood of
/// idle sockets cannot exhaust descriptors or memory.
public final class MetricsServer: Sendable {
  public struct Settings: Sendable {
    public var host: String
    public var port: Int
    public var maxConnections = 128
    public var version = "0"
    var limits = ConnectionTimer.Limits()

    public init(host: String, port: Int) {
      self.host = host
      self.port = port
    }
  }

  final class Counter: Sendable {
    let value = Atomic<Int>(0)
  }

  let group: MultiThreadedEventLoopGroup
  let channel: Channel

  /// Binds and starts serving; throws the bind error (address in use, no such address).
  public init(settings: Settings, queue: ScrapeQueue) throws {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let open = Counter()
    let limits = settings.limits
    let version = settings.version
    let maxConnections = settings.maxConnections
    let bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
      .childChannelOption(.maxMessagesPerRead, value: 4)
      .childChannelInitializer { channel in
        let count = open.value.wrappingAdd(1, ordering: .relaxed).newValue
        channel.closeFuture.whenComplete { _ in open.value.wrappingSubtract(1, ordering: .relaxed) }
        if count > maxConnections {
          return channel.close()
        }
        return channel.eventLoop.makeCompletedFuture {
          let timer = ConnectionTimer(limits: limits)
          let sync = channel.pipeline.syncOperations
          try sync.addHandler(timer)
          try sync.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
          try sync.addHandler(MetricsHTTPHandler(queue: queue, timer: timer, version: version))
        }
      }
    do {
      channel = try bootstrap.bind(host: settings.host, port: settings.port).wait()
    } catch {
      try? group.syncShutdownGracefully()
      throw error
    }
    self.group = group
  }

  /// The bound address, as `127.0.0.1:10061` or `[::1]:10061`.
  public var boundAddress: String {
    guard let address = channel.localAddress, let ip = address.ipAddress, let port = address.port else { return "?" }
    if case .v6 = address { return "[\(ip)]:\(port)" }
    return "\(ip):\(port)"
  }

  /// Stops accepting, closes every connection, ends the event loop thread.
  public func shutdown() {
    try? channel.close().wait()
    try? group.syncShutdownGracefully()
  }
}
