import TCPStateKit
import TCPStateModel

/// `--listen`: `ADDR:PORT` with an IPv4 address, `[ADDR]:PORT` with an IPv6
/// one, or `:PORT` for every address. Literal addresses only: a name would
/// need a resolver at start-up and could bind somewhere unexpected.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
  /// The address to bind, as text (`::` for every address).
  public var host: String
  public var port: Int
  /// `:PORT`: every IPv6 and IPv4 address (falls back to 0.0.0.0 where IPv6 is off).
  public var allAddresses: Bool

  /// 10061: outside the Prometheus wiki's exporter range 9100-9999, which is fully taken.
  public static let defaultPort = 10061
  public static let `default` = ListenAddress(host: "127.0.0.1", port: defaultPort, allAddresses: false)

  public var description: String {
    if allAddresses { return ":\(port)" }
    return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }

  public static func parse(_ text: String) throws(TCPStateError) -> ListenAddress {
    let usage = TCPStateError(
      .usage, "--listen '\(text)': expected ADDR:PORT, [IPV6]:PORT or :PORT",
      hints: ["for example 127.0.0.1:\(defaultPort), [::1]:\(defaultPort) or :\(defaultPort) (every address)"])
    guard let colon = text.lastIndex(of: ":") else { throw usage }
    let hostPart = text[..<colon]
    guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
      throw TCPStateError(.usage, "--listen '\(text)': the port must be 1-65535")
    }
    if hostPart.isEmpty { return ListenAddress(host: "::", port: port, allAddresses: true) }
    if hostPart.hasPrefix("[") && hostPart.hasSuffix("]") {
      let inner = hostPart.dropFirst().dropLast()
      guard let address = IPAddress(inner), address.family == .inet6 else { throw usage }
      return ListenAddress(host: String(inner), port: port, allAddresses: false)
    }
    guard let address = IPAddress(hostPart), address.family == .inet else { throw usage }
    return ListenAddress(host: String(hostPart), port: port, allAddresses: false)
  }
}
