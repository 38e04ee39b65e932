/// The timer inet_diag reports for a socket (`idiag_timer`, `idiag_expires`,
/// `idiag_retrans` in `struct inet_diag_msg`).
public struct SocketTimer: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    case none
    /// Retransmission, RACK reordering or tail-loss probe (`ICSK_TIME_RETRANS` and kin);
    /// for a request socket, the SYN-ACK retransmission timer.
    case retransmit
    /// The keepalive timer (`sk_timer`); also the FIN_WAIT2 timer of an orphan.
    case keepalive
    /// The TIME_WAIT timer of a time-wait socket.
    case timeWait
    /// The zero-window probe timer (`ICSK_TIME_PROBE0`).
    case zeroWindowProbe
    /// A value this build does not know.
    case other(UInt8)

    public init(raw: UInt8) {
      switch raw {
      case 0: self = .none
      case 1: self = .retransmit
      case 2: self = .keepalive
      case 3: self = .timeWait
      case 4: self = .zeroWindowProbe
      default: self = .other(raw)
      }
    }

    /// The word `ss -o` prints (`on` for retransmit, as ss does).
    public var name: String {
      switch self {
      case .none: "off"
      case .retransmit: "on"
      case .keepalive: "keepalive"
      case .timeWait: "timewait"
      case .zeroWindowProbe: "persist"
      case .other(let raw): "unknown(\(raw))"
      }
    }

    /// A spelled-out name for JSON.
    public var jsonName: String {
      switch self {
      case .none: "none"
      case .retransmit: "retransmit"
      case .keepalive: "keepalive"
      case .timeWait: "time_wait"
      case .zeroWindowProbe: "zero_window_probe"
      case .other(let raw): "unknown_\(raw)"
      }
    }
  }

  public var kind: Kind
  /// Milliseconds until the timer fires (negative once overdue).
  public var expiresMs: Int64
  /// Retransmissions (or probes) so far for this timer.
  public var retransmits: UInt8

  public init(kind: Kind, expiresMs: Int64, retransmits: UInt8) {
    self.kind = kind
    self.expiresMs = expiresMs
    self.retransmits = retransmits
  }
}
