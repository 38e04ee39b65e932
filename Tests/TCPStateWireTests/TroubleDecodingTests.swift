import Foundation
import TCPStateModel
import TCPStateWire
import XCTest

/// The trouble tracepoints' decoders on bytes recorded from Linux 6.18 by
/// Tests/Tools/record_trouble_pages.py: their format files and the
/// trace_pipe_raw pages of CPU 0 holding a refused connect (port 18712), a
/// connect whose SYNs nftables dropped (18713) and a connection losing every
/// fifth data segment (18714), among the host's other drops.
final class TroubleDecodingTests: XCTestCase {
  func fixture(_ name: String) throws -> Data {
    try Data(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/trouble/\(name)"))
  }

  func format(_ name: String) throws -> TracepointFormat {
    try TracepointFormat.parse(String(decoding: try fixture("\(name).format"), as: UTF8.self))
  }

  /// Every recorded record of ours, decoded by the decoder its common_type names.
  func records() throws -> [(UInt64, TCPEventRecord)] {
    var decoders: [UInt16: any TCPEventDecoder] = [:]
    for kind in TCPEventRecord.Kind.allCases {
      let format = try format(String(kind.tracepoint.split(separator: "/")[1]))
      decoders[UInt16(try XCTUnwrap(format.id))] = try kind.decoder(format: format)
    }
    var found: [(UInt64, TCPEventRecord)] = []
    for index in 0..<8 {
      let page = try fixture("trouble-page-\(index).bin")
      try page.withUnsafeBytes { bytes in
        for event in try RingBufferPage.decode(bytes).events {
          let type = event.data.loadUnaligned(as: UInt16.self)
          if let decoder = decoders[type] { found.append((event.timestamp, try decoder.decode(event.data))) }
        }
      }
    }
    return found
  }

  func testReasonNamesComeFromThePrintFormat() throws {
    let drop = try format("kfree_skb")
    let reasons = PrintSymbols.parse(drop.printFormat, field: "reason")
    XCTAssertEqual(reasons.name(of: 3), "NO_SOCKET")
    XCTAssertEqual(reasons.name(of: 12), "NETFILTER_DROP")
    XCTAssertGreaterThan(reasons.names.count, 100, "6.18 names well over a hundred drop reasons")
    XCTAssertEqual(reasons.name(of: 100_000), "UNKNOWN(100000)")
    // A kernel that renumbers or adds a reason is read as it says, not as a copy of the enum would.
    var renumbered = drop
    renumbered.printFormat = drop.printFormat.replacingOccurrences(
      of: "{ 12, \"NETFILTER_DROP\" }", with: "{ 0x1000, \"NETFILTER_DROP\" }, { 999, \"BRAND_NEW\" }")
    let changed = PrintSymbols.parse(renumbered.printFormat, field: "reason")
    XCTAssertEqual(changed.name(of: 4096), "NETFILTER_DROP")
    XCTAssertEqual(changed.name(of: 999), "BRAND_NEW")
    XCTAssertEqual(changed.name(of: 12), "UNKNOWN(12)")
    let resets = PrintSymbols.parse(try format("tcp_send_reset").printFormat, field: "reason")
    XCTAssertEqual(resets.name(of: 1), "NO_SOCKET")
    XCTAssertEqual(
      PrintSymbols.parse(try format("tcp_send_reset").printFormat, field: "state").names, [:],
      "the state table's keys are macros, not numbers: nothing is guessed")
    XCTAssertEqual(PrintSymbols.parse("no table here", field: "reason").names, [:])
    XCTAssertEqual(
      PrintSymbols.parse("__print_symbolic(REC->reason, { 1, \"A\" }, { 2, \"B", field: "reason").names, [1: "A"])
  }

  func testRefusedConnectIsAResetSentWithoutSocketItsDropAndAResetReceived() throws {
    let all = try records().map(\.1)
    let sent = try XCTUnwrap(all.first { $0.kind == .sendReset && $0.local?.port == 18712 })
    XCTAssertEqual(sent.reasonName, "NO_SOCKET")
    XCTAssertEqual(sent.socketAddress, 0, "no socket sent it")
    XCTAssertNil(sent.state)
    XCTAssertEqual(sent.local?.address.description, "127.0.0.1")
    let drop = try XCTUnwrap(all.first { $0.kind == .drop && $0.packetAddress == sent.packetAddress })
    XCTAssertEqual(drop.reasonName, "NO_SOCKET", "the SYN's drop shares the reset's packet address")
    XCTAssertEqual(drop.packetProtocol, 0x0800)
    XCTAssertEqual(drop.socketAddress, 0)
    let received = try XCTUnwrap(all.first { $0.kind == .receiveReset && $0.peer?.port == 18712 })
    XCTAssertEqual(received.local?.port, sent.peer?.port, "the client's side of the same connection")
    XCTAssertNotEqual(received.cookie ?? 0, 0)
    XCTAssertNotEqual(received.socketAddress, 0)
  }

  func testDroppedSynsAndDataAreRetransmissionsWithTheirState() throws {
    let all = try records().map(\.1)
    let syns = all.filter { $0.kind == .retransmit && $0.peer?.port == 18713 }
    XCTAssertGreaterThanOrEqual(syns.count, 1)
    XCTAssertTrue(syns.allSatisfy { $0.state == .synSent && $0.error == 0 && $0.family == .inet })
    XCTAssertEqual(Set(syns.map(\.socketAddress)).count, 1, "one socket sent them")
    let netfilter = all.filter { $0.kind == .drop && $0.reasonName == "NETFILTER_DROP" }
    XCTAssertGreaterThanOrEqual(netfilter.count, syns.count + 1, "the first SYN and every retransmission")
    let data = all.filter { $0.kind == .retransmit && $0.peer?.port == 18714 }
    XCTAssertGreaterThanOrEqual(data.count, 1)
    XCTAssertTrue(data.allSatisfy { $0.state == .established })
  }

  func testEveryTruncationOfEveryRecordIsAnErrorOrADecode() throws {
    for kind in TCPEventRecord.Kind.allCases {
      let format = try format(String(kind.tracepoint.split(separator: "/")[1]))
      let decoder = try kind.decoder(format: format)
      var bytes = [UInt8](repeating: 0, count: decoder.minimumSize)
      bytes[format.fields["family"]?.offset ?? 0] = 2
      if let saddr = format.fields["saddr"], saddr.size == 28 { bytes[saddr.offset] = 2 }
      if let daddr = format.fields["daddr"], daddr.size == 28 { bytes[daddr.offset] = 2 }
      XCTAssertNoThrow(try bytes.withUnsafeBytes { try decoder.decode($0) }, "\(kind)")
      for cut in 0..<decoder.minimumSize {
        XCTAssertThrowsError(try Array(bytes[..<cut]).withUnsafeBytes { try decoder.decode($0) }, "\(kind) at \(cut)")
      }
    }
    // A page cut anywhere decodes what it holds or says it is short.
    let page = [UInt8](try fixture("trouble-page-0.bin"))
    for cut in stride(from: 0, to: page.count, by: 7) {
      _ = try? Array(page[..<cut]).withUnsafeBytes { try RingBufferPage.decode($0) }
    }
  }

  func testMalformedRecordsAndFormatsAreRefusedByName() throws {
    var retransmit = try format("tcp_retransmit_skb")
    retransmit.fields["sport"] = nil
    XCTAssertThrowsError(try RetransmitDecoder(format: retransmit)) { error in
      XCTAssertEqual("\(error)", "tracepoint tcp:tcp_retransmit_skb has no field 'sport' of the expected size")
    }
    var drop = try format("kfree_skb")
    drop.fields["location"]?.size = 4
    XCTAssertThrowsError(try DropDecoder(format: drop))
    // Optional fields of newer kernels: a 5.x kfree_skb without rx_sk and reason still decodes.
    var old = try format("kfree_skb")
    old.fields["rx_sk"] = nil
    old.fields["reason"] = nil
    let decoder = try DropDecoder(format: old)
    let record = try [UInt8](repeating: 1, count: decoder.minimumSize).withUnsafeBytes { try decoder.decode($0) }
    XCTAssertNil(record.reasonName)
    XCTAssertEqual(record.socketAddress, 0)
    // An unknown family is an error naming it, not a guess.
    let reset = try ReceiveResetDecoder(format: try format("tcp_receive_reset"))
    var bytes = [UInt8](repeating: 0, count: reset.minimumSize)
    bytes[try XCTUnwrap(try format("tcp_receive_reset").fields["family"]).offset] = 99
    XCTAssertThrowsError(try bytes.withUnsafeBytes { try reset.decode($0) }) { error in
      XCTAssertTrue("\(error)".contains("99"))
    }
  }
}
