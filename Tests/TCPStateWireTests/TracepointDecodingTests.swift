import Foundation
import TCPStateModel
import TCPStateWire
import XCTest

/// The watch path's decoders on bytes recorded from Linux 6.18: the
/// tracepoint's format file and one page of a tracefs instance's
/// trace_pipe_raw holding a whole loopback connection (port 18711).
final class TracepointDecodingTests: XCTestCase {
  func fixture(_ name: String) throws -> Data {
    try Data(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    )
  }

  func format() throws -> TracepointFormat {
    try TracepointFormat.parse(String(decoding: try fixture("inet_sock_set_state.format"), as: UTF8.self))
  }

  func testFormatFileGivesTheOffsets() throws {
    let format = try format()
    XCTAssertEqual(format.name, "inet_sock_set_state")
    XCTAssertEqual(format.id, 2287)
    XCTAssertEqual(format.fields["skaddr"]?.offset, 8)
    XCTAssertEqual(format.fields["newstate"]?.offset, 20)
    XCTAssertEqual(format.fields["saddr_v6"]?.size, 16, "array suffix stripped from the name")
    XCTAssertEqual(format.fields["common_pid"]?.signed, true)
  }

  func testFormatMissingAFieldIsRefusedByName() throws {
    var format = try format()
    format.fields["dport"] = nil
    XCTAssertThrowsError(try StateChangeDecoder(format: format)) { error in
      XCTAssertTrue("\(error)".contains("dport"))
    }
    XCTAssertThrowsError(try TracepointFormat.parse("name: x\nformat:\n\tfield:int broken;\toffset:zz;\n"))
  }

  func testRecordedPageHoldsTheWholeConnectionInOrder() throws {
    let page = try fixture("trace-page.bin")
    let decoder = try StateChangeDecoder(format: try format())
    let records = try page.withUnsafeBytes { bytes -> [(UInt64, StateChangeRecord)] in
      let decoded = try RingBufferPage.decode(bytes)
      XCTAssertFalse(decoded.missedEvents)
      return try decoded.events.map { ($0.timestamp, try decoder.decode($0.data)) }
    }
    XCTAssertEqual(records.count, 12)
    XCTAssertEqual(records.map(\.0), records.map(\.0).sorted(), "time stamps never go back within a page")
    XCTAssertTrue(records.allSatisfy { $0.1.protocolNumber == 6 && $0.1.family == .inet })
    let mine = records.map(\.1).filter { $0.local.port == 18711 || $0.peer.port == 18711 }
    XCTAssertEqual(mine.count, 12)
    XCTAssertEqual(mine.first.map { "\($0.oldState.name)>\($0.newState.name)" }, "CLOSE>LISTEN")
    XCTAssertEqual(mine.first?.local.description, "127.0.0.1:18711")
    let client = mine.filter { $0.peer.port == 18711 }.map { "\($0.oldState.name)>\($0.newState.name)" }
    XCTAssertEqual(
      client,
      ["CLOSE>SYN_SENT", "SYN_SENT>ESTABLISHED", "ESTABLISHED>FIN_WAIT1", "FIN_WAIT1>FIN_WAIT2", "FIN_WAIT2>CLOSE"])
    let softirq = mine.filter { $0.oldState == .finWait1 }
    XCTAssertEqual(softirq.first?.inInterrupt, true, "the peer's ACK was handled in softirq: its pid is not the owner")
    XCTAssertEqual(mine.first?.inInterrupt, false, "listen() is a system call")
  }

  func testEveryTruncationOfThePageIsSafe() throws {
    let page = [UInt8](try fixture("trace-page.bin"))
    for cut in stride(from: 0, to: 1000, by: 1) {
      let prefix = Array(page[..<cut])
      _ = try? prefix.withUnsafeBytes { try RingBufferPage.decode($0) }
    }
    // The commit field says 912 bytes: a shorter read is an error, not a guess.
    XCTAssertThrowsError(try Array(page[..<500]).withUnsafeBytes { try RingBufferPage.decode($0) })
  }

  func testTimeExtendPaddingAndLongEvents() throws {
    func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
    func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
    var data: [UInt8] = []
    data += u32(30 | 5 << 5) + u32(1)  // TIME_EXTEND: delta 5 + (1 << 27)
    data += u32(2 | 3 << 5) + [1, 2, 3, 4, 5, 6, 7, 8]  // 8-byte event, delta 3
    data += u32(0 | 1 << 5) + u32(12) + [9, 9, 9, 9, 9, 9, 9, 9]  // type_len 0: length word, then 8 bytes
    data += u32(29 | 0 << 5) + u32(8) + [0, 0, 0, 0]  // a discarded event: 4 + 8 bytes
    var page = u64(1000) + u64(UInt64(data.count)) + data
    page += [UInt8](repeating: 0, count: 64)
    let decoded = try page.withUnsafeBytes { try RingBufferPage.decode($0) }
    XCTAssertEqual(decoded.events.count, 2)
    XCTAssertEqual(decoded.events.first?.timestamp, 1000 + 5 + (1 << 27) + 3)
    XCTAssertEqual(decoded.events.first.map { Array($0.data) }, [1, 2, 3, 4, 5, 6, 7, 8])
    XCTAssertEqual(decoded.events.last.map { Array($0.data) }, [9, 9, 9, 9, 9, 9, 9, 9])
    XCTAssertEqual(decoded.events.last?.timestamp, 1000 + 5 + (1 << 27) + 3 + 1)

    var overrun = u64(0) + u64(8) + u32(0) + u32(400)  // claims 400 bytes in an 8-byte page
    overrun += [0, 0, 0, 0]
    XCTAssertThrowsError(try overrun.withUnsafeBytes { try RingBufferPage.decode($0) })
    let missed = u64(0) + u64(1 << 31) + [UInt8](repeating: 0, count: 16)
    XCTAssertEqual(try missed.withUnsafeBytes { try RingBufferPage.decode($0) }.missedEvents, true)
  }

  func testPerfRecords() throws {
    func u16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
    func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
    func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
    let raw: [UInt8] = [1, 2, 3, 4]
    let body = u32(42) + u32(43) + u64(777) + u32(1) + u32(0) + u32(4) + raw
    let sample = u32(9) + u16(0) + u16(UInt16(8 + body.count)) + body
    XCTAssertEqual(
      try sample.withUnsafeBytes { try PerfRecord.decode($0) }, .sample(pid: 42, tid: 43, time: 777, cpu: 1, raw: raw))
    let lost = u32(2) + u16(0) + u16(24) + u64(0) + u64(17)
    XCTAssertEqual(try lost.withUnsafeBytes { try PerfRecord.decode($0) }, .lost(count: 17))
    var lying = sample
    lying[8 + 24] = 200  // raw size larger than the record
    XCTAssertThrowsError(try lying.withUnsafeBytes { try PerfRecord.decode($0) })
    XCTAssertThrowsError(try Array(sample[..<6]).withUnsafeBytes { try PerfRecord.decode($0) })
  }
}
