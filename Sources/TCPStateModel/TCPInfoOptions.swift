/// `tcpi_options` bits (`TCPI_OPT_*` in include/uapi/linux/tcp.h).
public struct TCPInfoOptions: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let timestamps = TCPInfoOptions(rawValue: 1)
  public static let sack = TCPInfoOptions(rawValue: 2)
  public static let windowScale = TCPInfoOptions(rawValue: 4)
  public static let ecn = TCPInfoOptions(rawValue: 8)
  /// At least one ECE was received (`TCPI_OPT_ECN_SEEN`).
  public static let ecnSeen = TCPInfoOptions(rawValue: 16)
  /// SYN-ACK acknowledged data sent in the SYN (TCP Fast Open).
  public static let synData = TCPInfoOptions(rawValue: 32)
  /// Timestamps count microseconds (`TCPI_OPT_USEC_TS`, Linux 6.7+).
  public static let usecTimestamps = TCPInfoOptions(rawValue: 64)
  /// A child socket created by a TFO SYN (`TCPI_OPT_TFO_CHILD`).
  public static let tfoChild = TCPInfoOptions(rawValue: 128)

  /// The names `ss -i` uses, in bit order.
  public var names: [String] {
    var names: [String] = []
    forEachName { names.append($0.description) }
    return names
  }

  /// Each set option's name, in bit order, without building an array (once per socket in a listing).
  @inline(__always) public func forEachName(_ body: (StaticString) -> Void) {
    if contains(.timestamps) { body("ts") }
    if contains(.sack) { body("sack") }
    if contains(.windowScale) { body("wscale") }
    if contains(.ecn) { body("ecn") }
    if contains(.ecnSeen) { body("ecnseen") }
    if contains(.synData) { body("fastopen") }
    if contains(.usecTimestamps) { body("usec_ts") }
    if contains(.tfoChild) { body("tfo_child") }
  }
}

/// The congestion-control state machine (`tcpi_ca_state`, `enum tcp_ca_state`).
public enum CongestionState: UInt8, Sendable {
  case open = 0
  case disorder, cwr, recovery, loss

  public var name: String {
    switch self {
    case .open: "open"
    case .disorder: "disorder"
    case .cwr: "cwr"
    case .recovery: "recovery"
    case .loss: "loss"
    }
  }
}
