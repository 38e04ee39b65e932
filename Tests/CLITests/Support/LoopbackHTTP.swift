import Foundation
import Glibc
import TestSupport

/// A minimal HTTP/1.x client on 127.0.0.1 for the exporter tests: raw bytes
/// out, the whole reply in, with a receive timeout, so a test can also send
/// what no real client would.
enum LoopbackHTTP {
  struct Reply {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
  }

  /// Connects with a receive timeout; -1 on failure.
  static func open(port: UInt16, timeout: Double = 10) -> Int32 {
    let fd = LoopbackTCP.connect(port: port)
    guard fd >= 0 else { return -1 }
    var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    return fd
  }

  static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if sent <= 0 { return false }
      offset += sent
    }
    return true
  }

  /// Everything until the peer closes (or the timeout).
  static func readAll(_ fd: Int32) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if count <= 0 { break }
      bytes += chunk[..<count]
    }
    return bytes
  }

  /// Sends `raw` on a new connection and reads until the server closes.
  static func exchange(port: UInt16, raw: [UInt8], timeout: Double = 10) -> Reply? {
    let fd = open(port: port, timeout: timeout)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    guard send(fd, raw) else { return nil }
    return parse(readAll(fd))
  }

  static func get(
    port: UInt16, path: String, method: String = "GET", headers: [String: String] = [:], timeout: Double = 10
  ) -> Reply? {
    var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { request += "\(name): \(value)\r\n" }
    request += "\r\n"
    return exchange(port: port, raw: Array(request.utf8), timeout: timeout)
  }

  /// Status, headers (lower-case names) and body of one response.
  static func parse(_ bytes: [UInt8]) -> Reply? {
    guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: [13, 10, 13, 10]) }) else { return nil }
    let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = head[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return Reply(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
  }

  /// A port nobody listens on right now (bound, read, released).
  static func freePort() -> UInt16 {
    let (fd, port) = LoopbackTCP.listener(backlog: 1)
    close(fd)
    return port
  }
}
