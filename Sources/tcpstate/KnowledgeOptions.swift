import ArgumentParser
import Glibc
import TCPStateExplain
import TCPStateKernel
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// What one subcommand reads under `--proc-root`, said in its help.
protocol ProcRootReading {
  static var help: ArgumentHelp { get }
}

/// Options shared by `explain`, `tunables`, `diagram` and `doctor`; `Reading`
/// words `--proc-root` for the subcommand, which reads different files there.
struct KnowledgeOptions<Reading: ProcRootReading>: ParsableArguments {
  @Option(
    name: .long, help: "Language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG).",
    completion: .list(CompletionWords.languages))
  var lang: String?

  @Option(
    name: .long,
    help: Reading.help, completion: .directory)
  var procRoot: String = "/proc"

  @OptionGroup var colors: ColorOptions

  /// A --proc-root that is not a directory would show every tunable and
  /// counter as missing: say so instead, and which of the two it is.
  func validate() throws {
    var status = stat()
    let shown = TextEscaping.escape(procRoot)
    guard stat(procRoot, &status) == 0 else {
      if errno == ENOENT { throw ValidationError("--proc-root '\(shown)' does not exist") }
      throw ValidationError("--proc-root '\(shown)': \(String(cString: strerror(errno)))")
    }
    guard status.st_mode & S_IFMT == S_IFDIR else {
      throw ValidationError("--proc-root '\(shown)' is not a directory")
    }
  }

  func language() throws -> Language {
    try Language.resolve(flag: lang, environment: ProcessEnvironment.current)
  }

  /// The terminal's width, else $COLUMNS, else 80.
  func width() -> Int { TerminalWidth.detected() ?? 80 }

  /// Tunables read from the proc root, and socket counts where available;
  /// with `examplesOf`, a few sockets in that state and their processes.
  func liveHost(examplesOf state: TCPState? = nil) -> LiveHost {
    let readings = SkippedFileWarnings().readTunables(procRoot: procRoot)
    let (counts, note) = liveSocketCounts()
    var live = LiveHost(readings: readings, counts: counts, countsNote: note)
    if let state, (counts?[state] ?? 0) > 0 { live.examples = liveExamples(of: state) }
    return live
  }
}

/// Up to `limit` sockets in `state`, with their owners where /proc lets us
/// see them (all with root, one's own without). The process scan runs only
/// when there is something to show.
func liveExamples(of state: TCPState, limit: Int = 5) -> [LiveSocket] {
  var found: [Socket] = []
  _ = try? SockDiagDumper().dump(filter: SocketFilter(states: StateSet(state))) { socket in
    found.append(socket)
    return found.count < limit
  }
  guard !found.isEmpty else { return [] }
  let owners = found.contains { $0.inode != 0 } ? ProcessMap.scan() : ProcessMap()
  return found.map {
    LiveSocket(local: $0.local, peer: $0.peer, processes: $0.inode == 0 ? [] : owners.processes(for: $0.inode))
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
