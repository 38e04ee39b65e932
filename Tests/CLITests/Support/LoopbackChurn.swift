import Foundation
import Glibc
import TestSupport

/// Short loopback connections at a steady rate, closed client first, on a
/// thread of their own: the traffic of "some other service" while a test
/// watches its own port, and the watched traffic itself. Each connection
/// makes a known sequence of transitions on each side (see `clientSequence`
/// and `serverSequence`).
final class LoopbackChurn {
  static let clientSequence = [
    "SYN_SENT>ESTABLISHED", "ESTABLISHED>FIN_WAIT1", "FIN_WAIT1>FIN_WAIT2", "FIN_WAIT2>TIME_WAIT",
  ]
  static let serverSequence = [
    "LISTEN>SYN_RECV", "SYN_RECV>ESTABLISHED", "ESTABLISHED>CLOSE_WAIT", "CLOSE_WAIT>LAST_ACK", "LAST_ACK>CLOSE",
  ]

  let listener: Int32
  let port: UInt16
  private let done = DispatchSemaphore(value: 0)
  /// Connections that went through the whole sequence, and the client ports they used.
  private(set) var completed = 0
  private(set) var clientPorts: [UInt16] = []
  /// The kernel refused time-wait sockets while this churn ran (TcpExtTCPTimeWaitOverflow
  /// rose: more than tcp_max_tw_buckets on the host), so some active closes
  /// really went FIN_WAIT2 -> CLOSE.
  private(set) var timeWaitOverflowed = false

  /// A listener on an ephemeral port of 127.0.0.1, opened now (before any watcher starts).
  init() {
    (listener, port) = LoopbackTCP.listener(backlog: 128)
  }

  deinit { if listener >= 0 { close(listener) } }

  /// Runs `count` connections (or until `seconds` pass) at about `rate` per second; blocks until done.
  func run(count: Int = .max, rate: Double, seconds: Double = 3600) {
    let overflowsBefore = Self.timeWaitOverflows()
    defer { if Self.timeWaitOverflows() != overflowsBefore { timeWaitOverflowed = true } }
    let start = Date()
    var made = 0
    while made < count && Date().timeIntervalSince(start) < seconds {
      let due = start.addingTimeInterval(Double(made) / rate)
      let wait = due.timeIntervalSinceNow
      if wait > 0 { usleep(UInt32(wait * 1e6)) }
      if let clientPort = connectAndClose() {
        completed += 1
        clientPorts.append(clientPort)
      }
      made += 1
    }
  }

  /// Runs in the background; `wait()` joins.
  func start(count: Int = .max, rate: Double, seconds: Double = 3600) {
    let done = self.done
    Thread { [self] in
      run(count: count, rate: rate, seconds: seconds)
      done.signal()
    }.start()
  }

  func wait() { done.wait() }

  /// TcpExtTCPTimeWaitOverflow from /proc/net/netstat.
  static func timeWaitOverflows() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/net/netstat", encoding: .utf8) else { return nil }
    let lines = text.split(separator: "\n").filter { $0.hasPrefix("TcpExt:") }
    guard lines.count >= 2 else { return nil }
    let names = lines[0].split(separator: " ")
    let values = lines[1].split(separator: " ")
    guard let index = names.firstIndex(of: "TCPTimeWaitOverflow"), index < values.count else { return nil }
    return Int(values[index])
  }

  /// One connection: connect, accept, client closes, server reads the EOF and closes.
  private func connectAndClose() -> UInt16? {
    let client = LoopbackTCP.connect(port: port)
    guard client >= 0 else { return nil }
    let server = accept(listener, nil, nil)
    guard server >= 0 else {
      close(client)
      return nil
    }
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(client, $0, &length) }
    }
    close(client)
    var byte: UInt8 = 0
    while recv(server, &byte, 1, 0) > 0 {}
    close(server)
    return UInt16(bigEndian: address.sin_port)
  }
}

/// Checks a watcher's NDJSON against what a churn made on its port: every
/// connection's exact sequence on both sides, and one connect per connection.
/// Returns the differences (empty when complete).
func missingTransitions(in ndjson: String, churn: LoopbackChurn) throws -> [String] {
  var bySide: [String: [String]] = [:]
  var connects = 0
  for line in ndjson.split(separator: "\n") {
    guard let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
      event["event"] as? String == "transition",
      let local = event["local_port"] as? Int, let peer = event["peer_port"] as? Int
    else { continue }
    let name = "\(event["old_state"] as? String ?? "-")>\(event["new_state"] as? String ?? "?")"
    if local == 0 && peer == Int(churn.port) && name == "CLOSE>SYN_SENT" {
      connects += 1
    } else {
      bySide["\(local)>\(peer)", default: []].append(name)
    }
  }
  var problems: [String] = []
  if connects != churn.completed { problems.append("\(connects) CLOSE>SYN_SENT for \(churn.completed) connections") }
  for client in churn.clientPorts {
    let clientSide = bySide["\(client)>\(churn.port)"] ?? []
    // When the host is over tcp_max_tw_buckets the kernel creates no time-wait socket: a real close.
    let overflowed = Array(LoopbackChurn.clientSequence.dropLast()) + ["FIN_WAIT2>CLOSE"]
    if clientSide != LoopbackChurn.clientSequence && !(churn.timeWaitOverflowed && clientSide == overflowed) {
      problems.append("client \(client): \(clientSide)")
    }
    let serverSide = bySide["\(churn.port)>\(client)"] ?? []
    if serverSide != LoopbackChurn.serverSequence { problems.append("server side of \(client): \(serverSide)") }
  }
  return problems
}
