import TCPStateKit
import TCPStateKnowledge
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
      out += fitted("  " + TextWrap.pad(edge.from.name, to: 15) + "──", label(edge, lang) + "──▶")
    }
    let title = count.map { "\(state.name)  \($0)" } ?? state.name
    let inner = TextWrap.width(title) + 2
    out.append(
      "  " + String(repeating: " ", count: 17) + "┌" + String(repeating: "─", count: inner) + "┐")
    out.append("  " + String(repeating: " ", count: 17) + "│ " + style.apply(.cyan, title) + " │")
    out.append(
      "  " + String(repeating: " ", count: 17) + "└" + String(repeating: "─", count: inner) + "┘")
    for edge in Transitions.outgoing(state) {
      out += fitted(
        "  " + String(repeating: " ", count: 17) + "──",
        label(edge, lang) + TextWrap.unbreakable("──▶ " + edge.to.name))
    }
    return out
  }

  /// `prefix` and `rest` on one line when it fits the terminal; otherwise
  /// `rest` wrapped at word boundaries, continued under the label's start.
  func fitted(_ prefix: String, _ rest: String) -> [String] {
    let plain = rest.replacingAll(String(TextWrap.joiner), with: " ").replacingAll(
      String(TextWrap.wordJoiner), with: "")
    if TextWrap.width(prefix) + TextWrap.width(plain) <= options.width { return [prefix + plain] }
    let indent = String(repeating: " ", count: TextWrap.width(prefix) + 1)
    var lines = TextWrap.wrap(
      String(rest.drop { $0 == " " }), columns: options.width, indent: indent,
      breakBetweenWide: options.language == .zh)
    lines[0] = prefix + " " + lines[0].dropFirst(indent.count)
    return lines
  }

  func label(_ edge: Transition, _ lang: Language) -> String {
    let action = edge.action.text(lang)
    let text = action.isEmpty ? edge.event.text(lang) : edge.event.text(lang) + " / " + action
    return " " + text + (edge.origin == .linux ? " [Linux]" : "") + " "
  }
}
