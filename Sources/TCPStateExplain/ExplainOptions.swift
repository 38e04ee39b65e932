import TCPStateKit
import TCPStateKnowledge

/// How an explanation is rendered; passed as a value, never read from globals.
public struct ExplainOptions: Sendable {
  public var language: Language
  /// Terminal width in columns (80 when not a terminal).
  public var width: Int
  public var style: TextStyle
  /// The live host, or nil with `--no-live`.
  public var live: LiveHost?
  /// Whether a state's neighbourhood in the state machine is shown.
  public var neighbourhood: Bool

  public init(
    language: Language, width: Int = 80, style: TextStyle = .plain, live: LiveHost? = nil,
    neighbourhood: Bool = true
  ) {
    self.language = language
    self.width = width
    self.style = style
    self.live = live
    self.neighbourhood = neighbourhood
  }
}
