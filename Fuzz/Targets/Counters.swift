import TCPStateDoctor
import TCPStateKit
import TCPStateModel

/// /proc/net/netstat, snmp, sockstat and sockstat6 text, twice (before and
/// after), separated by NUL bytes; parsed and diagnosed as `doctor` would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCounters(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let sections = UnsafeBufferPointer(start: data, count: size).split(separator: 0, omittingEmptySubsequences: false)
    .map { String(decoding: $0, as: UTF8.self) }
  func reading(_ first: Int) -> (CounterTable, [CounterProblem]) {
    var table = CounterTable()
    var problems: [CounterProblem] = []
    for (offset, file) in ["net/netstat", "net/snmp", "net/sockstat", "net/sockstat6"].enumerated() {
      guard first + offset < sections.count else { break }
      let text = sections[first + offset]
      let parsed =
        offset < 2 ? ProcNetCounterParser.parse(text, file: file) : SockstatParser.parse(text, file: file)
      table.merge(parsed.table)
      problems += parsed.problems
    }
    return (table, problems)
  }
  let before = reading(0)
  let after = reading(4)
  let window = CounterWindow(
    before: sections.count > 4 ? before.0 : nil, after: sections.count > 4 ? after.0 : before.0, seconds: 1,
    problems: before.1 + after.1)
  let report = Doctor.diagnose(
    DoctorInput(summary: SocketSummary(), counters: window, tunables: FuzzTunables.recorded),
    problems: window.problems.map(\.description))
  _ = DoctorJSON.render(report, language: .zh)
  _ = DoctorTextRenderer.render(report, options: DoctorOptions(language: .en, width: 40))
  return 0
}
