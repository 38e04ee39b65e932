import TCPStateKit
import TCPStateModel

/// The longer help for the filter words, built from the tables the filter
/// parser uses, so `--help`, the man page and the parser cannot disagree.
enum FilterWordsHelp {
  static var states: String {
    let names = TCPState.known.map(\.name).joined(separator: ", ")
    let groups = StateNames.groups.map { "\($0.name) (\($0.summary))" }.joined(separator: "; ")
    return """
      States: \(names). Case, dashes and underscores do not matter, and ss and RFC \
      spellings work too (ESTAB, SYN-RCVD, TIME-WAIT, UNCONN, CLOSED). Groups: \(groups). \
      Without --state, every state but BOUND_INACTIVE is shown.
      """
  }

  static let ports = """
    A port is 0-65535, optionally written :80, or a TCP service name from \
    /etc/services (http, ssh, :https); a range is LOW-HIGH, both ends included. \
    Repeating --port, --sport, --dport, --src or --dst widens that option (any of the \
    values matches); different options narrow each other (all must match).
    """

  static let addresses = """
    An address is IPv4 (10.1.2.3) or IPv6 (::1, [2001:db8::1]); a CIDR adds /LEN \
    (10.0.0.0/8, 2001:db8::/32). A bare address matches exactly.
    """
}
