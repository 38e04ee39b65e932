/// One end of a connection: address and port (host order).
public struct Endpoint: Hashable, Sendable {
  public var address: IPAddress
  public var port: UInt16

  public init(address: IPAddress, port: UInt16) {
    self.address = address
    self.port = port
  }

  /// `1.2.3.4:80`, `[::1]:80`, `0.0.0.0:80` and `[::]:80` for the wildcard
  /// (so the family shows), `*` for port 0, the way `ss` writes them.
  public func appendText(to out: inout [UInt8]) { appendText(to: &out, device: nil) }

  /// With a device (SO_BINDTODEVICE), after the address as ss writes it:
  /// `127.0.0.1%lo:8080`, `[::1]%lo:8080`. The name is escaped by the caller.
  public func appendText(to out: inout [UInt8], device: String?) {
    if address.family == .inet6 {
      out.append(UInt8(ascii: "["))
      address.appendText(to: &out)
      out.append(UInt8(ascii: "]"))
    } else {
      address.appendText(to: &out)
    }
    if let device {
      out.append(UInt8(ascii: "%"))
      out.append(contentsOf: device.utf8)
    }
    out.append(UInt8(ascii: ":"))
    if port == 0 { out.append(UInt8(ascii: "*")) } else { appendDecimal(UInt64(port), to: &out) }
  }
}

extension Endpoint: CustomStringConvertible {
  public var description: String {
    var out: [UInt8] = []
    appendText(to: &out)
    return String(decoding: out, as: UTF8.self)
  }
}
