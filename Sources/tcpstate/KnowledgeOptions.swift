import ArgumentParser
import Glibc
import TCPStateKernel
import TCPStateKit
import TCPStateModel

/// Options shared by `explain`, `tunables` and `diagram`.
struct KnowledgeOptions: ParsableArguments {
  @Option(
    name: .long, help: "Language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG).",
    completion: .list(CompletionWords.languages))
  var lang: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Read tunables from DIR/sys/... instead of /proc/sys (a fake tree for tests).", valueName: "dir"),
    completion: .directory)
  var procRoot: String = "/proc"

  @OptionGroup var colors: ColorOptions

  /// A --proc-root that is not a directory would show every tunable and
  /// counter as missing: say so instead.
  func validate() throws {
    var status = stat()
    guard stat(procRoot, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
      throw ValidationError("--proc-root '\(procRoot)' is not a directory")
    }
  }

  func language() throws -> Language {
    try Language.resolve(flag: lang, environment: ProcessEnvironment.current)
  }

  /// The terminal's width, else $COLUMNS, else 80.
  func width() -> Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
      size.ws_col >= 40
    {
      return Int(size.ws_col)
    }
    if let columns = ProcessEnvironment.current["COLUMNS"].flatMap({ Int($0) }), columns >= 40 {
      return columns
    }
    return 80
  }

  /// Tunables read from the proc root, and socket counts where available.
  func liveHost() -> LiveHost {
    let readings = TunableReader(procRoot: procRoot).readAll()
    let (counts, note) = liveSocketCounts()
    return LiveHost(readings: readings, counts: counts, countsNote: note)
  }
}

/// Sockets per state for the live section and the diagram, from sock_diag
/// (bound-inactive included). When the dump fails the counts are reported as
/// unavailable, with the reason, never guessed.
func liveSocketCounts() -> (counts: [TCPState: Int]?, note: String?) {
  do {
    return (
      try SocketCounter.countByState(filter: SocketFilter(states: StateSet(TCPState.known))), nil
    )
  } catch {
    return (nil, error.userError.message)
  }
}

enum ProcessEnvironment {
  static var current: [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return result
  }
}
