import TCPStateKit

/// The words of a `--where` expression, each with the character range it
/// came from so errors can point at it.
struct WhereToken: Equatable, Sendable {
  enum Kind: Equatable, Sendable {
    case word(String)
    /// Digits with an optional fraction, and the unit letters glued to them (`50ms`, `1.5MiB`).
    case number(Double, unit: String)
    case comparison(WhereComparison)
    case and, or, not
    case open, close
    case end
  }

  var kind: Kind
  /// Offsets in characters into the expression.
  var start: Int
  var end: Int
}

public enum WhereComparison: String, Sendable, Equatable, CaseIterable {
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case equal = "=="
  case notEqual = "!="

  func holds(_ a: UInt64, _ b: UInt64) -> Bool {
    switch self {
    case .less: a < b
    case .lessOrEqual: a <= b
    case .greater: a > b
    case .greaterOrEqual: a >= b
    case .equal: a == b
    case .notEqual: a != b
    }
  }
}

enum WhereLexer {
  static func tokens(_ text: String) throws(TCPStateError) -> [WhereToken] {
    let chars = Array(text)
    var tokens: [WhereToken] = []
    var i = 0
    func isWordChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == ".") }
    while i < chars.count {
      let c = chars[i]
      let start = i
      if c == " " || c == "\t" {
        i += 1
        continue
      }
      switch c {
      case "(":
        tokens.append(WhereToken(kind: .open, start: i, end: i + 1))
        i += 1
      case ")":
        tokens.append(WhereToken(kind: .close, start: i, end: i + 1))
        i += 1
      case "<", ">", "=", "!":
        let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
        i += next == "=" ? 2 : 1
        let op = String(chars[start..<i])
        if let comparison = WhereComparison(rawValue: op == "=" ? "==" : op) {
          tokens.append(WhereToken(kind: .comparison(comparison), start: start, end: i))
        } else if op == "!" {
          tokens.append(WhereToken(kind: .not, start: start, end: i))
        } else {
          throw WhereError.at(text, start, i, "'\(op)' is not a comparison (use <, <=, >, >=, == or !=)")
        }
      case "&", "|":
        guard i + 1 < chars.count, chars[i + 1] == c else {
          throw WhereError.at(
            text, i, i + 1, "'\(c)' alone means nothing here: write '\(c)\(c)' or '\(c == "&" ? "and" : "or")'")
        }
        tokens.append(WhereToken(kind: c == "&" ? .and : .or, start: i, end: i + 2))
        i += 2
      case _ where c.isASCII && c.isNumber:
        while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." || chars[i] == "_" { i += 1 }
        let digits = String(chars[start..<i]).replacingUnderscores
        let unitStart = i
        while i < chars.count, chars[i].isASCII, chars[i].isLetter { i += 1 }
        guard let value = Double(digits), value.isFinite else {
          throw WhereError.at(text, start, unitStart, "'\(digits)' is not a number")
        }
        tokens.append(WhereToken(kind: .number(value, unit: String(chars[unitStart..<i])), start: start, end: i))
      case _ where isWordChar(c):
        while i < chars.count, isWordChar(chars[i]) { i += 1 }
        let word = String(chars[start..<i])
        let kind: WhereToken.Kind =
          switch word.lowercased() {
          case "and": .and
          case "or": .or
          case "not": .not
          default: .word(word)
          }
        tokens.append(WhereToken(kind: kind, start: start, end: i))
      default:
        throw WhereError.at(text, i, i + 1, "unexpected '\(c)'")
      }
    }
    tokens.append(WhereToken(kind: .end, start: chars.count, end: chars.count + 1))
    return tokens
  }
}

extension String {
  fileprivate var replacingUnderscores: String { String(filter { $0 != "_" }) }
}

/// Errors that quote the expression and underline the offending part.
enum WhereError {
  static func at(_ text: String, _ start: Int, _ end: Int, _ message: String, hints: [String] = [])
    -> TCPStateError
  {
    let width = max(1, end - start)
    let caret = String(repeating: " ", count: start) + String(repeating: "^", count: width)
    return TCPStateError(.usage, "--where: \(message)", hints: [text, caret] + hints)
  }
}
