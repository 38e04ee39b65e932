import TCPStateKit
import TCPStateModel

/// `watch --json`: NDJSON, one object per line, with `list --json`'s key names
/// plus `event`, `old_state`, `new_state`, `duration_ms`, `timestamp`.
public enum TransitionJSON {
  public static func line(_ event: TransitionEvent) -> String {
    var json = JSONWriter(reservingCapacity: 512)
    write(event, to: &json)
    return String(decoding: json.out, as: UTF8.self)
  }

  /// Appends the object and a newline to `out`.
  public static func append(_ event: TransitionEvent, to out: inout [UInt8]) {
    var json = JSONWriter(reservingCapacity: 512)
    write(event, to: &json)
    json.move(to: &out)
    out.append(10)
  }

  static func write(_ event: TransitionEvent, to json: inout JSONWriter) {
    json.beginObject()
    json.key("event")
    json.string("transition")
    json.key("timestamp")
    json.string(TimestampText.iso8601(event.timestampNs))
    endpoints(family: event.family, local: event.local, peer: event.peer, into: &json)
    json.key("old_state")
    if let old = event.oldState { json.string(old.name) } else { json.null() }
    json.key("new_state")
    json.string(event.newState.name)
    if let kernel = event.kernelNewState {
      json.key("kernel_new_state")
      json.string(kernel.name)
    }
    if let substate = event.timeWaitSubstate {
      json.key("time_wait_substate")
      json.string(substate.name)
    }
    if event.timeWaitEndedEarly {
      json.key("time_wait_ended_early")
      json.bool(true)
    }
    json.key("duration_ms")
    if let ns = event.durationNs { json.rawNumber(TimestampText.milliseconds(ns)) } else { json.null() }
    json.key("pid")
    if let pid = event.pid { json.number(Int64(pid)) } else { json.null() }
    json.key("command")
    if let command = event.command { json.string(command) } else { json.null() }
    // A kernel address is above 2^53, which jq and JavaScript round: hex text.
    // A cookie is a small counter, a number as in `list --json`.
    if event.isCookie {
      json.field("cookie", event.socketID)
    } else {
      json.key("socket_address")
      json.string(TextFormatting.hex(event.socketID))
    }
    json.key("source")
    json.string(event.source.rawValue)
    json.endObject()
  }

  public static func line(_ summary: ConnectionSummary) -> String {
    var json = JSONWriter(reservingCapacity: 1024)
    json.beginObject()
    json.key("event")
    json.string("summary")
    json.key("timestamp")
    json.string(TimestampText.iso8601(summary.timestampNs))
    endpoints(family: summary.family, local: summary.local, peer: summary.peer, into: &json)
    json.key("state")
    json.string(summary.finalState.name)
    json.key("lifetime_ms")
    if let ns = summary.lifetimeNs { json.rawNumber(TimestampText.milliseconds(ns)) } else { json.null() }
    json.field("cookie", summary.cookie)
    if let seen = summary.retransmitsSeen { json.field("retransmissions_seen", Int64(seen)) }
    if let seen = summary.resetsSeen { json.field("resets_seen", Int64(seen)) }
    if let info = summary.info {
      var socket = Socket(family: summary.family, state: summary.finalState, local: summary.local, peer: summary.peer)
      socket.tcpInfo = info
      socket.congestion = summary.congestion
      json.key("tcp_info")
      TCPInfoJSON.write(info, socket: socket, to: &json)
    }
    json.endObject()
    return String(decoding: json.out, as: UTF8.self)
  }

  static func endpoints(family: AddressFamily, local: Endpoint, peer: Endpoint, into json: inout JSONWriter) {
    json.key("family")
    json.string(family.name)
    json.key("local_address")
    json.rawString { local.address.appendText(to: &$0) }
    json.field("local_port", UInt64(local.port))
    json.key("peer_address")
    json.rawString { peer.address.appendText(to: &$0) }
    json.field("peer_port", UInt64(peer.port))
  }
}
