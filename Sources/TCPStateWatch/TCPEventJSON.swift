import TCPStateKit
import TCPStateModel

/// `watch --events --json`: one object per retransmission, reset, drop or
/// failed connect, with the transitions' address keys (null when a drop's
/// connection is unknown) and the kind's own keys.
public enum TCPEventJSON {
  public static func line(_ event: TCPEvent) -> String {
    var out: [UInt8] = []
    append(event, to: &out)
    out.removeLast()
    return String(decoding: out, as: UTF8.self)
  }

  public static func append(_ event: TCPEvent, to out: inout [UInt8]) {
    var json = JSONWriter(reservingCapacity: 0)
    swap(&json.out, &out)
    write(event, to: &json)
    json.out.append(10)
    swap(&json.out, &out)
  }

  static func write(_ event: TCPEvent, to json: inout JSONWriter) {
    json.beginObject()
    json.key("event")
    json.string(event.kind.rawValue)
    json.key("timestamp")
    json.string(TimestampText.iso8601(event.timestampNs))
    if let family = event.family, let local = event.local, let peer = event.peer {
      TransitionJSON.endpoints(family: family, local: local, peer: peer, into: &json)
    } else {
      for key in ["family", "local_address", "local_port", "peer_address", "peer_port"] {
        json.key(key)
        json.null()
      }
    }
    json.key("state")
    if let state = event.state { json.string(state.name) } else { json.null() }
    switch event.kind {
    case .retransmit:
      optional("retransmitted", event.retransmitted?.rawValue, &json)
      if let error = event.error { json.field("error", Int64(error)) }
      if let info = event.info { tcpInfo(info, &json) }
    case .reset:
      optional("direction", event.direction?.rawValue, &json)
      optional("reason", event.reason, &json)
    case .drop:
      optional("reason", event.reason, &json)
      optional("location", event.location, &json)
    case .connectFailure:
      optional("outcome", event.outcome?.rawValue, &json)
      json.key("attempt_ms")
      if let ns = event.attemptNs { json.rawNumber(TimestampText.milliseconds(ns)) } else { json.null() }
      json.field("syn_retransmits", Int64(event.synRetransmits ?? 0))
    }
    json.key("pid")
    if let pid = event.pid { json.number(Int64(pid)) } else { json.null() }
    json.key("command")
    if let command = event.command { json.string(command) } else { json.null() }
    json.key("socket_address")
    if event.socketAddress == 0 { json.null() } else { json.string(TextFormatting.hex(event.socketAddress)) }
    json.key("source")
    json.string("tracefs")
    json.endObject()
  }

  static func optional(_ key: String, _ value: String?, _ json: inout JSONWriter) {
    json.key(key)
    if let value { json.string(value) } else { json.null() }
  }

  /// The congestion picture at the retransmission (list --json's names).
  static func tcpInfo(_ info: TCPInfo, _ json: inout JSONWriter) {
    json.key("tcp_info")
    json.beginObject()
    if let raw = info.caStateRaw {
      json.key("ca_state")
      json.string(CongestionState(rawValue: raw)?.name ?? "unknown_\(raw)")
    }
    if let rto = info.rto { json.field("rto_us", UInt64(rto)) }
    if let cwnd = info.cwnd { json.field("cwnd", UInt64(cwnd)) }
    if let ssthresh = info.ssthresh { json.field("ssthresh", UInt64(ssthresh)) }
    if let retransmits = info.retransmits { json.field("retransmits", UInt64(retransmits)) }
    if let total = info.totalRetrans { json.field("total_retrans", UInt64(total)) }
    json.endObject()
  }
}
