import TCPStateKit
import TCPStateKnowledge

/// How a doctor report is rendered; a value, never read from globals.
public struct DoctorOptions: Sendable {
  public var language: Language
  /// Terminal width in columns (80 when not a terminal).
  public var width: Int
  public var style: TextStyle

  public init(language: Language = .en, width: Int = 80, style: TextStyle = .plain) {
    self.language = language
    self.width = width
    self.style = style
  }
}
