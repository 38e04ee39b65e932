import Foundation
import Glibc
import TCPStateExplain
import TCPStateKernel
import TCPStateKit
import TCPStateKnowledge
import XCTest

final class TunableReaderTests: XCTestCase {
  var root: URL!

  override func setUpWithError() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tcpstate-proc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: root)
  }

  func write(_ tunable: Tunable, _ content: String) throws {
    let file = root.appendingPathComponent(tunable.procPath)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(content.utf8).write(to: file)
  }

  func testFakeTreeValuesAreReadBackExactly() throws {
    var expected: [String: String] = [:]
    for (index, tunable) in TunableCatalog.all.enumerated() {
      let value: String
      switch tunable.unit {
      case .bytes: value = "4096\t\(87380 + index)\t6291456"
      case .ports: value = "1024\t\(65000 + index)"
      case .algorithm: value = "reno"
      default: value = String(1000 + index)
      }
      try write(tunable, value + "\n")
      expected[tunable.name] = value
    }
    let readings = TunableReader(procRoot: root.path).readAll()
    for tunable in TunableCatalog.all {
      XCTAssertEqual(readings[tunable.name], .value(expected[tunable.name] ?? ""), tunable.name)
    }
    // The live section shows exactly those values.
    let live = LiveHost(readings: readings, counts: nil)
    let rows = live.rows(for: ["tcp_fin_timeout", "ip_local_port_range"])
    XCTAssertEqual(
      rows.map { $0.reading.value }, [expected["tcp_fin_timeout"], expected["ip_local_port_range"]])
    XCTAssertEqual(rows[0].differsFromDefault, true)
  }

  func testMissingAndUnreadableFilesAreReportedNotThrown() throws {
    let finTimeout = try XCTUnwrap(TunableCatalog.tunable(named: "tcp_fin_timeout"))
    XCTAssertEqual(TunableReader(procRoot: root.path).read(finTimeout), .missing)
    // A directory where the file should be.
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(finTimeout.procPath), withIntermediateDirectories: true)
    if case .unreadable = TunableReader(procRoot: root.path).read(finTimeout) {
    } else {
      XCTFail("a directory must read as unreadable")
    }
    XCTAssertEqual(
      TunableReader(procRoot: root.path + "/does-not-exist").read(finTimeout), .missing)
  }

  /// A FIFO (which would block a plain open forever) and a device are
  /// skipped with the reason; an oversized file is refused, not read whole.
  func testFIFOsDevicesAndHugeFilesAreSkippedWithoutBlocking() throws {
    let finTimeout = try XCTUnwrap(TunableCatalog.tunable(named: "tcp_fin_timeout"))
    let reader = TunableReader(procRoot: root.path)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(finTimeout.procPath).deletingLastPathComponent(),
      withIntermediateDirectories: true)
    XCTAssertEqual(mkfifo(reader.path(of: finTimeout), 0o644), 0)
    XCTAssertEqual(reader.read(finTimeout), .unreadable("not a regular file (a FIFO), skipped"))
    unlink(reader.path(of: finTimeout))
    XCTAssertEqual(symlink("/dev/zero", reader.path(of: finTimeout)), 0)
    XCTAssertEqual(
      reader.read(finTimeout), .unreadable("not a regular file (a character device), skipped"))
    unlink(reader.path(of: finTimeout))
    try write(finTimeout, String(repeating: "1", count: (1 << 20) + 1))
    XCTAssertEqual(reader.read(finTimeout), .unreadable("larger than 1024 KiB, skipped"))
    try write(finTimeout, String(repeating: "1", count: 1 << 20))
    XCTAssertEqual(reader.read(finTimeout).value?.count, 1 << 20)
  }

  func testTrailingSlashInRootIsAccepted() throws {
    let tunable = try XCTUnwrap(TunableCatalog.tunable(named: "tcp_syn_retries"))
    try write(tunable, "3\n")
    XCTAssertEqual(TunableReader(procRoot: root.path + "/").read(tunable), .value("3"))
  }

  /// The reader agrees with `cat /proc/sys/...` on this machine.
  func testRealProcMatchesCat() throws {
    guard FileManager.default.fileExists(atPath: "/proc/sys/net/ipv4") else {
      throw XCTSkip("no /proc/sys/net/ipv4")
    }
    let reader = TunableReader()
    var compared = 0
    for tunable in TunableCatalog.all {
      let path = "/proc/" + tunable.procPath
      guard FileManager.default.fileExists(atPath: path) else {
        XCTAssertEqual(reader.read(tunable), .missing, tunable.name)
        continue
      }
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/cat")
      process.arguments = [path]
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      var text = String(decoding: data, as: UTF8.self)
      while text.hasSuffix("\n") { text.removeLast() }
      XCTAssertEqual(reader.read(tunable), .value(text), tunable.name)
      compared += 1
    }
    XCTAssertGreaterThanOrEqual(compared, 20)
  }
}
