import TCPStateKernel
import TCPStateKit
import TCPStateMetrics
import XCTest

/// The settings `tcpstate exporter` passes across the exec to
/// `tcpstate-exporter`: what one side writes, the other reads back.
final class ExporterSettingsTests: XCTestCase {
  func makeSettings() throws -> ExporterSettings {
    ExporterSettings(
      listen: try ListenAddress.parse("[::1]:9100"), detailPorts: [443, 80], maxListeners: 50, doctorInterval: 2.5,
      maxConnections: 64, maxScrapes: 8, netns: "/run/netns/blue", version: "1.2.3", cgroupDepth: 2,
      maxCgroups: 20)
  }

  func testEverySettingRoundTrips() throws {
    let settings = try makeSettings()
    XCTAssertEqual(
      settings.arguments,
      [
        "--listen", "[::1]:9100", "--port", "80,443", "--max-listeners", "50", "--doctor-interval", "2.5",
        "--max-connections", "64", "--max-scrapes", "8", "--version", "1.2.3", "--by-cgroup", "2", "--max-cgroups",
        "20", "--netns", "/run/netns/blue",
      ])
    XCTAssertEqual(try ExporterSettings(arguments: settings.arguments), settings)
  }

  func testTheDefaultsRoundTrip() throws {
    let settings = ExporterSettings(
      listen: .default, detailPorts: [], maxListeners: 1000, doctorInterval: 30, maxConnections: 128, maxScrapes: 32,
      netns: nil, version: "0.1")
    XCTAssertFalse(settings.arguments.contains("--netns"))
    XCTAssertFalse(settings.arguments.contains("--by-cgroup"), "cgroups off: neither key is written")
    let decoded = try ExporterSettings(arguments: settings.arguments)
    XCTAssertEqual(decoded, settings)
    XCTAssertEqual(decoded.maxCgroups, MetricsCollector.defaultMaxCgroups)
    XCTAssertNil(decoded.cgroupDepth)
  }

  func testWhatTheEncoderWouldNotWriteIsNamed() throws {
    let good = try makeSettings().arguments
    func error(_ arguments: [String]) -> ExporterSettings.DecodeError? {
      do {
        _ = try ExporterSettings(arguments: arguments)
        return nil
      } catch {
        return error
      }
    }
    XCTAssertEqual(error(good + ["--colour", "red"]), .unknown("--colour"))
    XCTAssertEqual(error(["--listen"]), .missingValue(.listen))
    XCTAssertEqual(error(good + ["--max-scrapes", "9"]), .repeated(.maxScrapes))
    XCTAssertEqual(error(Array(good.dropFirst(2))), .missing(.listen))
    var badPort = good
    badPort[3] = "80,http"
    XCTAssertEqual(error(badPort), .invalid(.ports, "80,http"))
    var badListen = good
    badListen[1] = "localhost:9100"
    XCTAssertEqual(error(badListen), .invalid(.listen, "localhost:9100"))
    var badInterval = good
    badInterval[7] = "soon"
    XCTAssertEqual(error(badInterval), .invalid(.doctorInterval, "soon"))
  }
}
