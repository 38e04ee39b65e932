import TCPStateModel

/// The connection an SSH session runs over, from sshd's `SSH_CONNECTION`
/// ("client_ip client_port server_ip server_port", ssh(1) ENVIRONMENT).
/// Seen from this host the socket is local = server, peer = client.
public struct SSHConnection: Sendable, Equatable {
  public var client: Endpoint
  public var server: Endpoint

  public init(client: Endpoint, server: Endpoint) {
    self.client = client
    self.server = server
  }

  /// Nil for anything but four well-formed words (an unset or mangled variable protects nothing).
  public static func parse(_ text: String) -> SSHConnection? {
    let words = text.split(separator: " ", omittingEmptySubsequences: true)
    guard words.count == 4, let clientAddress = IPAddress(words[0]), let clientPort = UInt16(words[1]),
      let serverAddress = IPAddress(words[2]), let serverPort = UInt16(words[3])
    else { return nil }
    return SSHConnection(
      client: Endpoint(address: clientAddress, port: clientPort),
      server: Endpoint(address: serverAddress, port: serverPort))
  }

  /// True for the session's socket, also when sshd listens on IPv6 and sees
  /// the IPv4 client as `::ffff:a.b.c.d` while sshd writes the plain address.
  public func carries(_ socket: Socket) -> Bool {
    Self.same(socket.local, server) && Self.same(socket.peer, client)
  }

  static func same(_ a: Endpoint, _ b: Endpoint) -> Bool {
    a.port == b.port && (a.address.mappedV4 ?? a.address) == (b.address.mappedV4 ?? b.address)
  }
}
