import TCPStateModel

/// A state and its edges in and out, drawn as a box with arrows: the part of
/// `tcpstate diagram` around one state, built from `Transitions.all`.
public struct NeighbourhoodRenderer: Sendable {
  public var options: ExplainOptions

  public init(_ options: ExplainOptions) { self.options = options }

  public func render(_ state: TCPState, count: Int?) -> [String] {
    let lang = options.language
    let style = options.style
    var out: [String] = []
    for edge in Transitions.incoming(state) {
      out.append("  " + TextWrap.pad(edge.from.name, to: 15) + "──" + label(edge, lang) + "──▶")
    }
    let title = count.map { "\(state.name)  \($0)" } ?? state.name
    let inner = TextWrap.width(title) + 2
    out.append(
      "  " + String(repeating: " ", count: 17) + "┌" + String(repeating: "─", count: inner) + "┐")
    out.append("  " + String(repeating: " ", count: 17) + "│ " + style.apply(.cyan, title) + " │")
    out.append(
      "  " + String(repeating: " ", count: 17) + "└" + String(repeating: "─", count: inner) + "┘")
    for edge in Transitions.outgoing(state) {
      out.append(
        "  " + String(repeating: " ", count: 17) + "──" + label(edge, lang) + "──▶ " + edge.to.name)
    }
    return out
  }

  func label(_ edge: Transition, _ lang: Language) -> String {
    let action = edge.action.text(lang)
    let text = action.isEmpty ? edge.event.text(lang) : edge.event.text(lang) + " / " + action
    return " " + text + (edge.origin == .linux ? " [Linux]" : "") + " "
  }
}
