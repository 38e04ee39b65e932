import TCPStateDoctor
import TCPStateExplain
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// Tunable file contents as /proc/sys might hold them, one "name value" line
/// each (the value keeps its tabs); rendered by `tunables`, `explain` and `doctor`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTunables(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let lines = UnsafeBufferPointer(start: data, count: size).split(separator: 10, omittingEmptySubsequences: false)
    .map { String(decoding: $0, as: UTF8.self) }
  var readings: [String: TunableReading] = [:]
  var values: [String: String] = [:]
  for line in lines {
    let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2 else { continue }
    readings[String(parts[0])] = .value(String(parts[1]))
    values[String(parts[0])] = String(parts[1])
  }
  let live = LiveHost(readings: readings, counts: [.established: 3, .timeWait: 1])
  let rows = live.rows(for: TunableCatalog.all.map(\.name))
  let options = ExplainOptions(language: .en, width: 60, live: live)
  _ = TunablesTextRenderer(options).render(rows)
  _ = ExplainJSON.catalogue(rows, .zh).serialized()
  for tunable in TunableCatalog.all {
    _ = tunable.defaultValue.differs(from: values[tunable.name] ?? "")
    _ = Implications.describe(tunable, value: values[tunable.name] ?? "", others: values)
  }
  for word in ["TIME_WAIT", "SYN_SENT", "handshake", "close", "keepalive", "syn-flood", "tcp_fin_timeout"] {
    if let subject = KnowledgeBase.resolve(word) {
      _ = ExplainTextRenderer(options).render(subject)
      _ = ExplainJSON.subject(subject, options).serialized()
    }
  }
  let report = Doctor.diagnose(DoctorInput(summary: SocketSummary(), tunables: values))
  _ = DoctorTextRenderer.render(report, options: DoctorOptions())
  return 0
}
