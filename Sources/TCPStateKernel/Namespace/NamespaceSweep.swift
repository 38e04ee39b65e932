import Dispatch
import Glibc
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

  /// Dumps each namespace, delivering them in order. `onSocket` returns
  /// false to stop the whole sweep. Returns the namespaces skipped.
  ///
  /// The dumps run on `workers` threads, each recording its namespaces'
  /// bytes (as `list -p` records a dump), while this thread decodes and
  /// delivers them in order: the kernel's walks, which are nearly all of a
  /// sweep's time, share the cores. Recording also means a namespace that
  /// fails part way delivers nothing rather than half its sockets.
  @discardableResult
  public func dump(
    filter: SocketFilter, extensions: InetDiagRequest.Extensions = [], workers: Int = NamespaceSweep.defaultWorkers,
    onProblem: @escaping (NamespaceRecord, DumpProblem) -> Void = { _, _ in },
    onSocket: @escaping (NamespaceRecord, Socket) -> Bool
  ) -> [Skipped] {
    parallel(
      filter: filter, extensions: extensions, workers: max(1, min(workers, namespaces.count)), onProblem: onProblem,
      onSocket: onSocket)
  }

  /// One worker per core, at most four (as the /proc scan).
  public static var defaultWorkers: Int { ProcessMap.defaultThreads }

  /// One namespace's dump, recorded on a worker, or why there is none.
  final class Slot: @unchecked Sendable {
    /// Entered when made, left by the worker: a group, as `SocketListing`
    /// hands over its process map, so ThreadSanitizer sees the hand-over.
    let ready = DispatchGroup()
    // Written by one worker before it leaves `ready`, read after the wait.
    var recorded: RecordedDump?
    var failure: NamespaceError?
  }

  func parallel(
    filter: SocketFilter, extensions: InetDiagRequest.Extensions, workers: Int,
    onProblem: @escaping (NamespaceRecord, DumpProblem) -> Void,
    onSocket: @escaping (NamespaceRecord, Socket) -> Bool
  ) -> [Skipped] {
    let slots = namespaces.map { _ in
      let slot = Slot()
      slot.ready.enter()
      return slot
    }
    let finished = DispatchGroup()
    let namespaces = self.namespaces
    for worker in 0..<workers {
      finished.enter()
      // Worker w takes namespaces w, w + workers, …: in order, so the slot
      // this thread waits for next is always one a worker is on or done with.
      DispatchQueue.global().async {
        for index in stride(from: worker, to: namespaces.count, by: workers) {
          let slot = slots[index]
          do throws(NamespaceError) {
            let handle = try NamespaceHandle(namespaces[index])
            _ = try handle.netlinkSocket()
            do throws(KernelError) {
              slot.recorded = try RecordedDump.record(filter: filter, extensions: extensions, dumper: handle.dumper)
            } catch {
              throw .socket(error)
            }
          } catch {
            slot.failure = error
          }
          slot.ready.leave()
        }
        finished.leave()
      }
    }
    var skipped: [Skipped] = []
    var stopped = false
    for (namespace, slot) in zip(namespaces, slots) {
      slot.ready.wait()
      guard !stopped else { continue }
      if let failure = slot.failure {
        skipped.append(Skipped(namespace: namespace, reason: failure))
        continue
      }
      do {
        try slot.recorded?.replay(
          filter: filter, onProblem: { onProblem(namespace, $0) },
          onSocket: { socket in
            if onSocket(namespace, socket) { return true }
            stopped = true
            return false
          })
      } catch let error as KernelError {
        skipped.append(Skipped(namespace: namespace, reason: .socket(error)))
      } catch {
        skipped.append(Skipped(namespace: namespace, reason: .socket(KernelError("sock_diag dump", errno: EIO))))
      }
      slot.recorded = nil
    }
    finished.wait()
    return skipped
  }
}
