import CShim
import Glibc
import TCPStateModel

/// An open network namespace, and netlink sockets made inside it.
///
/// A socket belongs to the namespace its creator was in at socket(2), for
/// its whole life. So a thread made for the purpose enters the namespace,
/// makes the socket and ends (`tcpstate_sock_diag_socket_in`): the caller's
/// threads, /proc/self and the process never move, and there is no way back
/// to get wrong. The descriptor held here pins the namespace: close the
/// handle when the namespace is done with.
public final class NamespaceHandle {
  public let record: NamespaceRecord
  let fd: Int32

  /// Opens the namespace's file and checks it is still the namespace that
  /// was found (a pid's task may have exited and its number been reused).
  public init(_ record: NamespaceRecord) throws(NamespaceError) {
    self.record = record
    if record.isOwn {
      fd = -1
      return
    }
    let fd = open(record.path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      let code = errno
      if code == ENOENT || code == ESRCH { throw .vanished(inode: record.inode) }
      throw .open(target: .path(record.path), path: record.path, errno: code)
    }
    var info = stat()
    guard fstat(fd, &info) == 0, UInt64(info.st_ino) == record.inode else {
      close(fd)
      throw .vanished(inode: record.inode)
    }
    self.fd = fd
  }

  deinit { if fd >= 0 { close(fd) } }

  /// A sock_diag socket inside the namespace.
  public func netlinkSocket(groups: UInt32 = 0, nonBlocking: Bool = false) throws(NamespaceError) -> NetlinkSocket {
    guard fd >= 0 else {
      return try Self.made { () throws(KernelError) in try NetlinkSocket(groups: groups, nonBlocking: nonBlocking) }
    }
    var stage: Int32 = 0
    let flags = Int32(SOCK_CLOEXEC.rawValue) | (nonBlocking ? Int32(SOCK_NONBLOCK.rawValue) : 0)
    let made = tcpstate_sock_diag_socket_in(fd, flags, &stage)
    switch (made < 0, stage) {
    case (true, 1): throw .setns(path: record.path, errno: -made)
    case (true, 0): throw .socket(KernelError("pthread_create", errno: -made))
    case (true, _): throw .socket(KernelError("socket(AF_NETLINK, NETLINK_SOCK_DIAG)", errno: -made))
    case (false, _):
      return try Self.made { () throws(KernelError) in try NetlinkSocket(descriptor: made, groups: groups) }
    }
  }

  static func made(_ body: () throws(KernelError) -> NetlinkSocket) throws(NamespaceError) -> NetlinkSocket {
    do throws(KernelError) { return try body() } catch { throw .socket(error) }
  }

  /// A dumper whose every request goes to this namespace.
  public var dumper: SockDiagDumper {
    SockDiagDumper(transport: { () throws(KernelError) -> any NetlinkTransport in
      do throws(NamespaceError) {
        let socket = try self.netlinkSocket()
        socket.enableExtendedAcks()
        return socket
      } catch {
        throw error.kernelError
      }
    })
  }
}
