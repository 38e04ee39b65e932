import TCPStateModel
import TCPStateWire

/// One sock_diag dump per network namespace, each socket delivered with the
/// namespace it lives in. A namespace that cannot be entered, or vanishes
/// between discovery and its dump, is skipped and reported; the others are
/// dumped all the same.
///
/// Each dump walks the kernel's established hash, shared by every namespace
/// made without its own (`net.ipv4.tcp_child_ehash_entries`): 5.6–8 ms per
/// namespace on a 262,144-bucket table even when it is nearly empty. That
/// is the floor of a sweep, whatever this code does.
public struct NamespaceSweep {
  /// A namespace left out, and why.
  public struct Skipped: Error, Sendable {
    public var namespace: NamespaceRecord
    public var reason: NamespaceError
  }

  public let namespaces: [NamespaceRecord]

  public init(_ namespaces: [NamespaceRecord]) { self.namespaces = namespaces }

  /// These namespaces by inode, for the renderers.
  public static func byInode(_ namespaces: [NamespaceRecord]) -> [UInt64: NamespaceRecord] {
    Dictionary(namespaces.map { ($0.inode, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// Dumps each namespace in turn. `onSocket` returns false to stop the
  /// whole sweep. Returns the namespaces skipped.
  @discardableResult
  public func dump(
    filter: SocketFilter, extensions: InetDiagRequest.Extensions = [],
    onProblem: @escaping (NamespaceRecord, DumpProblem) -> Void = { _, _ in },
    onSocket: @escaping (NamespaceRecord, Socket) -> Bool
  ) -> [Skipped] {
    var skipped: [Skipped] = []
    var stopped = false
    for namespace in namespaces where !stopped {
      do throws(NamespaceError) {
        let handle = try NamespaceHandle(namespace)
        // Entered once up front, so a refused setns or a namespace gone
        // since discovery is told as such, not as a failed dump.
        _ = try handle.netlinkSocket()
        do throws(KernelError) {
          try handle.dumper.dump(
            filter: filter, extensions: extensions, onProblem: { onProblem(namespace, $0) },
            onSocket: { socket in
              if onSocket(namespace, socket) { return true }
              stopped = true
              return false
            })
        } catch {
          throw .socket(error)
        }
      } catch {
        skipped.append(Skipped(namespace: namespace, reason: error))
      }
    }
    return skipped
  }
}
