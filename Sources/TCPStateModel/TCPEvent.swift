/// A kind of event `watch --events` can show.
public struct EventKinds: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let state = EventKinds(rawValue: 1)
  public static let retransmit = EventKinds(rawValue: 2)
  public static let reset = EventKinds(rawValue: 4)
  public static let drop = EventKinds(rawValue: 8)
  public static let connectFailure = EventKinds(rawValue: 16)
  public static let all: EventKinds = [.state, .retransmit, .reset, .drop, .connectFailure]

  /// The words `--events` takes, in the order they are documented.
  public static let words: [(String, EventKinds)] = [
    ("state", .state), ("retransmit", .retransmit), ("reset", .reset), ("drop", .drop),
    ("connect-failure", .connectFailure), ("all", .all),
  ]

  /// `retransmit,reset`, `all`; a failure names the word it does not know.
  public static func parse(_ text: String) -> Result<EventKinds, ParseFailure> {
    var kinds: EventKinds = []
    for word in text.split(separator: ",", omittingEmptySubsequences: false) {
      // `connect_failure` (the NDJSON name) is accepted for `connect-failure`.
      let trimmed = String(word.filter { $0 != " " }.lowercased().map { $0 == "_" ? "-" : $0 })
      guard let kind = words.first(where: { $0.0 == trimmed })?.1 else { return .failure(ParseFailure(word: trimmed)) }
      kinds.insert(kind)
    }
    return .success(kinds)
  }

  public struct ParseFailure: Error, Equatable {
    public var word: String
  }

  /// Kinds read from the trouble tracepoints (everything but `state`).
  public var needsTracepoints: EventKinds { subtracting(.state) }
}

/// A retransmission, reset, drop or failed connect, ready to print.
public struct TCPEvent: Sendable {
  public enum Kind: String, Sendable {
    case retransmit, reset, drop
    case connectFailure = "connect_failure"
  }

  /// What was sent again: the SYN, a SYN-ACK, or a segment of an open connection.
  public enum Retransmitted: String, Sendable { case syn, synack, segment }
  public enum Direction: String, Sendable { case sent, received }
  /// How a connect() ended without a connection.
  public enum ConnectOutcome: String, Sendable {
    /// The peer answered the SYN with a RST (nothing listens there).
    case refused
    /// Every SYN went unanswered until the retries (tcp_syn_retries, TCP_SYNCNT, TCP_USER_TIMEOUT) ran out.
    case timedOut = "timed_out"
    /// A RST arrived later in the handshake.
    case reset
    /// The application gave up (close() during connect) or an ICMP error ended it.
    case other
  }

  public var kind: Kind
  /// Wall-clock time, nanoseconds since the Unix epoch.
  public var timestampNs: UInt64
  /// Nil for a drop whose socket tcpstate does not know (kfree_skb has no addresses).
  public var family: AddressFamily?
  public var local: Endpoint?
  public var peer: Endpoint?
  /// The socket's state when it happened, when the tracepoint says.
  public var state: TCPState?
  public var retransmitted: Retransmitted?
  public var direction: Direction?
  /// The kernel's reason name (reset, drop), from the tracepoint's format file.
  public var reason: String?
  /// Where the kernel dropped the packet (`tcp_v4_rcv`, `nf_hook_slow`).
  public var location: String?
  public var outcome: ConnectOutcome?
  /// connect_failure: how long the attempt took, and how many SYNs were sent again.
  public var attemptNs: UInt64?
  public var synRetransmits: Int?
  /// tcp_retransmit_skb's err (a local failure to send), when non-zero.
  public var error: Int32?
  /// The kernel's socket address; 0 when there is none (a reset from a closed port).
  public var socketAddress: UInt64
  /// retransmit: the socket's state from one sock_diag lookup per read, when found.
  public var info: TCPInfo?
  public var pid: Int32?
  public var command: String?

  public init(kind: Kind, timestampNs: UInt64, socketAddress: UInt64) {
    self.kind = kind
    self.timestampNs = timestampNs
    self.socketAddress = socketAddress
  }
}
