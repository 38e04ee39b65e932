import Glibc
import TCPStateFilter
import TCPStateKit

/// Reads services(5) once for port filters that name a service (`--sport http`).
public enum ServicesFile {
  /// The parsed file; empty when it cannot be read (names then fail with a clear error).
  public static func load(path: String = "/etc/services") -> ServiceNames {
    guard let text = TraceFS.readFile(path, limit: 4 << 20) else { return ServiceNames() }
    return ServiceNames(parsing: text)
  }
}
