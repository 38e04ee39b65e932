import Glibc
import TCPStateKit

/// Finds the `tcpstate-exporter` process image and replaces this process
/// with it (same pid, so systemd and signals see one process). Looked for
/// next to the running binary (the build directory), then in
/// `../libexec/tcpstate/` (where `make install` puts it).
public enum ExporterLauncher {
  public static let helperName = "tcpstate-exporter"

  public static func candidates() -> [String] {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return [] }
    let exe = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let directory = exe.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return ["\(directory)/\(helperName)", "\(directory)/../libexec/tcpstate/\(helperName)"]
  }

  /// Returns only when no helper could be started.
  public static func exec(_ settings: ExporterSettings) -> TCPStateError {
    let places = candidates()
    for path in places where access(path, X_OK) == 0 {
      let argv = ([helperName] + settings.arguments).map { strdup($0) } + [nil]
      execv(path, argv)
      return TCPStateError(.unavailable, "cannot start \(path): \(String(cString: strerror(errno)))")
    }
    return TCPStateError(
      .unavailable, "tcpstate exporter needs its server binary \(helperName), which is not installed",
      hints: ["looked for " + places.joined(separator: " and "), "`make install` installs it"])
  }
}
