import Foundation
import TCPStateKit

/// Reads catalogued tunables from `<procRoot>/sys/...` (Documentation/admin-guide/sysctl).
///
/// `procRoot` is "/proc" on a live host and a temporary directory in tests.
/// Values keep their internal tabs (`tcp_rmem` is "4096\t131072\t6291456");
/// only the trailing newline is removed. A missing file is `.missing`, any
/// other failure `.unreadable` with the reason; reading never throws.
public struct TunableReader: Sendable {
  public var procRoot: String

  public init(procRoot: String = "/proc") {
    self.procRoot = procRoot
  }

  /// The full path of a tunable's file under this root.
  public func path(of tunable: Tunable) -> String {
    let root = procRoot.hasSuffix("/") ? String(procRoot.dropLast()) : procRoot
    return root + "/" + tunable.procPath
  }

  public func read(_ tunable: Tunable) -> TunableReading {
    let path = path(of: tunable)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return .missing
    }
    if isDirectory.boolValue { return .unreadable("is a directory") }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      return .unreadable(
        FileManager.default.isReadableFile(atPath: path) ? "cannot open" : "permission denied")
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.readToEnd() ?? Data()
    } catch {
      return .unreadable(String(describing: error))
    }
    guard var text = String(data: data, encoding: .utf8) else {
      return .unreadable("not UTF-8 text")
    }
    while text.hasSuffix("\n") { text.removeLast() }
    return .value(text)
  }

  /// Readings of the given tunables (the whole catalogue by default), by short name.
  public func readAll(_ tunables: [Tunable] = TunableCatalog.all) -> [String: TunableReading] {
    var readings: [String: TunableReading] = [:]
    for tunable in tunables { readings[tunable.name] = read(tunable) }
    return readings
  }
}
