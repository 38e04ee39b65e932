import TCPStateModel

/// `list --summary`: how many sockets are in each state, per family.
public enum SummaryText {
  public static func render(_ counts: StateCounts, header: Bool, style: TextStyle) -> String {
    var lines: [String] = []
    func row(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
      a.padding(14) + b.leftPadding(8) + c.leftPadding(8) + d.leftPadding(8)
    }
    if header { lines.append(style.apply(.bold, row("State", "Total", "IPv4", "IPv6"))) }
    for state in counts.byState.keys.sorted() {
      let entry = counts.byState[state] ?? (0, 0)
      lines.append(row(state.name, "\(entry.inet + entry.inet6)", "\(entry.inet)", "\(entry.inet6)"))
    }
    lines.append(row("TOTAL", "\(counts.total)", "\(counts.totalIPv4)", "\(counts.totalIPv6)"))
    return lines.joined(separator: "\n") + "\n"
  }

  public static func json(_ counts: StateCounts) -> String {
    var json = JSONWriter()
    json.beginObject()
    json.field("total", UInt64(counts.total))
    json.field("inet", UInt64(counts.totalIPv4))
    json.field("inet6", UInt64(counts.totalIPv6))
    json.key("states")
    json.beginObject()
    for state in counts.byState.keys.sorted() {
      let entry = counts.byState[state] ?? (0, 0)
      json.key(state.name)
      json.beginObject()
      json.field("total", UInt64(entry.inet + entry.inet6))
      json.field("inet", UInt64(entry.inet))
      json.field("inet6", UInt64(entry.inet6))
      json.endObject()
    }
    json.endObject()
    json.endObject()
    return String(decoding: json.out, as: UTF8.self) + "\n"
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
  func leftPadding(_ width: Int) -> String {
    count >= width ? " " + self : String(repeating: " ", count: width - count) + self
  }
}
