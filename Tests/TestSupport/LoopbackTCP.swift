import Glibc

/// The sockets the CLI tests make for the binary to see, on 127.0.0.1 only.
public enum LoopbackTCP {
  /// A listener on an ephemeral port: its descriptor and port (fd -1 on failure).
  public static func listener(backlog: Int32) -> (fd: Int32, port: UInt16) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && listen(fd, backlog) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    guard fd >= 0, ok else {
      if fd >= 0 { close(fd) }
      return (-1, 0)
    }
    return (fd, UInt16(bigEndian: address.sin_port))
  }

  /// A blocking connect to 127.0.0.1:port: the descriptor, or -1.
  public static func connect(port: UInt16) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = loopback(port: port)
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard fd >= 0, result == 0 else {
      if fd >= 0 { close(fd) }
      return -1
    }
    return fd
  }

  public static func loopback(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
    return address
  }
}
