import TCPStateKit

/// A parsed `--where` expression: comparisons of a field with a constant
/// (already in the field's base unit), combined with and/or/not.
public indirect enum WhereExpression: Sendable {
  case compare(SocketField, WhereComparison, UInt64)
  case and(WhereExpression, WhereExpression)
  case or(WhereExpression, WhereExpression)
  case not(WhereExpression)

  /// Every field the expression reads (to know what to ask the kernel for).
  public var fields: [SocketField] {
    switch self {
    case .compare(let field, _, _): [field]
    case .and(let a, let b), .or(let a, let b): a.fields + b.fields
    case .not(let a): a.fields
    }
  }

  /// A comparison on a value the socket does not have (no tcp_info on a
  /// TIME_WAIT socket) is false; `not` turns it true, as it reads.
  func evaluate(_ value: (SocketField) -> UInt64?) -> Bool {
    switch self {
    case .compare(let field, let comparison, let constant):
      guard let actual = value(field) else { return false }
      return comparison.holds(actual, constant)
    case .and(let a, let b): return a.evaluate(value) && b.evaluate(value)
    case .or(let a, let b): return a.evaluate(value) || b.evaluate(value)
    case .not(let a): return !a.evaluate(value)
    }
  }
}

/// Recursive descent over the tokens; `not` binds tighter than `and`, `and`
/// tighter than `or`, as in SQL and ss's filter language.
struct WhereParser {
  let text: String
  let tokens: [WhereToken]
  var position = 0
  /// `watch --where` tests summaries: a field they cannot have is refused at its token.
  var forSummaries = false

  init(_ text: String) throws(TCPStateError) {
    self.text = text
    tokens = try WhereLexer.tokens(text)
  }

  var current: WhereToken { tokens[position] }

  mutating func parse() throws(TCPStateError) -> WhereExpression {
    guard current.kind != .end else {
      throw TCPStateError(.usage, "--where needs an expression", hints: ["example: --where 'rtt>50ms and retrans>0'"])
    }
    let expression = try parseOr()
    guard current.kind == .end else {
      throw error(at: current, "expected 'and', 'or' or the end here")
    }
    return expression
  }

  mutating func parseOr() throws(TCPStateError) -> WhereExpression {
    var left = try parseAnd()
    while current.kind == .or {
      position += 1
      left = .or(left, try parseAnd())
    }
    return left
  }

  mutating func parseAnd() throws(TCPStateError) -> WhereExpression {
    var left = try parseNot()
    while current.kind == .and {
      position += 1
      left = .and(left, try parseNot())
    }
    return left
  }

  mutating func parseNot() throws(TCPStateError) -> WhereExpression {
    if current.kind == .not {
      position += 1
      return .not(try parseNot())
    }
    if current.kind == .open {
      let open = current
      position += 1
      let inner = try parseOr()
      guard current.kind == .close else { throw error(at: open, "this '(' is never closed") }
      position += 1
      return inner
    }
    return try parseComparison()
  }

  mutating func parseComparison() throws(TCPStateError) -> WhereExpression {
    let fieldToken = current
    guard case .word(let name) = fieldToken.kind else {
      throw error(at: fieldToken, "expected a field name here (rtt, retrans, send_q, cwnd …)")
    }
    guard let field = SocketField.named(name) else {
      let suggestions = SocketField.suggestions(for: name)
      throw error(
        at: fieldToken, "unknown field '\(name)'",
        hints: suggestions.isEmpty
          ? ["tcpstate list --help lists the fields"] : ["did you mean \(suggestions.joined(separator: " or "))?"])
    }
    if forSummaries && !field.inSummaries {
      throw error(
        at: fieldToken,
        "'\(name)' is not known for a watch summary (a destroyed socket reports no queues, timers or memory)",
        hints: [
          "summaries have lifetime, local_port, peer_port and the tcp_info fields (rtt, bytes_sent, total_retrans …)"
        ])
    }
    position += 1
    guard case .comparison(let comparison) = current.kind else {
      throw error(at: current, "expected a comparison after '\(name)' (<, <=, >, >=, == or !=)")
    }
    position += 1
    let valueToken = current
    guard case .number(let number, let unit) = valueToken.kind else {
      throw error(at: valueToken, "expected a number after '\(name)\(comparison.rawValue)'")
    }
    guard let multiplier = WhereUnits.multiplier(unit, for: field.unit) else {
      let what = unit.isEmpty ? "'\(name)' is a time" : "'\(unit)' is not a unit for \(name)"
      // Underline the unit when there is one, the number when it is missing.
      let start = unit.isEmpty ? valueToken.start : valueToken.end - unit.count
      throw WhereError.at(text, start, valueToken.end, what, hints: [WhereUnits.expected(for: field.unit)])
    }
    position += 1
    let scaled = (number * multiplier).rounded()
    guard scaled < 1.8e19 else { throw error(at: valueToken, "\(number)\(unit) is too large") }
    return .compare(field, comparison, UInt64(scaled))
  }

  func error(at token: WhereToken, _ message: String, hints: [String] = []) -> TCPStateError {
    WhereError.at(text, token.start, token.kind == .end ? token.start + 1 : token.end, message, hints: hints)
  }
}
