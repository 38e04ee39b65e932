import Foundation
import Glibc

/// Real TCP sockets on loopback, driven into chosen states for tests. Every
/// descriptor is closed by `closeAll()` (call it in tearDown).
public final class LoopbackSockets {
  public private(set) var descriptors: [Int32] = []
  /// The IPv4 address listeners bind to and clients connect to (host order).
  public var ipv4Address: UInt32 = 0x7f00_0001

  public init() {}

  deinit { closeAll() }

  public func closeAll() {
    for fd in descriptors { close(fd) }
    descriptors.removeAll()
  }

  public func track(_ fd: Int32) -> Int32 {
    descriptors.append(fd)
    return fd
  }

  public func forget(_ fd: Int32) {
    descriptors.removeAll { $0 == fd }
  }

  /// A TCP socket, IPv4 or IPv6, with SO_REUSEADDR.
  public func socket(ipv6: Bool = false) throws -> Int32 {
    let fd = Glibc.socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw failure("socket") }
    var one: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    return track(fd)
  }

  public func setInt(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
    var value = value
    setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
  }

  /// Binds to 127.0.0.1 (or ::1) on an ephemeral port and listens; returns fd and port.
  public func listener(ipv6: Bool = false, backlog: Int32 = 16, configure: (Int32) -> Void = { _ in }) throws -> (
    fd: Int32, port: UInt16
  ) {
    let fd = try socket(ipv6: ipv6)
    configure(fd)
    try bind(fd, ipv6: ipv6, port: 0)
    guard listen(fd, backlog) == 0 else { throw failure("listen") }
    return (fd, localPort(fd))
  }

  public func bind(_ fd: Int32, ipv6: Bool, port: UInt16) throws {
    guard withAddress(ipv6: ipv6, port: port, { Glibc.bind(fd, $0, $1) }) == 0 else { throw failure("bind") }
  }

  /// Calls `body` with this helper's loopback address and `port` as a sockaddr.
  public func withAddress(ipv6: Bool, port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
    if ipv6 {
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_port = port.bigEndian
      address.sin6_addr = in6addr_loopback
      return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
      }
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = ipv4Address.bigEndian
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
  }

  /// Connects to loopback:port; `blocking: false` returns at once (for SYN_SENT).
  @discardableResult
  public func connect(port: UInt16, ipv6: Bool = false, blocking: Bool = true, configure: (Int32) -> Void = { _ in })
    throws
    -> Int32
  {
    let fd = try socket(ipv6: ipv6)
    configure(fd)
    if !blocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    let result = withAddress(ipv6: ipv6, port: port) { Glibc.connect(fd, $0, $1) }
    if result != 0 && !(errno == EINPROGRESS && !blocking) { throw failure("connect") }
    return fd
  }

  public func accept(_ listener: Int32) throws -> Int32 {
    let fd = Glibc.accept(listener, nil, nil)
    guard fd >= 0 else { throw failure("accept") }
    return track(fd)
  }

  /// A connected pair: (client, server).
  public func pair(
    ipv6: Bool = false, listenerConfigure: (Int32) -> Void = { _ in }, clientConfigure: (Int32) -> Void = { _ in }
  )
    throws -> (client: Int32, server: Int32, port: UInt16)
  {
    let (listenFD, port) = try listener(ipv6: ipv6, configure: listenerConfigure)
    let client = try connect(port: port, ipv6: ipv6, configure: clientConfigure)
    let server = try accept(listenFD)
    return (client, server, port)
  }

  public func localPort(_ fd: Int32) -> UInt16 {
    var storage = sockaddr_storage()
    var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
    withUnsafeMutablePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
    }
    return withUnsafeBytes(of: storage) { UInt16(bigEndian: $0.loadUnaligned(fromByteOffset: 2, as: UInt16.self)) }
  }

  /// Writes until the peer's window and our send buffer are full.
  public func fillUntilBlocked(_ fd: Int32) {
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    let chunk = [UInt8](repeating: 0x61, count: 65536)
    var idle = 0
    while idle < 20 {
      let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if n > 0 {
        idle = 0
        continue
      }
      idle += 1
      usleep(5_000)
    }
  }

  public func failure(_ call: String) -> Error {
    XCTSkipError(call, errno)
  }
}

public struct XCTSkipError: Error, CustomStringConvertible {
  public var call: String
  public var code: Int32
  public init(_ call: String, _ code: Int32) {
    self.call = call
    self.code = code
  }
  public var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
}

/// Polls until `condition` holds or two seconds pass.
public func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
  for _ in 0..<200 {
    if try condition() { return true }
    usleep(10_000)
  }
  return try condition()
}
