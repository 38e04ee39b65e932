import CNcurses
import Glibc
import TCPStateKit

/// The terminal while `top` owns it: ncurses on stdin/stdout, keys without
/// echo, no cursor. `restore()` gives it back exactly as it was (ncurses
/// saved the tty modes when it started); `TopLoop` calls it on every way out.
final class Terminal {
  private var screen: OpaquePointer?
  private var colours = false
  private(set) var restored = false

  /// Fails (nil) when ncurses cannot start on this terminal (unknown TERM).
  init?(colour: Bool) {
    setlocale(LC_ALL, "")
    tcpstate_top_catch_signals()
    guard let screen = newterm(nil, stdout, stdin) else { return nil }
    self.screen = screen
    set_term(screen)
    cbreak()
    noecho()
    nonl()
    keypad(stdscr, true)
    curs_set(0)
    set_escdelay(25)
    if colour && has_colors() {
      start_color()
      use_default_colors()
      init_pair(1, Int16(COLOR_RED), -1)
      init_pair(2, Int16(COLOR_YELLOW), -1)
      init_pair(3, Int16(COLOR_CYAN), -1)
      init_pair(4, Int16(COLOR_GREEN), -1)
      colours = true
    }
  }

  deinit { restore() }

  func restore() {
    guard !restored else { return }
    restored = true
    endwin()
    if let screen { delscreen(screen) }
    screen = nil
  }

  var width: Int { Int(getmaxx(stdscr)) }
  var height: Int { Int(getmaxy(stdscr)) }

  /// A signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), or 0.
  var caughtSignal: Int32 { tcpstate_top_signal() }

  /// Waits up to `milliseconds` for a key; nil on timeout or a signal.
  func key(waiting milliseconds: Int32) -> Int32? {
    timeout(milliseconds)
    let key = getch()
    return key == ERR ? nil : key
  }

  func draw(_ lines: [TopLine], bottom: String?) {
    erase()
    let width = self.width
    for (y, line) in lines.enumerated() where y < height {
      let attributes = attributes(line.tone)
      attron(attributes)
      var text = line.text
      if line.tone == .selected || line.tone == .title {
        // The bar runs the whole width, as in top's selected line.
        let pad = width - TextWrap.width(text)
        if pad > 0 { text += String(repeating: " ", count: pad) }
      }
      mvaddnstr(Int32(y), 0, text, -1)
      attroff(attributes)
      if let range = line.highlight, range.upperBound <= line.text.utf8.count {
        let start = line.text.utf8.index(line.text.utf8.startIndex, offsetBy: range.lowerBound)
        let end = line.text.utf8.index(start, offsetBy: range.count)
        let emphasis = tcpstate_attr_bold() | tcpstate_attr_underline()
        attron(emphasis)
        mvaddnstr(Int32(y), Int32(range.lowerBound), String(line.text.utf8[start..<end]) ?? "", -1)
        attroff(emphasis)
      }
    }
    if let bottom, height > 0 {
      mvaddnstr(Int32(height - 1), 0, bottom, Int32(max(0, width)))
    }
    refresh()
  }

  private func attributes(_ tone: TopLine.Tone) -> Int32 {
    func colour(_ pair: Int16) -> Int32 { colours ? Int32(tcpstate_color_pair(pair)) : 0 }
    switch tone {
    case .normal: return 0
    case .title: return Int32(tcpstate_attr_reverse())
    case .columns: return Int32(tcpstate_attr_bold()) | colour(3)
    case .selected: return Int32(tcpstate_attr_reverse())
    case .info: return colour(3)
    case .warning: return Int32(tcpstate_attr_bold()) | colour(2)
    case .critical: return Int32(tcpstate_attr_bold()) | colour(1)
    case .dim: return colours ? Int32(tcpstate_attr_dim()) : 0
    }
  }

  /// ncurses' key codes as `top`'s keys; nil for those it ignores.
  static func topKey(_ code: Int32) -> TopKey? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_ENTER, 10, 13: return .enter
    case 27: return .escape
    case KEY_BACKSPACE, 127, 8: return .backspace
    case 32...126: return .char(Character(Unicode.Scalar(UInt8(code))))
    default: return nil
    }
  }
}
