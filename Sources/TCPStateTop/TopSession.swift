import TCPStateModel

/// A key as the terminal layer decoded it.
public enum TopKey: Sendable, Equatable {
  case char(Character)
  case up, down, pageUp, pageDown, home, end, enter, escape, backspace
}

/// What the terminal loop should do after a key.
public enum TopAction: Sendable, Equatable {
  case none
  /// Re-sort / re-filter the rows already held and draw again.
  case redraw
  /// Take a new snapshot now.
  case refresh
  case quit
}

/// Everything interactive about `top`, without a terminal: order, selection,
/// scrolling, pause, the overlay shown and the `/` prompt's text. Keys go in,
/// an action comes out; the ncurses layer only draws what this says.
public struct TopSession: Sendable {
  public enum Overlay: Sendable, Equatable {
    case none, help, details
    /// The `/` prompt with what has been typed so far.
    case prompt(String)
  }

  public var order = TopOrder()
  public var paused = false
  public var overlay = Overlay.none
  /// The selected connection, followed across refreshes by cookie.
  public var selected: UInt64?
  /// Where the selection was, for when its connection leaves.
  public var selectedIndex = 0
  /// The first row shown.
  public var scroll = 0
  /// The words of the active `/` filter, shown in the header.
  public var filterText = ""
  /// One line of feedback (a bad filter word), cleared by the next key.
  public var message: String?

  public init(order: TopOrder = TopOrder()) { self.order = order }

  /// Applies one key. `frame` is what is on screen now; `pageRows` how many rows fit.
  public mutating func handle(_ key: TopKey, frame: TopFrame, pageRows: Int) -> TopAction {
    message = nil
    if case .prompt(let text) = overlay { return prompt(key, text) }
    if overlay != .none {
      switch key {
      case .char("q"), .escape, .enter, .char("?"), .char("h"):
        overlay = .none
        return .redraw
      default: break
      }
    }
    switch key {
    case .char("q"): return .quit
    case .char("?"), .char("h"):
      overlay = .help
      return .redraw
    case .enter:
      overlay = frame.rows.isEmpty ? .none : .details
      return .redraw
    case .char("p"), .char(" "):
      paused.toggle()
      return paused ? .redraw : .refresh
    case .char("l"):
      order.view = order.view == .listeners ? .connections : .listeners
      order.fitSortToView()
      selected = nil
      selectedIndex = 0
      scroll = 0
      return .redraw
    case .char("r"):
      order.reversed.toggle()
      return .redraw
    case .char("<"), .char(">"):
      let all = TopColumn.allCases
      let at = all.firstIndex(of: order.sort) ?? 0
      order.sort = all[(at + (key == .char(">") ? 1 : all.count - 1)) % all.count]
      return .redraw
    case .char("/"):
      overlay = .prompt(filterText)
      return .redraw
    case .char(let c):
      if let column = TopColumn.forKey(c) {
        // The same key again flips the order, as in htop.
        if order.sort == column {
          order.reversed.toggle()
        } else {
          order.sort = column
          order.reversed = false
        }
        return .redraw
      }
      return .none
    case .up: return move(to: current(frame) - 1, frame, pageRows)
    case .down: return move(to: current(frame) + 1, frame, pageRows)
    case .pageUp: return move(to: current(frame) - max(1, pageRows), frame, pageRows)
    case .pageDown: return move(to: current(frame) + max(1, pageRows), frame, pageRows)
    case .home: return move(to: 0, frame, pageRows)
    case .end: return move(to: frame.rows.count - 1, frame, pageRows)
    case .escape, .backspace: return .none
    }
  }

  /// The selected row's index in `frame`: the same connection if it is still
  /// there, otherwise the row now at its old place.
  public func current(_ frame: TopFrame) -> Int {
    guard !frame.rows.isEmpty else { return 0 }
    return frame.index(of: selected) ?? min(selectedIndex, frame.rows.count - 1)
  }

  /// Keeps the selection on its connection after a refresh or re-sort, and on screen.
  public mutating func follow(_ frame: TopFrame, pageRows: Int) {
    _ = move(to: current(frame), frame, pageRows)
    if overlay == .details && frame.rows.isEmpty { overlay = .none }
  }

  mutating func move(to index: Int, _ frame: TopFrame, _ pageRows: Int) -> TopAction {
    guard !frame.rows.isEmpty else {
      selected = nil
      selectedIndex = 0
      scroll = 0
      return .redraw
    }
    let clamped = max(0, min(index, frame.rows.count - 1))
    selected = frame.rows[clamped].cookie
    selectedIndex = clamped
    let page = max(1, pageRows)
    if clamped < scroll { scroll = clamped }
    if clamped >= scroll + page { scroll = clamped - page + 1 }
    scroll = max(0, min(scroll, max(0, frame.rows.count - page)))
    return .redraw
  }

  mutating func prompt(_ key: TopKey, _ text: String) -> TopAction {
    switch key {
    case .escape:
      overlay = .none
      return .redraw
    case .backspace:
      overlay = .prompt(String(text.dropLast()))
      return .redraw
    case .enter:
      do {
        let words = text.split(separator: " ").map(String.init)
        order.filter = words.isEmpty ? nil : try TopFilterWords.parse(words)
        filterText = words.joined(separator: " ")
        overlay = .none
        scroll = 0
      } catch {
        message = error.message
        overlay = .prompt(text)
      }
      return .redraw
    case .char(let c):
      overlay = .prompt(text + String(c))
      return .redraw
    default:
      return .none
    }
  }
}
