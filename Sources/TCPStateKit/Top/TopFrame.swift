import TCPStateModel

/// Which sockets `top` shows: connections (every state but LISTEN) or listeners.
public enum TopView: String, Sendable {
  case connections, listeners
}

/// How the rows are chosen and ordered: the parts of `top`'s state that a
/// key press changes and that a new dump does not.
public struct TopOrder: Sendable, Equatable {
  public var view: TopView = .connections
  public var sort: TopColumn = .send
  /// Flips the column's natural order (text ascending, numbers largest first).
  public var reversed = false
  /// The `/` prompt's filter, applied in user space on top of the command line's.
  public var filter: SocketFilter?

  public init(
    view: TopView = .connections, sort: TopColumn = .send, reversed: Bool = false, filter: SocketFilter? = nil
  ) {
    self.view = view
    self.sort = sort
    self.reversed = reversed
    self.filter = filter
  }
}

extension TopOrder {
  /// In the listeners view a column it does not show (rates, rtt) sorts by the accept queue instead.
  public mutating func fitSortToView() {
    if view == .listeners && !TopTextRenderer.listenerColumns.contains(sort) { sort = .recvQ }
  }
}

/// What one screen (or one batch frame) shows: the header and the chosen rows in order.
public struct TopFrame: Sendable {
  public var header: TopHeader
  public var rows: [TopRow]
  public var order: TopOrder
  /// The doctor's most severe finding for this refresh, if any.
  public var finding: Finding?

  public init(header: TopHeader, rows: [TopRow], order: TopOrder, finding: Finding? = nil) {
    self.header = header
    self.rows = rows
    self.order = order
    self.finding = finding
  }

  /// Selects and sorts `rows`. Rows without a value in the sort column (a
  /// blank rate) go last whichever way the order runs; ties keep cookie order
  /// so rows do not swap places between refreshes.
  public static func make(_ model: TopModel, order: TopOrder, finding: Finding? = nil) -> TopFrame {
    let wantListeners = order.view == .listeners
    var chosen = model.rows.filter { row in
      (row.socket.state == .listen) == wantListeners && (order.filter?.matches(row.socket) ?? true)
    }
    let column = order.sort
    let descending = column.numeric != order.reversed
    chosen.sort { a, b in
      switch compare(a, b, by: column) {
      case .some(let ascending) where ascending != 0:
        return descending ? ascending > 0 : ascending < 0
      case .some: return a.cookie < b.cookie
      case .none:
        // One or both blank: the present value first.
        let aBlank = key(a, column) == nil
        let bBlank = key(b, column) == nil
        if aBlank != bBlank { return bBlank }
        return a.cookie < b.cookie
      }
    }
    return TopFrame(header: model.header, rows: chosen, order: order, finding: finding)
  }

  enum Key {
    case number(Double)
    case text(String)
    /// Family, address, port: 10.0.0.9 before 10.0.0.10, port 80 before 443.
    case endpoint(UInt8, UInt64, UInt64, UInt16)
  }

  static func key(_ row: TopRow, _ column: TopColumn) -> Key? {
    func n<T: BinaryInteger>(_ value: T?) -> Key? { value.map { .number(Double($0)) } }
    switch column {
    case .state: return .text(row.socket.state.name)
    case .local: return endpoint(row.socket.local)
    case .peer: return endpoint(row.socket.peer)
    case .process: return row.process.map { .text($0) }
    case .send: return row.sendRate.map { .number($0) }
    case .recv: return row.recvRate.map { .number($0) }
    case .rtt: return n(row.rtt)
    case .cwnd: return n(row.cwnd)
    case .retrans: return n(row.retransInterval)
    case .retransTotal: return n(row.retransTotal)
    case .recvQ: return n(row.socket.recvQ)
    case .sendQ: return n(row.socket.sendQ)
    case .age: return row.stateSeconds.map { .number($0) }
    }
  }

  /// -1, 0, 1 for two present keys; nil when either is blank.
  static func compare(_ a: TopRow, _ b: TopRow, by column: TopColumn) -> Int? {
    switch (key(a, column), key(b, column)) {
    case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.text(let x), .text(let y)): return x < y ? -1 : x > y ? 1 : 0
    case (.endpoint(let f1, let h1, let l1, let p1), .endpoint(let f2, let h2, let l2, let p2)):
      let x = (f1, h1, l1, p1)
      let y = (f2, h2, l2, p2)
      return x < y ? -1 : x > y ? 1 : 0
    default: return nil
    }
  }

  static func endpoint(_ endpoint: Endpoint) -> Key {
    .endpoint(endpoint.address.family.rawValue, endpoint.address.high, endpoint.address.low, endpoint.port)
  }

  /// Where the row with `cookie` now is; nil when it left.
  public func index(of cookie: UInt64?) -> Int? {
    guard let cookie else { return nil }
    return rows.firstIndex { $0.cookie == cookie }
  }
}
