import TCPStateDoctor
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

/// The chosen rows in display order: positions into the model's rows, so
/// sorting 100k rows moves 4-byte indices, not 400-byte sockets.
public struct TopRows: RandomAccessCollection, Sendable {
  let all: [TopRow]
  let order: [Int32]

  public var startIndex: Int { 0 }
  public var endIndex: Int { order.count }
  public subscript(position: Int) -> TopRow { all[Int(order[position])] }
}

/// What one screen (or one batch frame) shows: the header and the chosen rows in order.
public struct TopFrame: Sendable {
  public var header: TopHeader
  public var rows: TopRows
  public var order: TopOrder
  /// The doctor's most severe finding for this refresh, if any.
  public var finding: Finding?

  /// Selects and sorts the model's rows. Rows without a value in the sort
  /// column (a blank rate) go last whichever way the order runs; ties keep
  /// cookie order so rows do not swap places between refreshes.
  public static func make(_ model: TopModel, order: TopOrder, finding: Finding? = nil) -> TopFrame {
    let all = model.rows
    let wantListeners = order.view == .listeners
    var chosen: [Int32] = []
    chosen.reserveCapacity(all.count)
    // Rows are read in place by index (a `for row in` copy is ~600 bytes each).
    for index in all.indices
    where (all[index].socket.state == .listen) == wantListeners && (order.filter?.matches(all[index].socket) ?? true) {
      chosen.append(Int32(index))
    }
    // Ties are broken by cookie: read once, not out of a row per comparison.
    let cookies = all.map(\.cookie)
    let column = order.sort
    let descending = column.numeric != order.reversed
    if column.numeric {
      // Keys read once per row; NaN marks a blank.
      var keys = [Double](repeating: .nan, count: all.count)
      for index in chosen {
        if case .number(let value) = key(all[Int(index)], column) { keys[Int(index)] = value }
      }
      chosen.sort { a, b in
        let x = keys[Int(a)]
        let y = keys[Int(b)]
        if x.isNaN || y.isNaN {
          if x.isNaN != y.isNaN { return y.isNaN }
        } else if x != y {
          return descending ? x > y : x < y
        }
        return cookies[Int(a)] < cookies[Int(b)]
      }
    } else {
      // Keys read once per row, as for the numeric columns.
      var keys = [Key?](repeating: nil, count: all.count)
      for index in chosen { keys[Int(index)] = key(all[Int(index)], column) }
      chosen.sort { a, b in
        let keyA = keys[Int(a)]
        let keyB = keys[Int(b)]
        if let ascending = compare(keyA, keyB) {
          if ascending != 0 { return descending ? ascending > 0 : ascending < 0 }
        } else if (keyA == nil) != (keyB == nil) {
          return keyB == nil
        }
        return cookies[Int(a)] < cookies[Int(b)]
      }
    }
    return TopFrame(
      header: model.header, rows: TopRows(all: all, order: chosen), order: order, finding: finding)
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
    case .family: return .text(row.socket.local.address.family == .inet6 ? "inet6" : "inet")
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
    compare(key(a, column), key(b, column))
  }

  static func compare(_ a: Key?, _ b: Key?) -> Int? {
    switch (a, b) {
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
    // Through the order, not the rows collection: its subscript copies a
    // whole row (~600 bytes) per element, 100k of them per refresh.
    return rows.order.firstIndex { rows.all[Int($0)].cookie == cookie }
  }
}
