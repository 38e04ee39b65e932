/// A TCP state as the Linux kernel numbers it (`enum` in include/net/tcp_states.h).
///
/// An open struct rather than an enum: a state number from a newer kernel stays
/// representable and prints as `UNKNOWN(14)` instead of trapping.
public struct TCPState: RawRepresentable, Hashable, Sendable, Comparable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let established = TCPState(rawValue: 1)
  public static let synSent = TCPState(rawValue: 2)
  public static let synRecv = TCPState(rawValue: 3)
  public static let finWait1 = TCPState(rawValue: 4)
  public static let finWait2 = TCPState(rawValue: 5)
  public static let timeWait = TCPState(rawValue: 6)
  public static let close = TCPState(rawValue: 7)
  public static let closeWait = TCPState(rawValue: 8)
  public static let lastAck = TCPState(rawValue: 9)
  public static let listen = TCPState(rawValue: 10)
  public static let closing = TCPState(rawValue: 11)
  /// A request socket (a half-open connection on a listener). inet_diag
  /// reports these as SYN_RECV; the tracepoint never sees them.
  public static let newSynRecv = TCPState(rawValue: 12)
  /// Bound but neither listening nor connecting (Linux 6.5+).
  public static let boundInactive = TCPState(rawValue: 13)

  /// Every state this build knows, in kernel order.
  public static let known: [TCPState] = (1...13).map { TCPState(rawValue: $0) }

  /// The states that make up RFC 9293's diagram (plus Linux's request socket).
  public var isKnown: Bool { rawValue >= 1 && rawValue <= 13 }

  public static func < (a: TCPState, b: TCPState) -> Bool { a.rawValue < b.rawValue }
}

extension TCPState: CustomStringConvertible {
  /// The kernel's name (`tcp_state_name` in the tracepoint, `TCP_` prefix dropped).
  public var name: String {
    switch rawValue {
    case 1: "ESTABLISHED"
    case 2: "SYN_SENT"
    case 3: "SYN_RECV"
    case 4: "FIN_WAIT1"
    case 5: "FIN_WAIT2"
    case 6: "TIME_WAIT"
    case 7: "CLOSE"
    case 8: "CLOSE_WAIT"
    case 9: "LAST_ACK"
    case 10: "LISTEN"
    case 11: "CLOSING"
    case 12: "NEW_SYN_RECV"
    case 13: "BOUND_INACTIVE"
    default: "UNKNOWN(\(rawValue))"
    }
  }

  /// How `ss` prints the state, for users who know that spelling.
  public var ssName: String {
    switch rawValue {
    case 1: "ESTAB"
    case 2: "SYN-SENT"
    case 3: "SYN-RECV"
    case 4: "FIN-WAIT-1"
    case 5: "FIN-WAIT-2"
    case 6: "TIME-WAIT"
    case 7: "UNCONN"
    case 8: "CLOSE-WAIT"
    case 9: "LAST-ACK"
    case 10: "LISTEN"
    case 11: "CLOSING"
    case 12: "NEW-SYN-RECV"
    case 13: "BOUND-INACTIVE"
    default: "UNKNOWN(\(rawValue))"
    }
  }

  /// The name RFC 9293 uses, where the state is one of the RFC's eleven.
  public var rfcName: String? {
    switch rawValue {
    case 1: "ESTABLISHED"
    case 2: "SYN-SENT"
    case 3: "SYN-RECEIVED"
    case 4: "FIN-WAIT-1"
    case 5: "FIN-WAIT-2"
    case 6: "TIME-WAIT"
    case 7: "CLOSED"
    case 8: "CLOSE-WAIT"
    case 9: "LAST-ACK"
    case 10: "LISTEN"
    case 11: "CLOSING"
    default: nil
    }
  }

  public var description: String { name }
}
