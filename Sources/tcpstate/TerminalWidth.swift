import Glibc

/// The width output should fit: the terminal's (stdout), else $COLUMNS, else
/// nil (a pipe with no width asked for: lines stay whole, as ss writes them).
enum TerminalWidth {
  static func detected() -> Int? {
    var size = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 {
      return Int(size.ws_col)
    }
    if let columns = ProcessEnvironment.current["COLUMNS"].flatMap({ Int($0) }), columns >= 40 {
      return columns
    }
    return nil
  }
}
