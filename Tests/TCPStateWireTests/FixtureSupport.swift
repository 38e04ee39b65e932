import Foundation
import TCPStateModel
import TCPStateWire
import XCTest

/// Recorded dump bytes and the expectations written when they were recorded.
struct Fixture {
  let bytes: [UInt8]
  let expected: [String]

  init(_ name: String) throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).bin")))
    expected = try String(contentsOf: directory.appendingPathComponent("\(name).expect"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
  }
}

/// Decodes every inet_diag message in `bytes`; returns sockets, per-message problems and the framing error.
func decodeAll(_ bytes: [UInt8]) -> (sockets: [Socket], problems: [DecodeError], framing: DecodeError?) {
  bytes.withUnsafeBytes { buffer in
    var messages = NetlinkMessages(buffer)
    var sockets: [Socket] = []
    var problems: [DecodeError] = []
    while let message = messages.next() {
      guard message.header.type == NetlinkHeader.typeSockDiagByFamily else { continue }
      let (socket, problem) = InetDiagMessage.decode(message.bytes)
      if let socket { sockets.append(socket) }
      if let problem { problems.append(problem.shifted(by: message.offset)) }
    }
    return (sockets, problems, messages.error)
  }
}

/// "STATE address localPort peerPort key=value" as the recorder wrote it.
func describe(_ socket: Socket) -> String {
  let queue = socket.state == .listen ? "sendq=\(socket.sendQ)" : "recvq=\(socket.recvQ)"
  return "\(socket.state.name) \(socket.local.address) \(socket.local.port) \(socket.peer.port) \(queue)"
}
