import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// `tcpstate diagram --json`: the states with their live counts and the
/// edges, from the same transition table the picture, dot and Mermaid draw.
public enum DiagramJSON {
  /// `counts` nil: no live section (`--no-live`) or the dump failed (`note` says why).
  public static func render(counts: [TCPState: Int]?, note: String? = nil, language: Language) -> JSONValue {
    let renderer = DiagramRenderer(counts: counts, language: language)
    let states: [JSONValue] = TCPState.known.map { state in
      .object([
        ("name", .string(state.name)), ("number", .int(Int(state.rawValue))), ("ss", .string(state.ssName)),
        ("rfc", .optional(state.rfcName)),
        ("count", renderer.documentCount(state).map { .int($0) } ?? .null),
      ])
    }
    let edges: [JSONValue] = Transitions.all.map { transition in
      let event = transition.event.text(language)
      let action = transition.action.text(language)
      return .object([
        ("from", .string(transition.from.name)), ("to", .string(transition.to.name)),
        ("event", .string(event)), ("action", .string(action)),
        ("label", .string(action.isEmpty ? event : event + " / " + action)),
        ("origin", .string(transition.origin.rawValue)),
        ("side", .string(transition.side.rawValue)),
      ])
    }
    return .object([
      ("language", .string(language.rawValue)),
      ("live", .bool(counts != nil)),
      ("counts_note", .optional(note)),
      ("states", .array(states)),
      ("edges", .array(edges)),
    ])
  }
}
