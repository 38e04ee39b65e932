import TCPStateKit
import TCPStateModel
import TCPStateWatch
import TCPStateWire

@testable import TCPStateKernel

/// watch --events from kernel bytes to printed lines. The first byte picks
/// the input: 0-4 one raw record of that trouble tracepoint (retransmit_skb,
/// retransmit_synack, send_reset, receive_reset, kfree_skb), else a
/// trace_pipe_raw page dispatched by common_type. Records are decoded with
/// the recorded format files and go through the emitter watch uses
/// (connect tracking, drop attribution, filter) to text and NDJSON.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrouble(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0, TroubleFuzz.decoders.count == TCPEventRecord.Kind.allCases.count else { return 0 }
  let rest = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
  var records: [RawTCPEvent] = []
  if Int(data[0]) < TCPEventRecord.Kind.allCases.count {
    let decoder = TroubleFuzz.decoders.values.first { $0.kind.rawValue == data[0] }
    if let record = try? decoder?.decode(rest) { records.append(RawTCPEvent(monotonicNs: 1, record: record)) }
  } else if let page = try? RingBufferPage.decode(rest) {
    for event in page.events where event.data.count >= 2 {
      if let decoder = TroubleFuzz.decoders[event.data.loadUnaligned(as: UInt16.self)],
        let record = try? decoder.decode(event.data)
      {
        records.append(RawTCPEvent(monotonicNs: event.timestamp, record: record))
      }
    }
  }
  for record in records { try? TroubleFuzz.emitter.emit(record) }
  return 0
}

enum TroubleFuzz {
  static let decoders: [UInt16: any TCPEventDecoder] = {
    var decoders: [UInt16: any TCPEventDecoder] = [:]
    for kind in TCPEventRecord.Kind.allCases {
      guard let text = recordedTroubleFormats[String(kind.tracepoint.split(separator: "/")[1])],
        let format = try? TracepointFormat.parse(text), let id = format.id,
        let decoder = try? kind.decoder(format: format)
      else { continue }
      decoders[UInt16(truncatingIfNeeded: id)] = decoder
    }
    return decoders
  }()

  /// One emitter for the run, as in a watch: its maps are bounded.
  static let emitter: TroubleEmitter = {
    let emitter = TroubleEmitter(
      kinds: .all, filter: SocketFilter(), wallOffsetNs: 1_700_000_000_000_000_000, lookup: nil,
      symbols: KernelSymbols(table: "ffffffff81000000 T tcp_v4_rcv\nffffffff82000000 t nf_hook_slow\n"))
    var text = TCPEventText(style: .plain)
    emitter.onEvent = { event in
      var out: [UInt8] = []
      text.append(event, to: &out)
      TCPEventJSON.append(event, to: &out)
    }
    return emitter
  }()
}
