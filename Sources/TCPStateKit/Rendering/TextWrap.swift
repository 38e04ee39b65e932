/// Wrapping for terminals: East Asian wide characters take two columns and a
/// line may break between any two of them; other text breaks at spaces.
public enum TextWrap {
  /// Columns a character occupies in a terminal.
  public static func width(of scalar: Unicode.Scalar) -> Int {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return 2
    case 0x2060:
      return 0
    default:
      return 1
    }
  }

  /// Columns a string occupies, ANSI escapes excluded.
  public static func width(_ text: String) -> Int {
    var total = 0
    var inEscape = false
    for scalar in text.unicodeScalars {
      if inEscape {
        if scalar == "m" { inEscape = false }
        continue
      }
      if scalar == "\u{1B}" {
        inEscape = true
        continue
      }
      total += width(of: scalar)
    }
    return total
  }

  /// Pads with spaces to `columns` display columns.
  public static func pad(_ text: String, to columns: Int) -> String {
    text + String(repeating: " ", count: max(0, columns - width(text)))
  }

  /// Closing punctuation that must not start a line.
  static let noBreakBefore: Set<Character> = [
    "，", "。", "；", "：", "、", "）", "！", "？", ",", ".", ";", ":", ")", "」", "”", "》", "】",
  ]

  /// Opening punctuation that must not end a line: it stays with what follows.
  static let noBreakAfter: Set<Character> = ["（", "《", "「", "【"]

  /// A space that joins instead of separating: text built with it stays on
  /// one line ("kernel: CLOSE_WAIT (8)") and is printed as a plain space.
  public static let joiner: Character = "\u{00A0}"

  /// Glues the characters on either side (U+2060 WORD JOINER, zero width):
  /// also holds wide characters together, which may otherwise break anywhere.
  public static let wordJoiner: Character = "\u{2060}"

  /// `text` that is never broken across lines: spaces become joiners and
  /// every character is glued to the next.
  public static func unbreakable(_ text: String) -> String {
    var out = ""
    for character in text {
      if !out.isEmpty { out.append(wordJoiner) }
      out.append(character == " " ? joiner : character)
    }
    return out
  }

  /// Splits text into tokens: words with their trailing space, or single wide
  /// characters. Without `breakBetweenWide` (an English page quoting a
  /// Chinese alias), a run of wide characters is one word like any other.
  static func tokens(_ text: String, breakBetweenWide: Bool = true) -> [String] {
    var tokens: [String] = []
    var current = ""
    // Set after an opening bracket: the next character joins its token.
    var glue = false
    // Set after a word joiner: likewise, whatever the next character is.
    var glued = false
    for character in text {
      if character == wordJoiner {
        current.append(character)
        glued = true
        continue
      }
      if glued {
        current.append(character)
        glued = false
        continue
      }
      let wide = breakBetweenWide && (character.unicodeScalars.first.map { width(of: $0) == 2 } ?? false)
      if glue, character != " " {
        current.append(character)
        glue = false
        continue
      }
      if character == " " {
        current.append(character)
        tokens.append(current)
        current = ""
      } else if wide {
        if noBreakBefore.contains(character) {
          current.append(character)
          continue
        }
        if !current.isEmpty { tokens.append(current) }
        current = String(character)
        glue = noBreakAfter.contains(character)
      } else {
        if breakBetweenWide, let last = current.last, last.unicodeScalars.first.map({ width(of: $0) == 2 }) ?? false,
          !noBreakBefore.contains(character)
        {
          tokens.append(current)
          current = ""
        }
        current.append(character)
      }
    }
    if !current.isEmpty { tokens.append(current) }
    return tokens
  }

  /// Wraps `text` to `columns`, every line prefixed with `indent`. Lines may
  /// break between two wide characters only where `breakBetweenWide` (Chinese
  /// text); joiners print as spaces.
  public static func wrap(_ text: String, columns: Int, indent: String = "", breakBetweenWide: Bool = true)
    -> [String]
  {
    let room = max(20, columns - width(indent))
    var lines: [String] = []
    var line = ""
    for token in tokens(text, breakBetweenWide: breakBetweenWide) {
      if !line.isEmpty, width(line) + width(token.trimmingTrailingSpaces()) > room {
        lines.append(indent + line.trimmingTrailingSpaces())
        line = ""
      }
      line += token
    }
    let last = line.trimmingTrailingSpaces()
    if !last.isEmpty || lines.isEmpty { lines.append(indent + last) }
    for index in lines.indices where lines[index].contains(joiner) || lines[index].contains(wordJoiner) {
      lines[index] = String(lines[index].compactMap { $0 == wordJoiner ? nil : $0 == joiner ? " " : $0 })
    }
    return lines
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}
