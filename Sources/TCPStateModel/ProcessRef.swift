/// A process holding a socket open: what `ss -p` prints as `("nginx",pid=1,fd=6)`.
public struct ProcessRef: Hashable, Sendable {
  public var pid: Int32
  public var command: String
  public var fd: Int32

  public init(pid: Int32, command: String, fd: Int32) {
    self.pid = pid
    self.command = command
    self.fd = fd
  }
}
