import TCPStateKit

/// A grid of terminal columns for box-drawing pictures. A double-width
/// character (Chinese labels) takes two cells: itself and a filler that is
/// dropped when the lines are read.
struct Canvas {
  /// The second cell of a double-width character.
  static let filler: Character = "\u{0}"
  enum Direction { case left, right, up, down }

  private(set) var cells: [[Character]]

  init(width: Int, height: Int) {
    cells = Array(repeating: Array(repeating: " ", count: width), count: height)
  }

  mutating func put(_ x: Int, _ y: Int, _ character: Character) {
    guard y >= 0, y < cells.count, x >= 0, x < cells[y].count else { return }
    cells[y][x] = character
  }

  mutating func text(_ x: Int, _ y: Int, _ string: String) {
    var column = x
    for character in string {
      put(column, y, character)
      column += 1
      if TextWrap.width(String(character)) == 2 {
        put(column, y, Canvas.filler)
        column += 1
      }
    }
  }

  /// A box of `width` columns and four rows: border, name, count, border.
  mutating func box(_ x: Int, _ y: Int, width: Int, name: String, detail: String) {
    let inner = width - 2
    text(x, y, "┌" + String(repeating: "─", count: inner) + "┐")
    text(x, y + 1, "│" + Canvas.center(name, inner) + "│")
    text(x, y + 2, "│" + Canvas.center(detail, inner) + "│")
    text(x, y + 3, "└" + String(repeating: "─", count: inner) + "┘")
  }

  /// A polyline through axis-aligned points, with arrowheads at either end.
  mutating func path(_ points: [(Int, Int)], arrowAtStart: Bool = false, arrowAtEnd: Bool = true) {
    guard points.count >= 2 else { return }
    for index in 0..<(points.count - 1) {
      let (x0, y0) = points[index]
      let (x1, y1) = points[index + 1]
      if y0 == y1 {
        for x in min(x0, x1)...max(x0, x1) { put(x, y0, "─") }
      } else {
        for y in min(y0, y1)...max(y0, y1) { put(x0, y, "│") }
      }
    }
    for index in 1..<(points.count - 1) {
      let incoming = Canvas.direction(points[index - 1], points[index])
      let outgoing = Canvas.direction(points[index], points[index + 1])
      put(points[index].0, points[index].1, Canvas.corner(from: incoming, to: outgoing))
    }
    if arrowAtEnd, let last = points.last {
      put(last.0, last.1, Canvas.arrow(Canvas.direction(points[points.count - 2], last)))
    }
    if arrowAtStart {
      put(points[0].0, points[0].1, Canvas.arrow(Canvas.direction(points[1], points[0])))
    }
  }

  var lines: [String] {
    cells.map { row in
      var line = String(row.filter { $0 != Canvas.filler })
      while line.last == " " { line.removeLast() }
      return line
    }
  }

  static func center(_ text: String, _ width: Int) -> String {
    let room = max(0, width - text.count)
    return String(repeating: " ", count: room / 2) + text
      + String(repeating: " ", count: room - room / 2)
  }

  static func direction(_ a: (Int, Int), _ b: (Int, Int)) -> Direction {
    if a.1 == b.1 { return b.0 > a.0 ? .right : .left }
    return b.1 > a.1 ? .down : .up
  }

  static func arrow(_ direction: Direction) -> Character {
    switch direction {
    case .left: "◀"
    case .right: "▶"
    case .up: "▲"
    case .down: "▼"
    }
  }

  /// The corner joining the side a line came from with the side it leaves by.
  static func corner(from incoming: Direction, to outgoing: Direction) -> Character {
    let cameFrom: Direction
    switch incoming {
    case .left: cameFrom = .right
    case .right: cameFrom = .left
    case .up: cameFrom = .down
    case .down: cameFrom = .up
    }
    switch (cameFrom, outgoing) {
    case (.right, .down), (.down, .right): return "┌"
    case (.left, .down), (.down, .left): return "┐"
    case (.up, .right), (.right, .up): return "└"
    case (.up, .left), (.left, .up): return "┘"
    default: return "┼"
    }
  }
}
