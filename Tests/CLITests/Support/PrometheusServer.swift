import Foundation
import Glibc
import XCTest

/// A real Prometheus (Debian's package) for the tests: its own config and data
/// directory in a temporary folder, a loopback port, one job scraping the
/// exporter every second. Stopped and removed on deinit.
final class PrometheusServer {
  static let binary = "/usr/bin/prometheus"
  let process = Process()
  let directory: URL
  let port: UInt16

  init(scraping target: UInt16) throws {
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: Self.binary), "needs Debian's prometheus (make deps-check)")
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-prom-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    port = LoopbackHTTP.freePort()
    let config = """
      global:
        scrape_interval: 1s
        scrape_timeout: 1s
      scrape_configs:
        - job_name: tcpstate
          static_configs:
            - targets: ["127.0.0.1:\(target)"]

      """
    try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = [
      "--config.file=\(directory.path)/prometheus.yml", "--storage.tsdb.path=\(directory.path)/data",
      "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: logFile())
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
      if LoopbackHTTP.get(port: port, path: "/-/ready", timeout: 2)?.status == 200 { return }
      guard process.isRunning else { break }
      usleep(100_000)
    }
    throw XCTSkip("prometheus did not become ready: \(log)")
  }

  func logFile() throws -> URL {
    let url = directory.appendingPathComponent("prometheus.log")
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    return url
  }

  var log: String {
    (try? String(contentsOf: directory.appendingPathComponent("prometheus.log"), encoding: .utf8)) ?? ""
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(at: directory)
  }

  /// The value of an instant query that returns one series, or nil.
  func value(_ query: String) -> Double? {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let encoded = query.addingPercentEncoding(withAllowedCharacters: allowed) ?? query
    guard let reply = LoopbackHTTP.get(port: port, path: "/api/v1/query?query=\(encoded)", timeout: 5),
      reply.status == 200,
      let json = try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any],
      let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
      result.count == 1, let pair = result[0]["value"] as? [Any], pair.count == 2, let text = pair[1] as? String
    else { return nil }
    return Double(text)
  }

  /// Polls `query` (a scrape a second) until `accept` takes its value; returns the last value seen.
  @discardableResult
  func await(_ query: String, timeout: Double = 20, _ accept: (Double) -> Bool) -> Double? {
    let deadline = Date().addingTimeInterval(timeout)
    var last: Double?
    while Date() < deadline {
      last = value(query)
      if let last, accept(last) { return last }
      usleep(250_000)
    }
    return last
  }
}
