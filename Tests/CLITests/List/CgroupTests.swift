import Foundation
import Glibc
import XCTest

/// A cgroup v2 of the test's own under the unified mount, a child process
/// moved into it before it opens its sockets, and list's column, JSON and
/// filter checked against `ss --cgroup` and ss's `cgroup` filter.
final class CgroupTests: XCTestCase {
  var mountPoint = ""
  var created: [String] = []

  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "creating a cgroup needs root")
    try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs python3")
    let mountinfo = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
    let line = mountinfo.split(separator: "\n").first { $0.contains(" - cgroup2 ") }
    try XCTSkipUnless(line != nil, "no cgroup v2 mount")
    mountPoint = String(line!.split(separator: " ")[4])
  }

  override func tearDown() {
    // Deepest first; each is empty once its holder has exited.
    for path in created.reversed() { rmdir(path) }
  }

  /// Creates `relative` under the v2 mount (removed in tearDown).
  func makeCgroup(_ relative: String) throws -> String {
    let path = mountPoint + relative
    guard mkdir(path, 0o755) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    created.append(path)
    return path
  }

  func holder(in cgroup: String, established: Int = 1) throws -> SocketHolder {
    try SocketHolder(established: established, timeWait: 1) { pid in
      try "\(pid)\n".write(toFile: cgroup + "/cgroup.procs", atomically: false, encoding: .utf8)
    }
  }

  func testListShowsAndFiltersTheCgroupLikeSS() throws {
    let name = "/tcpstate-test-\(UInt32.random(in: 0...UInt32.max))"
    let path = try makeCgroup(name)
    let inside = try holder(in: path)
    let outside = try SocketHolder(established: 1, timeWait: 0)
    defer {
      inside.stop()
      outside.stop()
    }
    var status = stat()
    XCTAssertEqual(stat(path, &status), 0)

    // ss's view: the full sockets (listener, both ends) carry the cgroup; TIME_WAIT carries none.
    let ssInside = try SS.sockets(port: inside.port, extra: "--cgroup").count
    let ssFiltered = try CLI.run([], shell: "ss -tanH state all cgroup \(name)").stdout.split(separator: "\n")
    XCTAssertEqual(ssFiltered.count, 3, "ss: LISTEN and two ESTABLISHED in \(name)")
    XCTAssertEqual(ssInside, 4)

    let column = try CLI.run(["list", "--port", "\(inside.port)", "--cgroup-column", "-H"])
    XCTAssertEqual(column.status, 0, column.stderr)
    let rows = column.stdout.split(separator: "\n")
    XCTAssertEqual(rows.filter { $0.hasSuffix(" \(name)") }.count, 3, column.stdout)
    XCTAssertEqual(rows.filter { $0.hasPrefix("TIME_WAIT") && $0.hasSuffix(" -") }.count, 1, column.stdout)

    let filtered = try CLI.run(["list", "--cgroup", name, "-H"])
    XCTAssertEqual(filtered.status, 0, filtered.stderr)
    XCTAssertEqual(filtered.stdout.split(separator: "\n").count, ssFiltered.count, filtered.stdout)
    XCTAssertFalse(filtered.stdout.contains(":\(outside.port)"), "the holder outside the cgroup is filtered out")
    for port in [inside.port] + inside.layout.established.map({ $0[0] }) {
      XCTAssertTrue(filtered.stdout.contains("127.0.0.1:\(port)"), "\(port) in \(filtered.stdout)")
    }

    let json = try CLI.run(["list", "--cgroup", name, "--json"])
    let sockets = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
    XCTAssertEqual(sockets.count, 3, json.stdout)
    for socket in sockets {
      XCTAssertEqual(socket["cgroup"] as? String, name)
      XCTAssertEqual((socket["cgroup_id"] as? NSNumber)?.uint64Value, UInt64(status.st_ino), "id = directory inode")
    }
    let extended = try CLI.run(["list", "-l", "--sport", "\(inside.port)", "-e", "-H"])
    XCTAssertTrue(extended.stdout.contains("cgroup:\(name) "), extended.stdout)
  }

  /// A path selects its subtree; a unit-like component selects by name; kill takes the same filter.
  func testSubtreeAndKillByCgroup() throws {
    let name = "/tcpstate-test-\(UInt32.random(in: 0...UInt32.max))"
    _ = try makeCgroup(name)
    let child = try makeCgroup(name + "/worker.service")
    let inside = try holder(in: child, established: 2)
    let outside = try SocketHolder(established: 1, timeWait: 0)
    defer {
      inside.stop()
      outside.stop()
    }
    let subtree = try CLI.run(["list", "--cgroup", name, "-H", "--cgroup-column"])
    XCTAssertEqual(subtree.stdout.split(separator: "\n").count, 5, "LISTEN and 2 × 2 ESTABLISHED: \(subtree.stdout)")
    XCTAssertTrue(subtree.stdout.contains(" worker.service\n"), "the unit name, short: \(subtree.stdout)")
    let byUnit = try CLI.run(["list", "--cgroup", "worker.service", "-H"])
    func endpoints(_ text: String) -> Set<String> {
      Set(text.split(separator: "\n").map { $0.split(separator: " ").dropFirst(3).prefix(2).joined(separator: " ") })
    }
    XCTAssertEqual(endpoints(byUnit.stdout), endpoints(subtree.stdout), byUnit.stdout)
    XCTAssertEqual(endpoints(byUnit.stdout).count, 5)

    let killed = try CLI.run(["kill", "--cgroup", name, "--yes"])
    XCTAssertEqual(killed.status, 0, killed.stderr)
    XCTAssertEqual(try SS.count(port: inside.port, state: "ESTAB"), 0)
    XCTAssertEqual(try SS.count(port: inside.port, state: "LISTEN"), 0)
    XCTAssertEqual(try SS.count(port: inside.port, state: "TIME-WAIT"), 1, "TIME_WAIT has no cgroup: not selected")
    XCTAssertEqual(try SS.count(port: outside.port, state: "ESTAB"), 2, "outside the cgroup: untouched")
  }

  /// The process leaves and the cgroup is removed; its sockets keep the id (ss says "unreachable").
  func testASocketWhoseCgroupWasRemovedShowsItsId() throws {
    let name = "/tcpstate-test-\(UInt32.random(in: 0...UInt32.max))"
    let path = try makeCgroup(name)
    let holder = try holder(in: path, established: 0)
    defer { holder.stop() }
    var status = stat()
    XCTAssertEqual(stat(path, &status), 0)
    try "\(holder.layout.pid)\n".write(toFile: mountPoint + "/cgroup.procs", atomically: false, encoding: .utf8)
    XCTAssertEqual(rmdir(path), 0, "empty of processes, the cgroup can go while sockets still point at it")
    created.removeAll()
    let column = try CLI.run(["list", "-l", "--sport", "\(holder.port)", "--cgroup-column", "-H"])
    XCTAssertTrue(column.stdout.hasSuffix(" id:\(status.st_ino)\n"), column.stdout)
    let json = try CLI.run(["list", "-l", "--sport", "\(holder.port)", "--cgroup-column", "--json"])
    XCTAssertTrue(json.stdout.contains("\"cgroup_id\":\(status.st_ino),\"cgroup\":null"), json.stdout)
  }

  /// exporter --by-cgroup 1: the holder's sockets in a sub-cgroup are counted
  /// under the test's top-level cgroup; its TIME_WAIT socket under "none".
  func testExporterCountsSocketsPerCgroupAtTheDepthAsked() throws {
    let name = "/tcpstate-test-\(UInt32.random(in: 0...UInt32.max))"
    _ = try makeCgroup(name)
    let inside = try holder(in: try makeCgroup(name + "/worker.service"), established: 2)
    defer { inside.stop() }
    let port = LoopbackHTTP.freePort()
    let exporter = try BackgroundCLI(["exporter", "--listen", "127.0.0.1:\(port)", "--by-cgroup", "1"])
    defer {
      kill(exporter.pid, SIGTERM)
      XCTAssertEqual(exporter.waitForExit(), 0, exporter.stderr)
    }
    var text = ""
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline && !text.contains("tcpstate_cgroup_sockets{") {
      text = LoopbackHTTP.get(port: port, path: "/metrics", timeout: 5)?.text ?? ""
      if text.isEmpty { usleep(100_000) }
    }
    func value(_ cgroup: String, _ state: String) -> Double? {
      let prefix = "tcpstate_cgroup_sockets{cgroup=\"\(cgroup)\",state=\"\(state)\"} "
      return text.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.dropFirst(prefix.count)) }
    }
    XCTAssertEqual(value(name, "listen"), 1, text)
    XCTAssertEqual(value(name, "established"), 4, "both ends of both connections")
    XCTAssertEqual(value(name, "time_wait"), 0, "a time-wait socket carries no cgroup")
    XCTAssertGreaterThanOrEqual(value("none", "time_wait") ?? 0, 1)
    XCTAssertFalse(text.contains("cgroup=\"\(name)/worker.service\""), "cut to one level")
    XCTAssertTrue(text.contains("tcpstate_exporter_cgroups_folded 0\n"))

    let refused = try CLI.run(["exporter", "--by-cgroup", "0"])
    XCTAssertEqual(refused.status, 64)
    XCTAssertTrue(refused.stderr.contains("--by-cgroup must be 1-32"), refused.stderr)
    XCTAssertEqual(try CLI.run(["exporter", "--max-cgroups", "5"]).status, 64, "--max-cgroups alone means nothing")
  }

  func testAnUnknownCgroupIsAUsageError() throws {
    let result = try CLI.run(["list", "--cgroup", "/tcpstate-no-such-cgroup"])
    XCTAssertEqual(result.status, 64)
    XCTAssertTrue(result.stderr.contains("no such cgroup"), result.stderr)
  }
}
