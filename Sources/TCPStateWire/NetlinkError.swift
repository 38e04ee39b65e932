/// Mirrors the payload of an `NLMSG_ERROR` message: `struct nlmsgerr` (a
/// negative errno and the header of the request it answers), then, with
/// extended acks, `NLMSGERR_ATTR_MSG` text.
public struct NetlinkErrorMessage: Equatable, Sendable {
  /// A positive errno; 0 is an acknowledgement.
  public var errno: Int32
  public var requestSequence: UInt32
  /// The kernel's extended-ack text, when it sent one.
  public var message: String?

  public static func decode(_ message: UnsafeRawBufferPointer) throws(DecodeError) -> NetlinkErrorMessage {
    let reader = ByteReader(message)
    let base = NetlinkHeader.size
    guard reader.has(4 + NetlinkHeader.size, at: base) else {
      throw DecodeError(offset: base, "NLMSG_ERROR payload is \(message.count - base) bytes, needs 20")
    }
    let code = Int32(bitPattern: reader.u32(base))
    let sequence = reader.u32(base + 4 + 8)
    var text: String?
    // With NLM_F_ACK_TLVS the (capped) request is followed by attributes.
    let flags = reader.u16(6)
    if flags & 0x200 != 0 {
      var requestLength = NetlinkHeader.size
      if flags & 0x100 == 0 { requestLength = Int(reader.u32(base + 4)) }
      let attributesStart = base + 4 + NetlinkHeader.aligned(requestLength)
      if attributesStart < message.count {
        var cursor = AttributeCursor(reader.slice(attributesStart, message.count - attributesStart))
        while let attribute = cursor.next() {
          if attribute.type == 1 {  // NLMSGERR_ATTR_MSG
            text = String(decoding: attribute.payload.prefix { $0 != 0 }, as: UTF8.self)
          }
        }
      }
    }
    // Negated in 64 bits: Int32.min (a corrupt error code) has no 32-bit negation.
    return NetlinkErrorMessage(errno: Int32(clamping: -Int64(code)), requestSequence: sequence, message: text)
  }
}
