import CShim
import Glibc
import TCPStateModel

/// An open network namespace, and netlink sockets made inside it.
///
/// A socket belongs to the namespace its creator was in at socket(2), for
/// its whole life. So the calling thread enters the namespace just for the
/// socket(2) call and returns at once (setns(2) is per thread; the other
/// threads, /proc/self and the process never move). The descriptor held
/// here pins the namespace: close the handle when the namespace is done with.
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
    try inside { () throws(KernelError) in try NetlinkSocket(groups: groups, nonBlocking: nonBlocking) }
  }

  /// Runs `body` with the calling thread in the namespace, then returns it home.
  func inside<T>(_ body: () throws(KernelError) -> T) throws(NamespaceError) -> T {
    guard fd >= 0 else {
      do throws(KernelError) { return try body() } catch { throw .socket(error) }
    }
    let home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
    guard home >= 0 else {
      throw .open(target: .path("/proc/thread-self/ns/net"), path: "/proc/thread-self/ns/net", errno: errno)
    }
    defer { close(home) }
    let entered = tcpstate_enter_netns(fd)
    if entered != 0 { throw .setns(path: record.path, errno: -entered) }
    defer {
      // Back to where the thread was: it held that namespace a moment ago,
      // so this cannot be refused; if it were, the thread would read the
      // wrong namespace from here on, which is worse than stopping.
      let back = tcpstate_enter_netns(home)
      precondition(back == 0, "setns back to the thread's own network namespace failed: errno \(-back)")
    }
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
