import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// The `--json` form of `explain` and `tunables`. Keys are snake_case and stable.
public enum ExplainJSON {
  public static func subject(_ subject: KnowledgeBase.Subject, _ options: ExplainOptions)
    -> JSONValue
  {
    switch subject {
    case .entry(let entry): return self.entry(entry, options)
    case .tunable(let tunable): return self.tunable(tunable, options)
    }
  }

  public static func entry(_ entry: KnowledgeEntry, _ options: ExplainOptions) -> JSONValue {
    let lang = options.language
    var pairs: [(String, JSONValue)] = [
      ("kind", .string(entry.kind.rawValue)),
      ("id", .string(entry.id)),
      ("language", .string(lang.rawValue)),
      ("title", .text(entry.title, lang)),
      ("summary", .text(entry.summary, lang)),
    ]
    if let state = entry.state {
      pairs.append(("names", names(state)))
    } else {
      pairs.append(("aliases", .strings(entry.aliases)))
    }
    pairs.append(
      (
        "sections",
        .array(
          entry.sections.map { section in
            .object([
              ("key", .string(section.key)), ("heading", .text(section.heading, lang)),
              ("text", .text(section.body, lang)),
            ])
          })
      ))
    pairs.append(
      (
        "tcpdump",
        .array(
          entry.tcpdump.map {
            .object([("flags", .string($0.flags)), ("meaning", .text($0.meaning, lang))])
          })
      ))
    pairs.append(("tunables", .strings(entry.tunables)))
    pairs.append(("related", .strings(entry.related)))
    if let state = entry.state {
      pairs.append(
        (
          "transitions",
          .object([
            ("incoming", .array(Transitions.incoming(state).map { transition($0, lang) })),
            ("outgoing", .array(Transitions.outgoing(state).map { transition($0, lang) })),
          ])
        ))
    }
    pairs.append(("sources", sources(entry.sources)))
    pairs.append(("live", live(tunables: entry.tunables, state: entry.state, options)))
    return .object(pairs)
  }

  public static func tunable(_ tunable: Tunable, _ options: ExplainOptions) -> JSONValue {
    let lang = options.language
    var pairs = tunableStatic(tunable, lang)
    pairs.insert(("kind", .string("tunable")), at: 0)
    pairs.append(("live", options.live.map { row($0.rows(for: [tunable.name])[0], lang) } ?? .null))
    return .object(pairs)
  }

  /// `tcpstate tunables --json`.
  public static func catalogue(_ rows: [LiveHost.Row], _ language: Language) -> JSONValue {
    .object([
      ("language", .string(language.rawValue)),
      (
        "tunables",
        .array(
          rows.map { row in
            .object(tunableStatic(row.tunable, language) + [("live", self.row(row, language))])
          })
      ),
    ])
  }

  /// `tcpstate explain --json` without a word: everything that can be explained.
  public static func index(_ language: Language) -> JSONValue {
    .object([
      (
        "states",
        .array(
          KnowledgeBase.states.map { entry in
            .object([
              ("id", .string(entry.id)), ("ss", .optional(entry.state?.ssName)),
              ("title", .text(entry.title, language)),
            ])
          })
      ),
      (
        "topics",
        .array(
          KnowledgeBase.topics.map { entry in
            .object([
              ("id", .string(entry.id)), ("aliases", .strings(entry.aliases)),
              ("title", .text(entry.title, language)),
            ])
          })
      ),
      ("tunables", .strings(TunableCatalog.all.map(\.name))),
    ])
  }

  static func names(_ state: TCPState) -> JSONValue {
    .object([
      ("kernel", .string(state.name)), ("number", .int(Int(state.rawValue))),
      ("ss", .string(state.ssName)),
      ("rfc", .optional(state.rfcName)),
    ])
  }

  static func transition(_ t: Transition, _ lang: Language) -> JSONValue {
    .object([
      ("from", .string(t.from.name)), ("to", .string(t.to.name)), ("event", .text(t.event, lang)),
      ("action", .text(t.action, lang)), ("origin", .string(t.origin.rawValue)),
    ])
  }

  static func tunableStatic(_ t: Tunable, _ lang: Language) -> [(String, JSONValue)] {
    [
      ("name", .string(t.name)), ("sysctl", .string(t.sysctl)),
      ("path", .string("/proc/" + t.procPath)),
      ("meaning", .text(t.meaning, lang)), ("unit", .string(t.unit.rawValue)),
      ("default", .string(t.defaultValue.display)),
      ("default_note", t.defaultValue.note.map { .text($0, lang) } ?? .null),
      ("governs", .strings(t.governs.map(\.name))),
      ("sources", sources(t.sources)),
    ]
  }

  /// Each source as kind, document, detail and the one-line citation pages show.
  static func sources(_ sources: [Source]) -> JSONValue {
    .array(
      sources.map { source in
        .object([
          ("kind", .string(source.kind.rawValue)), ("document", .string(source.document)),
          ("detail", .string(source.detail)), ("citation", .string(source.citation)),
        ])
      })
  }

  static func row(_ row: LiveHost.Row, _ lang: Language) -> JSONValue {
    var pairs: [(String, JSONValue)] = []
    switch row.reading {
    case .value(let value):
      // Multi-value files separate fields with tabs; JSON carries them
      // space-separated (as sysctl prints them) and as a list.
      let fields = TunableDefault.split(value)
      pairs = [
        ("status", .string("ok")), ("value", .string(fields.joined(separator: " "))),
        ("fields", .strings(fields)),
      ]
    case .missing:
      pairs = [("status", .string("missing")), ("value", .null)]
    case .unreadable(let reason):
      pairs = [("status", .string("unreadable")), ("value", .null), ("error", .string(reason))]
    }
    pairs.append(("differs_from_default", row.differsFromDefault.map { .bool($0) } ?? .null))
    pairs.append(("implication", row.implication.map { .text($0, lang) } ?? .null))
    return .object(pairs)
  }

  static func live(tunables: [String], state: TCPState?, _ options: ExplainOptions) -> JSONValue {
    guard let live = options.live else { return .null }
    let rows = live.rows(for: tunables).map { row in
      JSONValue.object(
        [("name", .string(row.tunable.name))] + (self.row(row, options.language).pairs))
    }
    var pairs: [(String, JSONValue)] = []
    if let state {
      pairs.append(("sockets", live.count(of: state).map { .int($0) } ?? .null))
      pairs.append(
        (
          "sockets_note",
          .optional(live.counts == nil ? (live.countsNote ?? "socket counts unavailable") : nil)
        ))
    }
    pairs.append(("tunables", .array(rows)))
    return .object(pairs)
  }
}

extension JSONValue {
  /// The pairs of an object, empty for anything else.
  var pairs: [(String, JSONValue)] {
    if case .object(let pairs) = self { return pairs }
    return []
  }
}
