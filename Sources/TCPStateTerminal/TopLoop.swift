import CNcurses
import Glibc
import TCPStateDoctor
import TCPStateKit
import TCPStateTop

/// `top`'s interactive loop: refresh every `interval` seconds unless paused,
/// answer keys in between, redraw on resize (ncurses turns SIGWINCH into
/// KEY_RESIZE). The terminal is given back on `q`, Ctrl-C, SIGTERM, SIGHUP
/// and on any error thrown by `sample`.
public struct TopLoop {
  public var interval: Double
  public var colour: Bool
  public var session: TopSession
  /// Takes a snapshot (the dump, counters, processes).
  /// Takes a snapshot; the argument is how many sockets the last one had.
  public var sample: (Int) throws -> TopSnapshot
  /// The doctor's worst finding for the model's latest two snapshots.
  public var finding: (TopModel) -> Finding?
  public var now: () -> Double

  public init(
    interval: Double, colour: Bool, session: TopSession, sample: @escaping (Int) throws -> TopSnapshot,
    finding: @escaping (TopModel) -> Finding?, now: @escaping () -> Double
  ) {
    self.interval = interval
    self.colour = colour
    self.session = session
    self.sample = sample
    self.finding = finding
    self.now = now
  }

  public enum Failure: Error {
    /// libncursesw could not be loaded; the text says what was missing.
    case noLibrary(String)
    /// ncurses could not start on this terminal (an unknown TERM).
    case noTerminal
  }

  /// Runs until the user quits. Returns the signal that ended it (0 for `q`),
  /// after the terminal has been restored, so the caller can exit as that signal would.
  public mutating func run() throws -> Int32 {
    var model = TopModel()
    model.ingest(try sample(0))
    var worst = finding(model)
    let terminal: Terminal
    do {
      terminal = try Terminal(colour: colour)
    } catch .library(let text) {
      throw Failure.noLibrary(text)
    } catch {
      throw Failure.noTerminal
    }
    defer { terminal.restore() }
    var frame = TopFrame.make(model, order: session.order, finding: worst)
    var nextRefresh = now() + interval
    func redraw() {
      frame = TopFrame.make(model, order: session.order, finding: worst)
      let page = TopTextRenderer.pageRows(height: terminal.height)
      session.follow(frame, pageRows: page)
      terminal.draw(screen(frame, terminal), bottom: bottomLine())
    }
    redraw()
    while true {
      if terminal.caughtSignal != 0 { return terminal.caughtSignal }
      if terminal.hungUp { return SIGHUP }
      let wait = session.paused ? 500 : max(0, min(500, Int32((nextRefresh - now()) * 1000)))
      if let code = terminal.key(waiting: wait) {
        if code == KEY_RESIZE {
          redraw()
          continue
        }
        guard let key = Terminal.topKey(code) else { continue }
        let page = TopTextRenderer.pageRows(height: terminal.height)
        switch session.handle(key, frame: frame, pageRows: page) {
        case .quit: return 0
        case .none: continue
        case .redraw: redraw()
        case .refresh: nextRefresh = now()
        }
      }
      if !session.paused && now() >= nextRefresh {
        let expected = model.rows.count
        frame = TopFrame.make(TopModel(), order: session.order)  // lets the old rows go
        model.ingest(try sample(expected))
        worst = finding(model)
        nextRefresh = max(nextRefresh + interval, now() + interval / 2)
        redraw()
      }
    }
  }

  func screen(_ frame: TopFrame, _ terminal: Terminal) -> [TopLine] {
    let width = terminal.width
    let height = terminal.height
    var lines = TopTextRenderer.screen(frame, session: session, width: width, height: height - 1)
    let overlay: [String]
    switch session.overlay {
    case .help: overlay = TopOverlayText.help()
    case .details:
      let index = session.current(frame)
      guard frame.rows.indices.contains(index) else { return lines }
      overlay = TopOverlayText.details(frame.rows[index], width: width)
    case .none, .prompt: return lines
    }
    // The overlay replaces the rows; the header stays.
    lines = Array(lines.prefix(TopTextRenderer.headerHeight - 1))
    lines += overlay.prefix(max(0, height - 1 - lines.count)).map { TopLine(String($0.prefix(width))) }
    return lines
  }

  func bottomLine() -> String? {
    if case .prompt(let text) = session.overlay {
      return "filter (Enter applies, Esc cancels): " + text + "_"
    }
    return session.message
  }
}
