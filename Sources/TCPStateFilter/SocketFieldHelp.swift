/// The `--where` and `--sort` help, written from the field table itself so
/// the documented names, units and JSON keys cannot drift from what parses.
public enum SocketFieldHelp {
  static func line(_ field: SocketField) -> String {
    let unit: String =
      switch field.unit {
      case .duration: "time"
      case .bytes: "bytes"
      case .bitsPerSecond: "bit/s"
      case .count: "count"
      }
    return "\(field.name) (\(unit), \(field.jsonKey))"
  }

  /// Every field, grouped by where the kernel keeps it.
  public static func fields(includingSummary: Bool) -> String {
    func list(_ source: SocketField.Source) -> String {
      SocketField.all.filter { $0.source == source }.map(line).joined(separator: ", ")
    }
    var text = """
      Socket fields: \(list(.socket)). tcp_info fields (none on TIME_WAIT and SYN_RECV sockets): \
      \(list(.tcpInfo)). Memory fields: \(list(.memory)).
      """
    if includingSummary { text += " Watch summaries also have: \(list(.summary))." }
    return text
  }

  /// What `watch --where` can test: a summary has its 4-tuple, its lifetime
  /// and the destroyed socket's final tcp_info.
  public static var summaryFields: String {
    let fields = SocketField.all.filter(\.inSummaries).map(line).joined(separator: ", ")
    return "Summary fields: \(fields)."
  }

  public static let whereSyntax = """
    A comparison is FIELD OP VALUE with OP one of <, <=, >, >=, == (or =), !=; \
    combine with and, or, not (also &&, ||, !) and parentheses. Times need a unit \
    (us, ms, s, m, h: rtt>50ms); bytes take B, KiB, MiB, GiB or KB, MB, GB (send_q>1MiB); \
    rates bps, kbit, Mbit, Gbit; counts none. retrans is what is retransmitted and \
    not yet acknowledged now; total_retrans counts the connection's whole life. A \
    socket that lacks a field (no tcp_info on TIME_WAIT) fails every comparison on \
    it. Applied in user space after the kernel's filter; quote the expression for \
    the shell ('rtt>50ms and not cwnd<10').
    """
}
