/// Splits a receive buffer into its netlink messages (pure framing: each
/// header's length, 4-byte alignment). Stops at the first bad header and
/// reports where, so what came before is still usable.
public struct NetlinkMessages: Sequence, IteratorProtocol {
  public struct Message {
    public var header: NetlinkHeader
    /// The whole message, header included.
    public var bytes: UnsafeRawBufferPointer
    /// Where the message starts in the buffer.
    public var offset: Int
  }

  let buffer: UnsafeRawBufferPointer
  var offset = 0
  public private(set) var error: DecodeError?

  public init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

  public mutating func next() -> Message? {
    guard error == nil, offset < buffer.count else { return nil }
    let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
    do {
      let header = try NetlinkHeader.decode(rest)
      let message = Message(
        header: header, bytes: UnsafeRawBufferPointer(rebasing: rest[..<Int(header.length)]), offset: offset)
      offset += Swift.min(NetlinkHeader.aligned(Int(header.length)), rest.count)
      return message
    } catch {
      self.error = error.shifted(by: offset)
      return nil
    }
  }
}
