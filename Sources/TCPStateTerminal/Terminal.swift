import CNcurses
import CShim
import Glibc
import TCPStateKit
import TCPStateTop

/// The terminal while `top` owns it: ncurses on stdin/stdout, keys without
/// echo, no cursor. `restore()` gives it back exactly as it was (ncurses
/// saved the tty modes when it started); `TopLoop` calls it on every way out.
final class Terminal {
  enum Failure: Error {
    /// libncursesw could not be opened (the text says what was missing).
    case library(String)
    /// ncurses could not start on this terminal (an unknown TERM).
    case terminal
  }

  private let curses: tcpstate_curses
  private var screen: OpaquePointer?
  private var colours = false
  private(set) var restored = false

  init(colour: Bool) throws(Failure) {
    var table = tcpstate_curses()
    if let failure = tcpstate_curses_load(&table) { throw .library(String(cString: failure)) }
    curses = table
    setlocale(LC_ALL, "")
    // SIGINT, SIGTERM and SIGHUP only set a flag; without SA_RESTART the
    // waiting getch() returns at once and the loop restores the terminal.
    // The flag lives in CShim's C file: a `static` in a header had one copy
    // per compiled unit, and in the release build the loop read one the
    // handler never wrote (SIGTERM and SIGHUP were ignored).
    tcpstate_install_stop_handlers()
    guard let screen = curses.newterm(nil, stdout, stdin) else { throw .terminal }
    self.screen = screen
    _ = curses.set_term(screen)
    _ = curses.cbreak()
    _ = curses.noecho()
    _ = curses.nonl()
    _ = curses.keypad(window, true)
    _ = curses.curs_set(0)
    _ = curses.set_escdelay(25)
    if colour && curses.has_colors() {
      _ = curses.start_color()
      _ = curses.use_default_colors()
      _ = curses.init_pair(1, Int16(COLOR_RED), -1)
      _ = curses.init_pair(2, Int16(COLOR_YELLOW), -1)
      _ = curses.init_pair(3, Int16(COLOR_CYAN), -1)
      _ = curses.init_pair(4, Int16(COLOR_GREEN), -1)
      colours = true
    }
  }

  deinit { restore() }

  func restore() {
    guard !restored else { return }
    restored = true
    _ = curses.endwin()
    if let screen { curses.delscreen(screen) }
    screen = nil
  }

  private var window: UnsafeMutablePointer<WINDOW>? { curses.stdscr.pointee }

  var width: Int { Int(curses.getmaxx(window)) }
  var height: Int { Int(curses.getmaxy(window)) }

  /// A signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), or 0.
  var caughtSignal: Int32 { tcpstate_stop_signal() }

  /// The terminal went away (its pty closed, e.g. the tmux server or the
  /// SSH connection died) without a SIGHUP reaching us: a shell between
  /// took it. getch() then returns at once forever; `top` must stop.
  var hungUp: Bool {
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    guard poll(&descriptor, 1, 0) == 1 else { return false }
    return descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
  }

  /// Waits up to `milliseconds` for a key; nil on timeout or a signal.
  func key(waiting milliseconds: Int32) -> Int32? {
    curses.wtimeout(window, milliseconds)
    let key = curses.wgetch(window)
    return key == ERR ? nil : key
  }

  func draw(_ lines: [TopLine], bottom: String?) {
    _ = curses.werase(window)
    let width = self.width
    for (y, line) in lines.enumerated() where y < height {
      let attributes = attributes(line.tone)
      _ = curses.wattr_on(window, attr_t(attributes), nil)
      var text = line.text
      if line.tone == .selected || line.tone == .title {
        // The bar runs the whole width, as in top's selected line.
        let pad = width - TextWrap.width(text)
        if pad > 0 { text += String(repeating: " ", count: pad) }
      }
      _ = curses.mvwaddnstr(window, Int32(y), 0, text, -1)
      _ = curses.wattr_off(window, attr_t(attributes), nil)
      if let range = line.highlight, range.upperBound <= line.text.utf8.count {
        let start = line.text.utf8.index(line.text.utf8.startIndex, offsetBy: range.lowerBound)
        let end = line.text.utf8.index(start, offsetBy: range.count)
        let emphasis = tcpstate_attr_bold() | tcpstate_attr_underline()
        _ = curses.wattr_on(window, attr_t(emphasis), nil)
        _ = curses.mvwaddnstr(window, Int32(y), Int32(range.lowerBound), String(line.text.utf8[start..<end]) ?? "", -1)
        _ = curses.wattr_off(window, attr_t(emphasis), nil)
      }
    }
    if let bottom, height > 0 {
      _ = curses.mvwaddnstr(window, Int32(height - 1), 0, bottom, Int32(max(0, width)))
    }
    _ = curses.wrefresh(window)
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
