import TCPStateKit
import TCPStateModel

/// One `top --batch --json` frame as a single-line JSON object: the header's
/// figures and every row. Rates are bytes per second; a rate the interval
/// cannot give (a socket seen for the first time) is null, never 0.
public enum TopJSON {
  public static func write(_ frame: TopFrame, to json: inout JSONWriter) {
    let header = frame.header
    json.beginObject()
    json.field("time_unix_s", Int64(header.wallTime))
    json.key("interval_s")
    number(header.interval, &json)
    json.key("view")
    json.string(frame.order.view.rawValue)
    json.key("sort")
    json.string(frame.order.sort.rawValue)
    json.key("reversed")
    json.bool(frame.order.reversed)
    json.field("sockets", Int64(header.total))
    optional("sockets_new", header.appeared, &json)
    optional("sockets_gone", header.left, &json)
    json.key("states")
    json.beginObject()
    for line in header.states {
      json.key(line.state.name)
      json.beginObject()
      json.field("count", Int64(line.count))
      optional("change", line.change, &json)
      json.endObject()
    }
    json.endObject()
    json.key("counters_per_s")
    json.beginObject()
    for rate in header.rates {
      json.key(rate.key)
      number(rate.perSecond, &json)
    }
    json.endObject()
    json.key("finding")
    if let finding = frame.finding {
      json.beginObject()
      json.key("id")
      json.string(finding.id)
      json.key("severity")
      json.string(finding.severity.name)
      json.key("title")
      json.string(finding.title.en)
      json.endObject()
    } else {
      json.null()
    }
    json.key("rows")
    json.beginArray()
    for row in frame.rows { write(row, to: &json) }
    json.endArray()
    json.endObject()
  }

  static func write(_ row: TopRow, to json: inout JSONWriter) {
    let socket = row.socket
    json.beginObject()
    json.field("cookie", socket.cookie)
    json.key("state")
    json.string(socket.state.name)
    json.key("local_address")
    json.rawString { socket.local.address.appendText(to: &$0) }
    json.field("local_port", UInt64(socket.local.port))
    json.key("peer_address")
    json.rawString { socket.peer.address.appendText(to: &$0) }
    json.field("peer_port", UInt64(socket.peer.port))
    if let process = row.process {
      json.key("process")
      json.string(process)
    }
    json.key("send_bytes_per_s")
    number(row.sendRate, &json)
    json.key("recv_bytes_per_s")
    number(row.recvRate, &json)
    if let rtt = row.rtt { json.field("rtt_us", UInt64(rtt)) }
    if let cwnd = row.cwnd { json.field("cwnd", UInt64(cwnd)) }
    optional("retrans_interval", row.retransInterval.map { Int($0) }, &json)
    if let total = row.retransTotal { json.field("retrans_total", UInt64(total)) }
    json.field("recv_q", UInt64(socket.recvQ))
    json.field("send_q", UInt64(socket.sendQ))
    if let seconds = row.stateSeconds {
      json.key("in_state_s")
      number(seconds, &json)
      json.key("in_state_at_least")
      json.bool(row.stateAtLeast)
    }
    json.endObject()
  }

  static func optional(_ name: StaticString, _ value: Int?, _ json: inout JSONWriter) {
    guard let value else { return }
    json.field(name, Int64(value))
  }

  /// Three decimals at most; null when unknown.
  static func number(_ value: Double?, _ json: inout JSONWriter) {
    guard let value, value.isFinite else {
      json.null()
      return
    }
    let thousandths = (value * 1000).rounded()
    guard abs(thousandths) < 0x1p62 else {
      json.rawNumber(String(value))  // Swift writes 1e+20, which is JSON
      return
    }
    let scaled = Int64(thousandths)
    let sign = scaled < 0 ? "-" : ""
    let magnitude = scaled.magnitude
    var fraction = String(magnitude % 1000)
    while fraction.count < 3 { fraction = "0" + fraction }
    while fraction.hasSuffix("0") { fraction.removeLast() }
    json.rawNumber(sign + String(magnitude / 1000) + (fraction.isEmpty ? "" : "." + fraction))
  }
}
