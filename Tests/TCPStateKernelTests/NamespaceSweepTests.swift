import Foundation
import TCPStateModel
import TestSupport
import XCTest

@testable import TCPStateKernel

/// Discovery and one dump per namespace on real namespaces: named and
/// anonymous ones, one reachable only through a thread, each holding a
/// listener on the same 127.0.0.1 port.
final class NamespaceSweepTests: XCTestCase {
  var lab: NamespaceLab!

  override func setUpWithError() throws {
    try XCTSkipUnless(getuid() == 0, "creating namespaces needs root")
    lab = NamespaceLab()
  }

  override func tearDown() { lab?.tearDown() }

  func listeners(_ namespaces: [NamespaceRecord], port: UInt16) -> (
    [UInt64: Int], [NamespaceSweep.Skipped]
  ) {
    var counts: [UInt64: Int] = [:]
    let skipped = NamespaceSweep(namespaces).dump(filter: SocketFilter(states: StateSet(.listen))) {
      namespace, socket in
      if socket.local.port == port { counts[namespace.inode, default: 0] += 1 }
      return true
    }
    return (counts, skipped)
  }

  func testEveryNamespaceIsFoundAndDumpedWithItsOwnSockets() throws {
    let a = try lab.named("a")
    let b = try lab.named("b")
    let anonymous = try lab.anonymous()
    let anonymousInode = try XCTUnwrap(NamespaceLab.inode("/proc/\(anonymous)/ns/net"))
    // A namespace whose only way in is a thread of a process that lives elsewhere.
    let hidden = try lab.anonymous(listening: false)
    let hiddenInode = try XCTUnwrap(NamespaceLab.inode("/proc/\(hidden)/ns/net"))
    let carrier = try lab.threadInside("/proc/\(hidden)/ns/net")
    lab.stop(lab.holders.first { $0.processIdentifier == hidden }!)

    let found = NamespaceDiscovery.scan().namespaces
    let own = try XCTUnwrap(found.first)
    XCTAssertTrue(own.isOwn, "tcpstate's own namespace comes first")
    XCTAssertEqual(own.inode, NamespaceLab.inode("/proc/self/ns/net"))
    let byInode = Dictionary(found.map { ($0.inode, $0) }, uniquingKeysWith: { first, _ in first })
    XCTAssertEqual(found.count, byInode.count, "each namespace once")
    for name in [a, b] {
      let inode = try XCTUnwrap(NamespaceLab.inode("/run/netns/\(name)"))
      XCTAssertEqual(byInode[inode]?.names, [name])
      XCTAssertEqual(byInode[inode]?.path, "/run/netns/\(name)", "entered by its bind mount")
    }
    XCTAssertEqual(byInode[anonymousInode]?.pids.contains(anonymous), true)
    let threadOnly = try XCTUnwrap(byInode[hiddenInode], "found through the thread")
    XCTAssertTrue(threadOnly.path.hasPrefix("/proc/\(carrier)/task/"), threadOnly.path)
    XCTAssertNotEqual(threadOnly.path, "/proc/\(carrier)/task/\(carrier)/ns/net", "the thread, not the process")

    let (counts, skipped) = listeners(found, port: lab.port)
    XCTAssertTrue(skipped.isEmpty, "\(skipped)")
    let expected = [a, b].compactMap { NamespaceLab.inode("/run/netns/\($0)") } + [anonymousInode, hiddenInode]
    XCTAssertEqual(
      counts, Dictionary(uniqueKeysWithValues: expected.map { ($0, 1) }), "one listener in each, none elsewhere")
  }

  /// Discovered, then removed before its dump: skipped and said; the rest dumped.
  func testANamespaceThatVanishesIsSkippedAndSaid() throws {
    let gone = try lab.named("gone")
    let kept = try lab.named("kept")
    let goneInode = try XCTUnwrap(NamespaceLab.inode("/run/netns/\(gone)"))
    let found = NamespaceDiscovery.scan().namespaces.filter { $0.names == [gone] || $0.names == [kept] }
    XCTAssertEqual(found.count, 2)
    // Its process and its name go: nothing holds the namespace any more.
    for holder in lab.holders where holder.isRunning {
      if (try? String(contentsOfFile: "/proc/\(holder.processIdentifier)/cmdline", encoding: .utf8))?.contains(gone)
        ?? false
      {
        lab.stop(holder)
      }
    }
    lab.stop(lab.holders[0])
    lab.remove(gone)
    let (counts, skipped) = listeners(found, port: lab.port)
    XCTAssertEqual(skipped.map(\.namespace.inode), [goneInode])
    XCTAssertEqual(skipped.first?.reason, .vanished(inode: goneInode))
    XCTAssertEqual(counts[try XCTUnwrap(NamespaceLab.inode("/run/netns/\(kept)"))], 1)
  }

  /// The threaded sweep delivers exactly what the one-thread sweep does,
  /// namespace by namespace in the order given.
  func testWorkersDeliverTheSameSocketsInNamespaceOrder() throws {
    for suffix in ["p", "q", "r"] { _ = try lab.named(suffix) }
    _ = try lab.anonymous()
    let found = NamespaceDiscovery.scan().namespaces
    func sweep(workers: Int) -> [(UInt64, UInt64)] {
      var seen: [(UInt64, UInt64)] = []
      let skipped = NamespaceSweep(found).dump(filter: SocketFilter(states: StateSet(.listen)), workers: workers) {
        namespace, socket in
        seen.append((namespace.inode, socket.cookie))
        return true
      }
      XCTAssertTrue(skipped.isEmpty, "\(skipped)")
      return seen
    }
    let one = sweep(workers: 1)
    let three = sweep(workers: 3)
    XCTAssertEqual(Set(one.map { "\($0.0):\($0.1)" }), Set(three.map { "\($0.0):\($0.1)" }))
    let order = found.map(\.inode)
    for seen in [one, three] {
      let positions = seen.map { entry in order.firstIndex(of: entry.0)! }
      XCTAssertEqual(positions, positions.sorted(), "namespace by namespace, in the order given")
    }
    XCTAssertGreaterThanOrEqual(Set(three.map(\.0)).count, 4, "the lab's four")
  }

  func testCensusFromReadingsAndLinkText() {
    var census = NamespaceCensus(ownInode: 1)
    census.add(task: 10, of: 10, inode: 1)
    census.add(task: 11, of: 10, inode: 7)
    census.add(task: 20, of: 20, inode: 7)
    census.add(name: "zeta", path: "/run/netns/zeta", inode: 9)
    census.add(name: "alpha", path: "/run/netns/alpha", inode: 7)
    census.add(name: "beta", path: "/run/docker/netns/beta", inode: 7)
    for pid in 100..<120 { census.add(task: Int32(pid), of: Int32(pid), inode: 3) }
    let found = census.namespaces
    XCTAssertEqual(found.map(\.inode), [1, 7, 9, 3])
    XCTAssertEqual(found[1].names, ["alpha", "beta"])
    XCTAssertEqual(found[1].path, "/run/netns/alpha", "the first name's mount")
    XCTAssertEqual(found[1].pids, [10, 20])
    XCTAssertEqual(found[3].pids.count, NamespaceCensus.pidsKept)
    XCTAssertEqual(found[3].path, "/proc/100/task/100/ns/net")
    XCTAssertEqual(found[3].label, "3")
    XCTAssertEqual(NamespaceCensus.inode(fromLink: "net:[4026531840]"), 4_026_531_840)
    XCTAssertNil(NamespaceCensus.inode(fromLink: "mnt:[4026531840]"))
    XCTAssertNil(NamespaceCensus.inode(fromLink: "net:[x]"))
  }
}
