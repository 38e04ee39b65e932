import TCPStateKit
import TCPStateMetrics
import TCPStateModel
import XCTest

/// Every family the collector can produce is described in the man page's
/// EXPORTER METRICS section (scripts/man/sections.mdoc, kept by `make docs`).
final class MetricDocumentationTests: XCTestCase {
  func testEveryMetricIsInTheManPage() throws {
    let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("man/tcpstate.1")
    let text = try String(contentsOf: page, encoding: .utf8)
    let section = try XCTUnwrap(text.range(of: ".Sh EXPORTER METRICS")).upperBound
    let documented = String(text[section...].prefix { _ in true })
    var counters = CounterTable()
    for counter in KernelCounterCatalog.all { counters[counter.group, counter.kernelName] = 1 }
    counters["TCP", "orphan"] = 0
    counters["TCP", "mem"] = 0
    let snapshot = ExporterSnapshot(
      census: SocketCensus(detailPorts: [80], countsCgroups: true), counters: counters,
      distributions: Cached(ConnectionDistributions(), computedAt: 0), findings: Cached([], computedAt: 0),
      transitions: TransitionHistograms(), transitionSource: .tracefs)
    let families = MetricsCollector(cgroupDepth: 2).families(snapshot)
    XCTAssertGreaterThan(families.count, 60)
    for family in families {
      let name = family.sampleName
      XCTAssertTrue(documented.contains("Sy \(name)"), "\(name) is not in the man page's EXPORTER METRICS")
      XCTAssertFalse(family.help.isEmpty, name)
    }
  }
}
