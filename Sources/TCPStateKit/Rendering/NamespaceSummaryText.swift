import TCPStateModel

/// `list --summary --all-netns`: one row per network namespace, the states
/// any of them has as columns (ss's short names), most sockets first, then
/// the host's total: "which pod holds these CLOSE_WAIT sockets" in one table.
public enum NamespaceSummaryText {
  public struct Row: Sendable {
    public var namespace: NamespaceRecord
    public var counts: StateCounts

    public init(namespace: NamespaceRecord, counts: StateCounts) {
      self.namespace = namespace
      self.counts = counts
    }
  }

  /// Busiest first; ties in the order the namespaces were found.
  static func sorted(_ rows: [Row]) -> [Row] {
    rows.enumerated().sorted { a, b in
      a.element.counts.total != b.element.counts.total
        ? a.element.counts.total > b.element.counts.total : a.offset < b.offset
    }.map(\.element)
  }

  public static func render(_ rows: [Row], header: Bool, style: TextStyle) -> String {
    let rows = sorted(rows)
    var total = StateCounts()
    for row in rows { total.add(row.counts) }
    let states = total.byState.keys.sorted()
    let labels = rows.map { TextEscaping.escape($0.namespace.label) }
    let labelWidth = min(40, max(6, (labels.map(\.count).max() ?? 0) + 1))
    let widths = states.map { max($0.ssName.count + 1, 7) }
    func line(_ label: String, _ cells: [String], _ sum: String) -> String {
      var text = label.padding(labelWidth) + sum.leftPadding(7)
      for (cell, width) in zip(cells, widths) { text += cell.leftPadding(width) }
      return text
    }
    var lines: [String] = []
    if header { lines.append(style.apply(.bold, line("Netns", states.map(\.ssName), "Total"))) }
    for (row, label) in zip(rows, labels) {
      lines.append(line(label, states.map { String(row.counts.count($0)) }, String(row.counts.total)))
    }
    lines.append(line("TOTAL", states.map { String(total.count($0)) }, String(total.total)))
    return lines.joined(separator: "\n") + "\n"
  }

  public static func json(_ rows: [Row]) -> String {
    var json = JSONWriter()
    json.beginObject()
    json.key("namespaces")
    json.beginArray()
    for row in sorted(rows) {
      json.beginObject()
      json.field("netns", row.namespace.inode)
      if let name = row.namespace.names.first {
        json.key("netns_name")
        json.string(name)
      }
      json.key("label")
      json.string(row.namespace.label)
      json.field("total", UInt64(row.counts.total))
      json.key("states")
      json.beginObject()
      for state in row.counts.byState.keys.sorted() {
        json.key(state.name)
        json.number(UInt64(row.counts.count(state)))
      }
      json.endObject()
      json.endObject()
    }
    json.endArray()
    json.endObject()
    return String(decoding: json.out, as: UTF8.self) + "\n"
  }
}
