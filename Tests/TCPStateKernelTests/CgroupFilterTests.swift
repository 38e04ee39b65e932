import Foundation
import Glibc
import TCPStateKernel
import TCPStateKit
import TCPStateModel
import XCTest

/// INET_DIAG_BC_CGROUP_COND in the kernel selects what the user-space match
/// does, and the hierarchy walk maps the kernel's id to the test's own cgroup.
final class CgroupFilterTests: XCTestCase {
  func testTheKernelFiltersByCgroupIdAndTheHierarchyNamesIt() throws {
    try XCTSkipUnless(geteuid() == 0, "creating a cgroup needs root")
    let hierarchy = try XCTUnwrap(CgroupHierarchy.read(), "no cgroup v2 mount")
    let name = "/tcpstate-test-\(UInt32.random(in: 0...UInt32.max))"
    let path = hierarchy.mountPoint + name
    XCTAssertEqual(mkdir(path, 0o755), 0)
    defer { rmdir(path) }

    // A listener opened by a child after it was moved into the cgroup.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    child.arguments = [
      "-c",
      "import socket,sys; sys.stdin.readline(); s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); print(s.getsockname()[1], flush=True); sys.stdin.read()",
    ]
    let input = Pipe()
    let output = Pipe()
    child.standardInput = input
    child.standardOutput = output
    try child.run()
    defer {
      try? input.fileHandleForWriting.close()
      child.waitUntilExit()
    }
    try "\(child.processIdentifier)\n".write(toFile: path + "/cgroup.procs", atomically: false, encoding: .utf8)
    input.fileHandleForWriting.write(Data("go\n".utf8))
    var line = ""
    while !line.hasSuffix("\n") {
      let byte = output.fileHandleForReading.readData(ofLength: 1)
      guard !byte.isEmpty else { break }
      line += String(decoding: byte, as: UTF8.self)
    }
    let port = try XCTUnwrap(UInt16(line.trimmingCharacters(in: .whitespacesAndNewlines)))

    let walked = try XCTUnwrap(CgroupHierarchy.read())
    let ids = try CgroupSelection.ids(matching: name, in: walked.paths)
    XCTAssertEqual(ids.count, 1)
    var status = stat()
    XCTAssertEqual(stat(path, &status), 0)
    XCTAssertEqual(ids.first, UInt64(status.st_ino), "a cgroup v2 id is its directory's inode")

    let filter = SocketFilter(clauses: [CgroupSelection.clause(ids)])
    var seen: [Socket] = []
    let sent = try SockDiagDumper().dump(filter: filter) {
      seen.append($0)
      return true
    }
    XCTAssertEqual(seen.map(\.local.port), [port])
    XCTAssertEqual(seen.first?.cgroupID, ids.first)
    XCTAssertEqual(sent, 1, "the kernel sent only the socket in the cgroup")
    var inUserSpace: [UInt16] = []
    try SockDiagDumper().dump(filter: filter, useKernelFilter: false) {
      inUserSpace.append($0.local.port)
      return true
    }
    XCTAssertEqual(inUserSpace, [port])
    XCTAssertEqual(walked.name(for: ids.first!)?.path, name)
  }
}
