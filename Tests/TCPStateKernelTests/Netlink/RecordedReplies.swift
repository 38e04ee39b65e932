import Foundation
import TCPStateWire

/// Replies for a `ReplayTransport`, made from a dump recorded on a real
/// kernel (Linux 6.18, `TCPStateWireTests/Fixtures/dump-inet-info.bin`: a
/// listener, two ESTABLISHED ends, NLMSG_DONE) with their sequence and port
/// rewritten for the request being answered, and hand-built control messages.
enum RecordedReplies {
  /// The fixture's messages, each whole (header included).
  static let dumpMessages: [[UInt8]] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("TCPStateWireTests/Fixtures/dump-inet-info.bin")
    let bytes = [UInt8]((try? Data(contentsOf: url)) ?? Data())
    var messages: [[UInt8]] = []
    var offset = 0
    while offset + 16 <= bytes.count {
      let length = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) })
      messages.append(Array(bytes[offset..<offset + NetlinkHeader.aligned(length)]))
      offset += NetlinkHeader.aligned(length)
    }
    return messages
  }()

  /// The three socket messages (LISTEN, then two ESTABLISHED) and NLMSG_DONE.
  static var sockets: [[UInt8]] { Array(dumpMessages.dropLast()) }
  static var done: [UInt8] { dumpMessages.last ?? [] }

  /// `message` addressed to `portID` as the answer to request `sequence`.
  static func readdressed(_ message: [UInt8], sequence: UInt32, portID: UInt32) -> [UInt8] {
    var bytes = message
    bytes.withUnsafeMutableBytes {
      $0.storeBytes(of: sequence, toByteOffset: 8, as: UInt32.self)
      $0.storeBytes(of: portID, toByteOffset: 12, as: UInt32.self)
    }
    return bytes
  }

  /// The whole recorded dump, answering request `sequence`.
  static func dump(sequence: UInt32, portID: UInt32) -> [UInt8] {
    dumpMessages.flatMap { readdressed($0, sequence: sequence, portID: portID) }
  }

  /// An NLMSG_ERROR as the kernel sends it (capped, with extended-ack text when given).
  static func error(_ code: Int32, text: String? = nil, sequence: UInt32, portID: UInt32) -> [UInt8] {
    var attribute: [UInt8] = []
    if let text {
      let payload = Array(text.utf8) + [0]
      withUnsafeBytes(of: UInt16(4 + payload.count)) { attribute += $0 }
      withUnsafeBytes(of: UInt16(1)) { attribute += $0 }  // NLMSGERR_ATTR_MSG
      attribute += payload
      attribute += [UInt8](repeating: 0, count: NetlinkHeader.aligned(attribute.count) - attribute.count)
    }
    var bytes: [UInt8] = []
    let flags: UInt16 = text == nil ? 0x100 : 0x300  // NLM_F_CAPPED, NLM_F_ACK_TLVS
    NetlinkHeader(length: UInt32(36 + attribute.count), type: 2, flags: flags, sequence: sequence, portID: portID)
      .encode(into: &bytes)
    withUnsafeBytes(of: -code) { bytes += $0 }
    NetlinkHeader(length: 72, type: 20, flags: 1, sequence: sequence, portID: portID).encode(into: &bytes)
    return bytes + attribute
  }
}
