import Glibc

/// Who a task is: the process (thread group) and its command name, from
/// /proc/TID/status. Kernel threads (kworker, ksoftirqd) are never owners of
/// a socket's transition, so they yield nil. Results are cached per task.
public struct ProcessIdentity {
  public struct Owner: Equatable {
    public var pid: Int32
    public var command: String
  }

  var cache: [Int32: Owner?] = [:]
  let procRoot: String

  public init(procRoot: String = "/proc") { self.procRoot = procRoot }

  public mutating func owner(ofTask tid: Int32) -> Owner? {
    if let known = cache[tid] { return known }
    if cache.count > 4096 { cache.removeAll(keepingCapacity: true) }
    let owner = Self.read(procRoot: procRoot, tid: tid)
    cache[tid] = owner
    return owner
  }

  /// Parses `Name:`, `Tgid:` and `Kthread:`/`PPid:` lines; kernel threads have PPid 2 (kthreadd) or are kthreadd.
  static func read(procRoot: String, tid: Int32) -> Owner? {
    guard tid > 0, let text = TraceFS.readFile("\(procRoot)/\(tid)/status") else { return nil }
    var name: String?
    var tgid: Int32?
    var parent: Int32?
    var kernelThread = false
    for line in text.split(separator: "\n") {
      if line.hasPrefix("Name:") {
        name = String(line.dropFirst(5).drop { $0 == " " || $0 == "\t" })
      } else if line.hasPrefix("Tgid:") {
        tgid = Int32(line.dropFirst(5).filter { !$0.isWhitespace })
      } else if line.hasPrefix("PPid:") {
        parent = Int32(line.dropFirst(5).filter { !$0.isWhitespace })
      } else if line.hasPrefix("Kthread:") {
        kernelThread = line.hasSuffix("1")
      }
    }
    if kernelThread || parent == 2 || tid == 2 { return nil }
    guard let name, let tgid else { return nil }
    return Owner(pid: tgid, command: name)
  }
}
