import Foundation
import TCPStateKernel
import TCPStateWire
import XCTest

/// The per-task owner cache on a /proc of the test's own making: a reused
/// pid or a rename must never keep showing the old process.
final class ProcessIdentityTests: XCTestCase {
  var root: URL!
  var clock: UInt64 = 1_000_000_000

  override func setUpWithError() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("tcpstate-ids-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  override func tearDown() { try? FileManager.default.removeItem(at: root) }

  /// Writes /proc/TID/stat and status for a task called `name` started at `start` (clock ticks).
  func task(_ tid: Int32, _ name: String, start: UInt64, state: Character = "S") throws {
    let folder = root.appendingPathComponent("\(tid)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // Fields 3..22: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt,
    // utime, stime, cutime, cstime, priority, nice, threads, itrealvalue, starttime.
    let fields = ["\(state)", "1", "1", "1", "0", "-1", "0"] + Array(repeating: "0", count: 12) + ["\(start)"]
    try "\(tid) (\(name)) \(fields.joined(separator: " ")) 0 0\n".write(
      to: folder.appendingPathComponent("stat"), atomically: true, encoding: .utf8)
    try "Name:\t\(name)\nTgid:\t\(tid)\nPPid:\t1\n".write(
      to: folder.appendingPathComponent("status"), atomically: true, encoding: .utf8)
  }

  func identity() -> ProcessIdentity {
    ProcessIdentity(procRoot: root.path, recheckNs: 200_000_000, now: { [unowned self] in clock })
  }

  func testReusedPidShowsTheNewProcess() throws {
    var identities = identity()
    try task(9160, "alpha", start: 100)
    XCTAssertEqual(identities.owner(ofTask: 9160)?.command, "alpha")
    try FileManager.default.removeItem(at: root.appendingPathComponent("9160"))
    try task(9160, "beta", start: 5000)
    clock += 300_000_000
    XCTAssertEqual(identities.owner(ofTask: 9160)?.command, "beta", "the pid now belongs to another process")
  }

  func testRenamedProcessShowsItsNewName() throws {
    var identities = identity()
    try task(42, "worker", start: 7)
    XCTAssertEqual(identities.owner(ofTask: 42)?.command, "worker")
    try task(42, "renamed (x)", start: 7)
    clock += 300_000_000
    XCTAssertEqual(identities.owner(ofTask: 42)?.command, "renamed (x)")
    XCTAssertEqual(identities.owner(ofTask: 42)?.pid, 42)
  }

  func testTaskGoneBeforeItWasReadKeepsItsIdWithoutAName() throws {
    var identities = identity()
    let owner = identities.owner(ofTask: 31337)
    XCTAssertEqual(owner?.pid, 31337, "the task id is known from the event itself")
    XCTAssertNil(owner?.command, "no name is better than a wrong one")
  }

  func testTaskGoneBeforeItWasReadIsNamedByItsExitAfterTheEvent() {
    var identities = identity()
    let exits = TaskExitLog()
    identities.exits = exits
    // An earlier task with the same id exited before the event: not ours.
    exits.record(taskID: 31337, command: "older", atNs: 1_000)
    exits.record(taskID: 31337, command: "curl", atNs: 5_000)
    let owner = identities.owner(ofTask: 31337, eventNs: 4_000)
    XCTAssertEqual(owner?.pid, 31337)
    XCTAssertEqual(owner?.command, "curl", "the first exit at or after the event is the event's task")
    XCTAssertNil(identities.owner(ofTask: 31337, eventNs: 6_000)?.command, "no exit seen after this event yet")
    XCTAssertNil(identities.owner(ofTask: 4242, eventNs: 0)?.command, "an id with no exit stays unnamed")
  }

  func testExitDecoderReadsCommandAndTaskID() throws {
    let format = try TracepointFormat.parse(
      """
      name: sched_process_exit
      ID: 369
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
      \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
      \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
      \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

      \tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;
      \tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;
      \tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;
      \tfield:bool group_dead;\toffset:32;\tsize:1;\tsigned:0;

      print fmt: "comm=%s pid=%d prio=%d group_dead=%s", REC->comm, REC->pid, REC->prio, REC->group_dead ? "true" : "false"
      """)
    let decoder = try TaskExitDecoder(format: format)
    var bytes = [UInt8](repeating: 0, count: 36)
    bytes[0] = 0x71
    bytes[1] = 0x01
    for (offset, byte) in Array("curl".utf8).enumerated() { bytes[8 + offset] = byte }
    withUnsafeBytes(of: Int32(98765).littleEndian) { bytes.replaceSubrange(24..<28, with: $0) }
    let record = try bytes.withUnsafeBytes { try decoder.decode($0) }
    XCTAssertEqual(record, TaskExitRecord(taskID: 98765, command: "curl"))
    // A full 16-byte name without its NUL is kept whole; a short record is refused.
    for (offset, byte) in Array("abcdefghijklmnop".utf8).enumerated() { bytes[8 + offset] = byte }
    XCTAssertEqual(try bytes.withUnsafeBytes { try decoder.decode($0) }.command, "abcdefghijklmnop")
    XCTAssertThrowsError(try bytes.prefix(20).withUnsafeBytes { try decoder.decode($0) })
  }

  func testStatParsingSurvivesParenthesesAndSpacesInTheName() {
    let stat = ProcessStat.parse("77 (a) b (c)) R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 123456 0 0")
    XCTAssertEqual(stat?.command, "a) b (c)")
    XCTAssertEqual(stat?.state, "R")
    XCTAssertEqual(stat?.startTime, 123_456)
    XCTAssertNil(ProcessStat.parse("77 (short) R 1"))
  }

  func testInstanceNamesRoundTripAndRejectStrangers() {
    let name = InstanceName(pid: 123, startTime: 456, ownsMount: true)
    XCTAssertEqual(name.text, "tcpstate-123-456-m")
    XCTAssertEqual(InstanceName.parse(name.text), name)
    XCTAssertEqual(InstanceName.parse("tcpstate-99"), InstanceName(pid: 99, startTime: nil, ownsMount: false))
    for stranger in ["tcpstate-", "tcpstate-x-1", "tcpstate-1-2-3", "tcpstate-1-2-mm", "tcpstate--1", "other-1-2"] {
      XCTAssertNil(InstanceName.parse(stranger), stranger)
    }
    let owner = ProcessStat(state: "S", startTime: 456, command: "anything at all")
    XCTAssertTrue(name.ownerIsLive(owner), "a live owner under any name keeps its instance")
    XCTAssertFalse(name.ownerIsLive(ProcessStat(state: "S", startTime: 999, command: "tcpstate")), "pid reused")
    XCTAssertFalse(name.ownerIsLive(ProcessStat(state: "Z", startTime: 456, command: "tcpstate")), "zombie")
    XCTAssertFalse(name.ownerIsLive(nil), "gone")
  }
}
