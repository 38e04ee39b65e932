/// Bounds-checked reads from a byte buffer. Netlink headers and attributes are
/// in host order; ports and addresses inside `inet_diag_sockid` are big-endian.
struct ByteReader {
  let bytes: UnsafeRawBufferPointer

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var count: Int { bytes.count }

  @inline(__always) func has(_ length: Int, at offset: Int) -> Bool {
    offset >= 0 && length >= 0 && offset <= bytes.count - length
  }

  @inline(__always) func u8(_ offset: Int) -> UInt8 { bytes[offset] }

  @inline(__always) func u16(_ offset: Int) -> UInt16 {
    bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
  }

  @inline(__always) func u32(_ offset: Int) -> UInt32 {
    bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
  }

  @inline(__always) func u64(_ offset: Int) -> UInt64 {
    bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
  }

  @inline(__always) func u16BigEndian(_ offset: Int) -> UInt16 { UInt16(bigEndian: u16(offset)) }

  func slice(_ offset: Int, _ length: Int) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
  }
}
