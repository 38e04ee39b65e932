/// Walks netlink attributes (`struct nlattr`: u16 length including the 4-byte
/// header, u16 type, payload padded to 4 bytes). The first error sticks: after
/// it, `next()` returns nil and `error` says where and why.
public struct AttributeCursor {
  public struct Attribute {
    /// Type with the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits cleared.
    public var type: UInt16
    public var payload: UnsafeRawBufferPointer
    /// Offset of the attribute's header within the walked buffer.
    public var offset: Int
  }

  private let reader: ByteReader
  private var position = 0
  public private(set) var error: DecodeError?

  public init(_ bytes: UnsafeRawBufferPointer) { self.reader = ByteReader(bytes) }

  public mutating func next() -> Attribute? {
    guard error == nil, position < reader.count else { return nil }
    guard reader.has(4, at: position) else {
      error = DecodeError(offset: position, "attribute header cut short: \(reader.count - position) bytes left")
      return nil
    }
    let length = Int(reader.u16(position))
    let type = reader.u16(position + 2) & 0x3fff
    guard length >= 4 else {
      error = DecodeError(offset: position, "attribute type \(type) has impossible length \(length)")
      return nil
    }
    guard reader.has(length, at: position) else {
      error = DecodeError(
        offset: position, "attribute type \(type) claims \(length) bytes, \(reader.count - position) left")
      return nil
    }
    let attribute = Attribute(type: type, payload: reader.slice(position + 4, length - 4), offset: position)
    position += NetlinkHeader.aligned(length)
    return attribute
  }
}
