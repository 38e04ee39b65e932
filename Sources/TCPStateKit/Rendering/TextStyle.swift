/// ANSI styling that is on only when the caller decided it may be: output is a
/// terminal, `NO_COLOR` is unset and `--color` did not say otherwise. Renderers
/// receive it as a value; nothing reads a global.
public struct TextStyle: Sendable {
  public var enabled: Bool

  public init(enabled: Bool) { self.enabled = enabled }

  public static let plain = TextStyle(enabled: false)

  public enum Tone: String, Sendable {
    case bold = "1"
    case dim = "2"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case blue = "34"
    case magenta = "35"
    case cyan = "36"
  }

  public func apply(_ tone: Tone, _ text: String) -> String {
    enabled ? "\u{1B}[\(tone.rawValue)m\(text)\u{1B}[0m" : text
  }

  /// Whether colour is wanted: `mode` is "auto", "always" or "never"; auto
  /// means a terminal on `isTerminal` and no `NO_COLOR` in the environment
  /// (any value, even empty, per no-color.org).
  public static func decide(mode: String, isTerminal: Bool, environment: [String: String]) -> TextStyle {
    switch mode {
    case "always": TextStyle(enabled: true)
    case "never": TextStyle(enabled: false)
    default: TextStyle(enabled: isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb")
    }
  }
}
