import TCPStateKit

/// A sentence in every language tcpstate speaks. Both are required: the
/// completeness tests fail on an empty string in either.
public struct Localized: Sendable, Hashable {
  public var en: String
  public var zh: String

  public init(en: String, zh: String) {
    self.en = en
    self.zh = zh
  }

  public func text(_ language: Language) -> String {
    switch language {
    case .en: en
    case .zh: zh
    }
  }

  /// Both texts joined with a separator, for building paragraphs out of parts.
  public static func + (a: Localized, b: Localized) -> Localized {
    Localized(en: a.en + b.en, zh: a.zh + b.zh)
  }
}

/// Shorthand for the content files: `L("English", "中文")`. Upper case on
/// purpose, as gettext's `_()`: it marks text, it does not compute.
// swift-format-ignore: AlwaysUseLowerCamelCase
public func L(_ en: String, _ zh: String) -> Localized { Localized(en: en, zh: zh) }

/// The language of explanations.
public enum Language: String, Sendable, CaseIterable {
  case en, zh

  /// `--lang` wins; otherwise the POSIX locale precedence (LC_ALL, then
  /// LC_MESSAGES, then LANG): the first one set and non-empty decides, and a
  /// value starting with `zh` means Chinese. Anything else is English.
  public static func resolve(flag: String?, environment: [String: String]) throws -> Language {
    if let flag {
      let folded = flag.lowercased()
      if folded.hasPrefix("zh") || folded == "cn" || folded == "中文" { return .zh }
      if folded.hasPrefix("en") { return .en }
      throw TCPStateError(
        .usage, "unknown language '\(flag)'", hints: ["use --lang en or --lang zh"])
    }
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let value = environment[key], !value.isEmpty {
        return value.lowercased().hasPrefix("zh") ? .zh : .en
      }
    }
    return .en
  }
}

// Here rather than beside JSONValue: the writers below the knowledge base do
// not know about languages.
extension JSONValue {
  public static func text(_ value: Localized, _ language: Language) -> JSONValue {
    .string(value.text(language))
  }
}
