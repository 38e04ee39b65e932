import TCPStateDoctor
import TCPStateExplain
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// The arithmetic on kernel- and user-supplied numbers, not the parsers:
/// the input is read as little-endian 64-bit integers, biased towards the
/// extremes (Int64.min/max, Int32 bounds, 0, -1) by a selector byte each, and
/// fed to the backoff schedules, every tunable's implication, the counter
/// window (before and after readings) and every doctor rule with sockets
/// whose queues come from the input, rendered as doctor prints them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArithmetic(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var numbers = FuzzNumbers(UnsafeBufferPointer(start: data, count: size))
  // Backoff, directly: any Int, including the ones no tunable can hold.
  let retries = Int(numbers.next())
  let linear = Int(numbers.next())
  let syn = Backoff.syn(retries: retries, linear: linear)
  _ = syn.lastRetransmission
  _ = Backoff.synack(retries: Int(numbers.next())).giveUp
  _ = Backoff.modelTimeout(boundary: Int(numbers.next()), rtoBase: Backoff.rtoMin)
  _ = DurationText.format(Double(numbers.next()) * 120, .en)

  // Every catalogued tunable with a number from the input, as a file holds it.
  var values: [String: String] = [:]
  for tunable in DoctorTunables.all {
    let fields = tunable.unit == .bytes || tunable.name == "tcp_mem" ? 3 : tunable.unit == .ports ? 2 : 1
    values[tunable.name] = (0..<fields).map { _ in String(numbers.next()) }.joined(separator: "\t")
  }
  for tunable in TunableCatalog.all {
    _ = Implications.describe(tunable, value: values[tunable.name] ?? "", others: values)
  }
  let live = LiveHost(readings: values.mapValues { .value($0) }, counts: [.established: 1])
  _ = TunablesTextRenderer(ExplainOptions(language: .en, width: 80)).render(
    live.rows(for: TunableCatalog.all.map(\.name)))

  // Two counter readings of every counter the rules read.
  let counters: [(String, String)] = [
    ("Tcp", "OutSegs"), ("Tcp", "RetransSegs"), ("TcpExt", "ListenOverflows"), ("TcpExt", "ListenDrops"),
    ("TcpExt", "SyncookiesSent"), ("TcpExt", "TCPAbortOnMemory"), ("TcpExt", "TCPMemoryPressures"),
    ("TcpExt", "TCPReqQFullDrop"), ("TcpExt", "TCPTimeWaitOverflow"), ("TCP", "mem"), ("TCP", "orphan"),
    ("TCP", "tw"), ("TCP", "inuse"), ("TCP", "alloc"),
  ]
  var before = CounterTable()
  var after = CounterTable()
  for (group, name) in counters {
    before[group, name] = numbers.next()
    after[group, name] = numbers.next()
  }
  let seconds = Double(UInt64(bitPattern: numbers.next()) % 601) / 10
  let window = CounterWindow(before: before, after: after, seconds: seconds)

  // Sockets in every state with queues, ports and ids from the input.
  var summary = SocketSummary(ephemeralPorts: 32768...60999)
  for raw in 0..<16 {
    var socket = FuzzInput.socket(selector: UInt8(raw))
    socket.recvQ = UInt32(truncatingIfNeeded: numbers.next())
    socket.sendQ = UInt32(truncatingIfNeeded: numbers.next())
    socket.inode = UInt32(truncatingIfNeeded: numbers.next())
    socket.peer = Endpoint(address: .anyV4, port: UInt16(truncatingIfNeeded: numbers.next()))
    for _ in 0..<(Int(UInt64(bitPattern: numbers.next()) % 4)) { summary.add(socket) }
  }
  let minCount = numbers.next()
  let input = DoctorInput(
    summary: summary, counters: window, tunables: values,
    owners: [1: ProcessRef(pid: 7, command: "a b\nc\u{1b}[31mX", fd: 3)], scoped: minCount & 1 == 0,
    minCount: minCount > 0 ? Int(minCount % 1_000_000) : nil)
  let report = Doctor.diagnose(input)
  _ = DoctorTextRenderer.render(report, options: DoctorOptions(language: .zh, width: 60))
  _ = DoctorJSON.render(report, language: .en)
  return 0
}

/// Reads 64-bit numbers from the input: a selector byte, then (for plain
/// values) eight bytes. Selectors 0-5 pick an extreme, so a short input
/// reaches Int64.max and friends; past the end, everything is 0.
struct FuzzNumbers {
  var bytes: UnsafeBufferPointer<UInt8>
  var offset = 0

  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  mutating func byte() -> UInt8 {
    guard offset < bytes.count else { return 0 }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func next() -> Int64 {
    switch byte() % 10 {
    case 0: return 0
    case 1: return .max
    case 2: return .min
    case 3: return Int64(Int32.max)
    case 4: return -1
    case 5: return Int64(byte()) - 128
    default:
      var value: UInt64 = 0
      for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(byte()) << UInt64(shift) }
      return Int64(bitPattern: value)
    }
  }
}
