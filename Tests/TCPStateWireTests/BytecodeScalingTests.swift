import TCPStateModel
import XCTest

@testable import TCPStateWire

/// `InetDiagBytecode.compile` stays linear in the number of `--port`
/// options (4,000 ports took 1.8 s when each OR copied the whole program)
/// and keeps producing exactly the bytecode it produced before.
final class BytecodeScalingTests: XCTestCase {
  /// `--port P` n times: one clause of 2n alternatives (either side).
  static func ports(_ count: Int, clauses extra: [[SocketFilter.Condition]] = []) -> SocketFilter {
    var clause: [SocketFilter.Condition] = []
    for index in 0..<count {
      let port = UInt16(1000 + index)
      clause += [.port(.source, port...port), .port(.destination, port...port)]
    }
    return SocketFilter(clauses: [clause] + extra)
  }

  /// Five clauses of four port ranges each, sides alternating.
  static func nested() -> SocketFilter {
    var clauses: [[SocketFilter.Condition]] = []
    for c in 0..<5 {
      var clause: [SocketFilter.Condition] = []
      for a in 0..<4 {
        let low = UInt16(c * 10 + a)
        clause.append(.port(c % 2 == 0 ? .source : .destination, low...(low + 3)))
      }
      clauses.append(clause)
    }
    return SocketFilter(clauses: clauses)
  }

  static let v4 = IPAddress("10.0.0.0")!
  static let v6 = IPAddress("::1")!

  /// FNV-1a over the bytes, with the length: a compact fingerprint of a program.
  static func fingerprint(_ bytes: [UInt8]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return "\(bytes.count):\(String(hash, radix: 16))"
  }

  /// Fingerprints recorded from the quadratic implementation before it was
  /// made linear: the layout must not change for any input.
  func testBytecodeIsUnchangedForRecordedFilters() {
    let sportAndDport = SocketFilter(clauses: [
      [.port(.source, 8000...8100)], [.port(.destination, 443...443)],
    ])
    let addresses: [[SocketFilter.Condition]] = [
      [.address(.source, Self.v4, prefix: 8), .address(.source, Self.v6, prefix: 128)],
      [.address(.destination, Self.v4, prefix: 24)],
      [.port(.destination, 1...1024), .port(.destination, 8080...8080)],
    ]
    let filters: [(String, SocketFilter)] = [
      ("one port", Self.ports(1)),
      ("fifty ports", Self.ports(50)),
      ("1500 ports, the most that fit", Self.ports(1500)),
      ("1501 ports, too big for the kernel", Self.ports(1501)),
      ("sport range and dport", sportAndDport),
      ("ports, src and dst", Self.ports(7, clauses: addresses)),
      (
        "nested alternatives in every clause",
        Self.nested()
      ),
    ]
    var fingerprints: [String] = []
    for (name, filter) in filters {
      fingerprints.append(name + " " + Self.fingerprint(InetDiagBytecode.compile(filter)))
    }
    XCTAssertEqual(fingerprints, Self.recorded)
  }

  static let recorded: [String] = [
    "one port 36:a26a8e18fef1cb90", "fifty ports 1996:b4a8eddffff82294",
    "1500 ports, the most that fit 59996:327b24aeae08e65c",
    "1501 ports, too big for the kernel 0:cbf29ce484222325",
    "sport range and dport 32:4dd200f6976d12c9", "ports, src and dst 376:7a7ebd360dafeed8",
    "nested alternatives in every clause 380:18f3dd1d2c10c208",
  ]

  /// The work compile does (ops written, copied or retargeted, counted by
  /// the compiler itself) grows in proportion to the ports: doubling them at
  /// most doubles it, and it stays within a few writes per op. Quadratic
  /// copying fails both without any clock.
  func testCompileWorkIsLinearInThePorts() {
    var previous = 0
    for count in [250, 500, 1000, 4000] {
      var work = 0
      let bytes = InetDiagBytecode.compile(Self.ports(count), work: &work)
      // Three ops per alternative (>=, <=, the jump), two alternatives per port.
      let ops = count * 2 * 3
      XCTAssertLessThanOrEqual(work, 3 * ops, "\(count) ports: \(work) op writes for \(ops) ops")
      if previous > 0 {
        XCTAssertLessThanOrEqual(
          Double(work) / Double(previous), 4.4 / (count == 4000 ? 1 : 2),
          "\(count) ports: work grew from \(previous) to \(work)")
      }
      previous = work
      XCTAssertEqual(bytes.isEmpty, count > 1500)
    }
  }
}
