/// The address family of a socket (AF_INET / AF_INET6).
public enum AddressFamily: UInt8, Sendable, Hashable {
  case inet = 2
  case inet6 = 10

  /// The JSON spelling: "inet" / "inet6", as `ip` and `ss` say.
  public var name: String { self == .inet ? "inet" : "inet6" }
}

/// An IPv4 or IPv6 address held as 16 bytes in network order (IPv4 in the
/// first four), so comparisons and CIDR matching are byte operations.
public struct IPAddress: Hashable, Sendable {
  public let family: AddressFamily
  /// Network-order bytes; for IPv4 only `bytes.0...bytes.3` are used.
  public let high: UInt64
  public let low: UInt64

  /// From network-order bytes (4 for IPv4, 16 for IPv6). Not generic on
  /// purpose: this runs once per address in a dump of 100k sockets.
  public init?(family: AddressFamily, bytes: UnsafeRawBufferPointer) {
    if family == .inet {
      guard bytes.count >= 4 else { return nil }
      self.init(family: .inet, high: UInt64(UInt32(bigEndian: bytes.loadUnaligned(as: UInt32.self))) << 32, low: 0)
    } else {
      guard bytes.count >= 16 else { return nil }
      self.init(
        family: .inet6, high: UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)),
        low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }
  }

  /// From network-order bytes in an array.
  public init?(family: AddressFamily, bytes: [UInt8]) {
    guard let address = bytes.withUnsafeBytes({ IPAddress(family: family, bytes: $0) }) else { return nil }
    self = address
  }

  init(family: AddressFamily, high: UInt64, low: UInt64) {
    self.family = family
    self.high = high
    self.low = low
  }

  public static let anyV4 = IPAddress(family: .inet, high: 0, low: 0)
  public static let anyV6 = IPAddress(family: .inet6, high: 0, low: 0)

  /// Byte `i` in network order.
  @inline(__always) public func byte(_ i: Int) -> UInt8 {
    i < 8
      ? UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * i))
      : UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * (i - 8)))
  }

  public var byteCount: Int { family == .inet ? 4 : 16 }

  public var isUnspecified: Bool { high == 0 && low == 0 }

  /// `::ffff:a.b.c.d`: an IPv4 peer seen through an IPv6 socket.
  public var isV4Mapped: Bool { family == .inet6 && high == 0 && low >> 32 == 0xffff }

  /// The IPv4 address inside a v4-mapped IPv6 address.
  public var mappedV4: IPAddress? {
    guard isV4Mapped else { return nil }
    return IPAddress(family: .inet, high: (low & 0xffff_ffff) << 32, low: 0)
  }

  /// True when the first `prefix` bits equal those of `network`.
  public func matches(network: IPAddress, prefix: Int) -> Bool {
    guard family == network.family else {
      // An IPv4 filter also matches the same address seen as v4-mapped IPv6.
      if let v4 = mappedV4, network.family == .inet { return v4.matches(network: network, prefix: prefix) }
      return false
    }
    let bits = max(0, min(prefix, byteCount * 8))
    if bits == 0 { return true }
    if bits <= 64 {
      let mask: UInt64 = bits == 64 ? ~0 : ~(~0 >> UInt64(bits))
      return high & mask == network.high & mask
    }
    let mask: UInt64 = bits == 128 ? ~0 : ~(~0 >> UInt64(bits - 64))
    return high == network.high && low & mask == network.low & mask
  }
}
