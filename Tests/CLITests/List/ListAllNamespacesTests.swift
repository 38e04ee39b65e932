import Foundation
import Glibc
import TestSupport
import XCTest

/// `list --all-netns` on namespaces the test makes (two named, one
/// anonymous), each with a listener on the same 127.0.0.1 port and one
/// connection to it: every socket once, in its own namespace, as `ss` run
/// inside each namespace sees it. Needs root.
final class ListAllNamespacesTests: XCTestCase {
  var lab: NamespaceLab!

  override func setUpWithError() throws {
    try XCTSkipUnless(geteuid() == 0, "creating network namespaces needs root")
    lab = NamespaceLab()
  }

  override func tearDown() { lab?.tearDown() }

  /// A client connected to the lab's listener from inside the namespace of `path`.
  func connect(inside path: String) throws {
    let script = """
      import socket, sys
      c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
      print("ready", flush=True); sys.stdin.read()
      """
    _ = try lab.hold(["nsenter", "--net=\(path)", "python3", "-c", script, String(lab.port)])
  }

  /// `state local peer` lines as ss prints them inside the namespace of `path`.
  func ssInside(_ path: String) throws -> Set<String> {
    let text = try Shell.output("nsenter --net=\(path) ss -tanH '( sport = :\(lab.port) or dport = :\(lab.port) )'")
    return Set(
      text.split(separator: "\n").map { line in
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        let state = ["ESTAB": "ESTABLISHED", "LISTEN": "LISTEN"][String(fields[0])] ?? String(fields[0])
        // ss writes a listener's unset peer port as `*`; JSON has 0.
        return "\(state) \(fields[3]) \(fields[4].replacingOccurrences(of: ":*", with: ":0"))"
      })
  }

  func testEveryNamespaceListedWithItsOwnSockets() throws {
    let a = try lab.named("a")
    let b = try lab.named("b")
    let anonymous = try lab.anonymous()
    let paths = ["/run/netns/\(a)", "/run/netns/\(b)", "/proc/\(anonymous)/ns/net"]
    for path in paths { try connect(inside: path) }
    let inodes = try paths.map { try XCTUnwrap(NamespaceLab.inode($0)) }

    let json = try CLI.run(["list", "--all-netns", "--json", "--port", String(lab.port)])
    XCTAssertEqual(json.status, 0, json.stderr)
    let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    for (index, path) in paths.enumerated() {
      let inside = rows.filter { ($0["netns"] as? UInt64) == inodes[index] }
      let listed = Set(
        inside.map { row in
          "\(row["state"]!) \(row["local_address"]!):\(row["local_port"]!) \(row["peer_address"]!):\(row["peer_port"]!)"
        })
      XCTAssertEqual(listed.count, 3, "a listener and both ends of one connection in \(path)")
      XCTAssertEqual(listed, try ssInside(path), "row for row as ss inside \(path)")
    }
    XCTAssertEqual(rows.count, 9, "no socket twice, none in a namespace the test did not make")
    XCTAssertEqual(Set(rows.compactMap { $0["netns_name"] as? String }), [a, b])
    XCTAssertTrue(rows.filter { ($0["netns"] as? UInt64) == inodes[2] }.allSatisfy { $0["netns_name"] == nil })

    let table = try CLI.run(["list", "--all-netns", "-l", "--port", String(lab.port)])
    XCTAssertEqual(table.status, 0, table.stderr)
    let lines = table.stdout.split(separator: "\n")
    XCTAssertTrue(lines.first?.hasPrefix("Netns") ?? false, table.stdout)
    XCTAssertEqual(lines.count, 4, table.stdout)
    for label in [a, b, String(inodes[2])] {
      XCTAssertEqual(lines.filter { $0.hasPrefix(label + " ") }.count, 1, "\(label):\n\(table.stdout)")
    }
  }

  /// A namespace whose process sits in a kubepods-shaped cgroup, with the
  /// kubelet's log directory for its pod: named `namespace/pod` in the table,
  /// and `pod` in JSON.
  func testANamespaceIsNamedAfterItsPod() throws {
    let mountinfo = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
    let line = mountinfo.split(separator: "\n").first { $0.contains(" - cgroup2 ") }
    let mountPoint = String(try XCTUnwrap(line, "no cgroup v2 mount").split(separator: " ")[4])
    let uid = UUID().uuidString.lowercased()
    let slices = [
      "/kubepods.slice", "/kubepods.slice/kubepods-burstable.slice",
      "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod\(uid.replacingOccurrences(of: "-", with: "_")).slice",
    ]
    var made: [String] = []
    let logs = "/var/log/pods/tcpstate-test_web-0_\(uid)"
    let madeLogRoot = !FileManager.default.fileExists(atPath: "/var/log/pods")
    defer {
      lab.tearDown()
      for path in made.reversed() { rmdir(path) }
      try? FileManager.default.removeItem(atPath: logs)
      if madeLogRoot { try? FileManager.default.removeItem(atPath: "/var/log/pods") }
    }
    for slice in slices where mkdir(mountPoint + slice, 0o755) == 0 { made.append(mountPoint + slice) }
    try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
    let pid = try lab.anonymous()
    try "\(pid)\n".write(toFile: mountPoint + slices[2] + "/cgroup.procs", atomically: false, encoding: .utf8)
    let inode = try XCTUnwrap(NamespaceLab.inode("/proc/\(pid)/ns/net"))

    let table = try CLI.run(["list", "--all-netns", "-l", "--port", String(lab.port)])
    XCTAssertEqual(table.status, 0, table.stderr)
    XCTAssertTrue(table.stdout.split(separator: "\n").contains { $0.hasPrefix("tcpstate-test/web-0 ") }, table.stdout)
    let json = try CLI.run(["list", "--all-netns", "-l", "--json", "--port", String(lab.port)])
    let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    let row = try XCTUnwrap(rows.first { ($0["netns"] as? UInt64) == inode }, json.stdout)
    let pod = try XCTUnwrap(row["pod"] as? [String: String], json.stdout)
    XCTAssertEqual(pod, ["namespace": "tcpstate-test", "name": "web-0", "uid": uid])
    XCTAssertNil(row["container"], "a pod names no single container")
  }

  /// `list -s --all-netns`: a row per namespace that has sockets, busiest first.
  func testSummaryHasARowPerNamespace() throws {
    let a = try lab.named("sa")
    let b = try lab.named("sb")
    try connect(inside: "/run/netns/\(b)")
    let json = try CLI.run(["list", "-s", "--all-netns", "--json", "--port", String(lab.port)])
    XCTAssertEqual(json.status, 0, json.stderr)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let rows = try XCTUnwrap(object["namespaces"] as? [[String: Any]])
    XCTAssertEqual(rows.map { $0["netns_name"] as? String }, [b, a], "busiest first, only those with sockets")
    XCTAssertEqual(rows.map { $0["total"] as? Int }, [3, 1])
    XCTAssertEqual((rows[0]["states"] as? [String: Int]) ?? [:], ["LISTEN": 1, "ESTABLISHED": 2])
    let table = try CLI.run(["list", "-s", "--all-netns", "--port", String(lab.port)])
    let lines = table.stdout.split(separator: "\n")
    XCTAssertTrue(lines.first?.hasPrefix("Netns") ?? false, table.stdout)
    XCTAssertTrue(lines.last?.hasPrefix("TOTAL") ?? false, table.stdout)
    XCTAssertTrue(lines.contains { $0.hasPrefix(b + " ") }, table.stdout)
  }

  /// Without CAP_SYS_ADMIN: its own namespace is listed, the others are
  /// counted with the capability they need, and the run still succeeds.
  func testWithoutPrivilegeOwnNamespaceAndTheRestCounted() throws {
    let a = try lab.named("p")
    let result = try CLI.run(
      [], shell: "setpriv --reuid=65534 --regid=65534 --clear-groups \"$TCPSTATE\" list --all-netns -l --json")
    XCTAssertEqual(result.status, 0, result.stderr)
    let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    let own = try XCTUnwrap(NamespaceLab.inode("/proc/self/ns/net"))
    XCTAssertTrue(rows.allSatisfy { ($0["netns"] as? UInt64) == own }, "only its own namespace")
    XCTAssertFalse(result.stdout.contains(a))
    XCTAssertTrue(result.stderr.contains("not listed: entering another namespace needs CAP_SYS_ADMIN"), result.stderr)
  }

  /// Without --all-netns nothing changes: no Netns column, no netns key.
  func testOneNamespaceListingIsUnchanged() throws {
    _ = try lab.named("c")
    let table = try CLI.run(["list", "-l"])
    XCTAssertTrue(table.stdout.hasPrefix("State"), table.stdout)
    let json = try CLI.run(["list", "-l", "--json"])
    XCTAssertFalse(json.stdout.contains("\"netns\""))
    let both = try CLI.run(["list", "--all-netns", "--netns", "x"])
    XCTAssertEqual(both.status, 64)
    XCTAssertTrue(both.stderr.contains("choose one"), both.stderr)
  }
}
