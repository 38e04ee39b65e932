import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

/// The watch path from kernel bytes to printed lines. The first byte picks the
/// container: 0 a trace_pipe_raw page, 1 perf ring records, else one raw
/// tracepoint record. Records are decoded with the recorded format file,
/// tracked and rendered as text and NDJSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrace(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0, let decoder = TraceFuzz.decoder else { return 0 }
  let rest = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
  var records: [(UInt64, Int32, StateChangeRecord)] = []
  switch data[0] {
  case 0:
    guard let page = try? RingBufferPage.decode(rest) else { return 0 }
    for event in page.events {
      if let record = try? decoder.decode(event.data) { records.append((event.timestamp, record.commonPID, record)) }
    }
  case 1:
    var offset = 0
    while offset < rest.count, let record = try? PerfRecord.decode(UnsafeRawBufferPointer(rebasing: rest[offset...])) {
      if case .sample(let pid, _, let time, _, let raw) = record,
        let change = raw.withUnsafeBytes({ try? decoder.decode($0) })
      {
        records.append((time, pid, change))
      }
      offset += max(
        PerfRecord.headerSize, Int(rest.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self).littleEndian))
    }
  default:
    if let record = try? decoder.decode(rest) { records.append((0, record.commonPID, record)) }
  }
  var tracker = TransitionTracker(
    wallClockOffsetNs: 1_700_000_000_000_000_000, timeWaitProbe: { _, _, _ in .timeWait },
    ownerOf: { pid, _ in (pid, "fuzz") })
  let text = TransitionText(style: .plain)
  for (time, pid, record) in records {
    let event = tracker.track(
      TransitionTracker.Change(
        monotonicNs: time, family: record.family, local: record.local, peer: record.peer,
        oldState: record.oldState, newState: record.newState, socketID: record.socketAddress, pid: pid,
        inInterrupt: record.inInterrupt))
    _ = text.line(event)
    _ = TransitionJSON.line(event)
  }
  return 0
}

enum TraceFuzz {
  static let decoder: StateChangeDecoder? = {
    guard let format = try? TracepointFormat.parse(recordedFormat) else { return nil }
    return try? StateChangeDecoder(format: format)
  }()
}
