import TCPStateModel

/// An edge of the TCP state machine: the event that causes it and what is sent.
public struct Transition: Sendable {
  /// Where an edge comes from.
  public enum Origin: String, Sendable {
    /// Drawn in RFC 9293 section 3.3.2, Figure 5.
    case rfcFigure = "rfc9293_figure5"
    /// Stated in the notes under Figure 5 or in section 3.10, not drawn.
    case rfcNote = "rfc9293_note"
    /// Linux behaviour outside the RFC's diagram (request sockets, timeouts, sock_diag states).
    case linux
  }

  /// Which end of a connection takes the edge: the one that opened or closed
  /// first (active), the one that answered (passive), or either.
  public enum Side: String, Sendable {
    case activeOpener = "active_opener"
    case passiveOpener = "passive_opener"
    case activeCloser = "active_closer"
    case passiveCloser = "passive_closer"
    case either
  }

  public var from: TCPState
  public var to: TCPState
  /// What happens: a call, a received segment or a timer (`rcv SYN`, `close()`).
  public var event: Localized
  /// What is sent in response, or an empty string for nothing.
  public var action: Localized
  public var origin: Origin
  public var side: Side

  /// Without `side`, the end that a state belongs to decides: the state left,
  /// or the state entered when the one left belongs to either end
  /// (ESTABLISHED -> FIN_WAIT1 is the active closer's).
  init(
    _ from: TCPState, _ to: TCPState, _ event: Localized, _ action: Localized, _ origin: Origin,
    side: Side? = nil
  ) {
    self.from = from
    self.to = to
    self.event = event
    self.action = action
    self.origin = origin
    let left = Self.side(of: from)
    self.side = side ?? (left == .either ? Self.side(of: to) : left)
  }

  /// The end of a connection a socket in `state` is on.
  static func side(of state: TCPState) -> Side {
    switch state {
    case .listen, .synRecv, .newSynRecv: .passiveOpener
    case .synSent: .activeOpener
    case .finWait1, .finWait2, .closing, .timeWait: .activeCloser
    case .closeWait, .lastAck: .passiveCloser
    default: .either
    }
  }
}

/// The transition table, shared by `tcpstate diagram`, the neighbourhood in
/// `explain STATE` and the tests that compare it with RFC 9293 Figure 5.
public enum Transitions {
  static let none = L("", "")
  static let sendSyn = L("snd SYN", "发送 SYN")
  static let sendSynAck = L("snd SYN,ACK", "发送 SYN,ACK")
  static let sendAck = L("snd ACK", "发送 ACK")
  static let sendFin = L("snd FIN", "发送 FIN")
  static let close = L("close()", "close()")
  static let rcvFin = L("rcv FIN", "收到 FIN")
  static let rcvAckOfFin = L("rcv ACK of FIN", "收到 FIN 的 ACK")
  static let rcvRst = L("rcv RST", "收到 RST")

  public static let all: [Transition] = [
    // RFC 9293 Figure 5, edge by edge.
    Transition(
      .close, .listen, L("passive OPEN: listen()", "被动打开：listen()"), L("create TCB", "创建 TCB"),
      .rfcFigure),
    Transition(
      .close, .synSent, L("active OPEN: connect()", "主动打开：connect()"), sendSyn, .rfcFigure),
    Transition(.listen, .close, close, L("delete TCB", "删除 TCB"), .rfcFigure),
    Transition(.listen, .synRecv, L("rcv SYN", "收到 SYN"), sendSynAck, .rfcFigure),
    Transition(
      .listen, .synSent, L("SEND (no sockets API call)", "SEND（套接字 API 无对应调用）"), sendSyn, .rfcFigure,
      side: .activeOpener),
    Transition(
      .synSent, .synRecv, L("rcv SYN (simultaneous open)", "收到 SYN（同时打开）"), sendSynAck, .rfcFigure,
      side: .activeOpener),
    Transition(.synSent, .close, close, L("delete TCB", "删除 TCB"), .rfcFigure),
    Transition(.synSent, .established, L("rcv SYN,ACK", "收到 SYN,ACK"), sendAck, .rfcFigure),
    Transition(
      .synRecv, .listen, L("rcv RST (after a passive open)", "收到 RST（被动打开时）"), none, .rfcFigure),
    Transition(.synRecv, .established, L("rcv ACK of SYN", "收到 SYN 的 ACK"), none, .rfcFigure),
    Transition(.synRecv, .finWait1, close, sendFin, .rfcFigure, side: .activeCloser),
    Transition(
      .established, .finWait1, L("close() or shutdown(SHUT_WR)", "close() 或 shutdown(SHUT_WR)"),
      sendFin, .rfcFigure),
    Transition(.established, .closeWait, rcvFin, sendAck, .rfcFigure),
    Transition(.finWait1, .finWait2, rcvAckOfFin, none, .rfcFigure),
    Transition(.finWait1, .closing, rcvFin, sendAck, .rfcFigure),
    Transition(.finWait2, .timeWait, rcvFin, sendAck, .rfcFigure),
    Transition(.closing, .timeWait, rcvAckOfFin, none, .rfcFigure),
    Transition(.closeWait, .lastAck, close, sendFin, .rfcFigure),
    Transition(.lastAck, .close, rcvAckOfFin, none, .rfcFigure),
    Transition(
      .timeWait, .close, L("timeout 2MSL (Linux: 60 s)", "超时 2MSL（Linux：60 秒）"),
      L("delete TCB", "删除 TCB"), .rfcFigure),
    // RFC 9293 Figure 5, note 2 and note 3.
    Transition(
      .finWait1, .timeWait, L("rcv FIN that also ACKs our FIN", "收到同时确认我方 FIN 的 FIN"), sendAck,
      .rfcNote),
    Transition(
      .synSent, .close, L("rcv RST that ACKs our SYN", "收到确认我方 SYN 的 RST"), none, .rfcNote),
    Transition(
      .synRecv, .close, L("rcv RST (after an active open)", "收到 RST（主动打开时）"), none, .rfcNote,
      side: .activeOpener),
    Transition(.established, .close, rcvRst, none, .rfcNote),
    Transition(.finWait1, .close, rcvRst, none, .rfcNote),
    Transition(.finWait2, .close, rcvRst, none, .rfcNote),
    Transition(.closeWait, .close, rcvRst, none, .rfcNote),
    Transition(.closing, .close, rcvRst, none, .rfcNote),
    Transition(.lastAck, .close, rcvRst, none, .rfcNote),
    // Linux behaviour.
    Transition(
      .synSent, .close, L("tcp_syn_retries exhausted (ETIMEDOUT)", "tcp_syn_retries 用尽（ETIMEDOUT）"),
      none, .linux),
    Transition(
      .established, .close, L("tcp_retries2 or keepalive probes exhausted", "tcp_retries2 或保活探测用尽"),
      none, .linux),
    Transition(
      .finWait2, .close, L("orphan waited tcp_fin_timeout", "孤儿套接字等待超过 tcp_fin_timeout"), none,
      .linux),
    Transition(
      .finWait1, .close, L("tcp_orphan_retries exhausted", "tcp_orphan_retries 用尽"), none, .linux),
    Transition(
      .closing, .close, L("tcp_orphan_retries exhausted", "tcp_orphan_retries 用尽"), none, .linux),
    Transition(
      .closeWait, .close,
      L("keepalive probes or tcp_retries2 exhausted", "保活探测或 tcp_retries2 用尽"), none, .linux),
    Transition(
      .synRecv, .close,
      L("SYN-ACK retransmissions exhausted (full socket)", "SYN-ACK 重传用尽（完整套接字）"), none,
      .linux),
    Transition(
      .lastAck, .close, L("tcp_orphan_retries exhausted", "tcp_orphan_retries 用尽"), none, .linux),
    Transition(
      .timeWait, .close, L("rcv RST with tcp_rfc1337=0", "tcp_rfc1337=0 时收到 RST"), none, .linux),
    Transition(
      .listen, .newSynRecv, L("rcv SYN (request socket)", "收到 SYN（请求套接字）"), sendSynAck, .linux),
    Transition(
      .newSynRecv, .established, L("rcv ACK of SYN: child socket created", "收到对 SYN 的 ACK：创建子套接字"),
      none, .linux),
    Transition(
      .newSynRecv, .close,
      L(
        "tcp_synack_retries exhausted or rcv RST: request freed",
        "tcp_synack_retries 用尽或收到 RST：释放请求"), none, .linux),
    Transition(
      .close, .boundInactive,
      L(
        "bind() (a sock_diag filter bit; reported as CLOSE)",
        "bind()（sock_diag 的过滤位；报告为 CLOSE）"), none, .linux),
    Transition(.boundInactive, .listen, L("listen()", "listen()"), none, .linux),
    Transition(.boundInactive, .synSent, L("connect()", "connect()"), sendSyn, .linux),
  ]

  /// Edges that leave a state.
  public static func outgoing(_ state: TCPState) -> [Transition] { all.filter { $0.from == state } }
  /// Edges that enter a state.
  public static func incoming(_ state: TCPState) -> [Transition] { all.filter { $0.to == state } }
}
