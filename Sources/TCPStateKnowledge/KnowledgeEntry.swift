import TCPStateKit
import TCPStateModel

/// One explainable subject: a TCP state or a topic such as the handshake.
///
/// Entries are data. Renderers walk `sections` in order; nothing about a
/// particular state is printed by code.
public struct KnowledgeEntry: Sendable {
  public enum Kind: String, Sendable { case state, topic }

  /// Stable identifier: the kernel state name (`TIME_WAIT`) or the topic name (`handshake`).
  public var id: String
  public var kind: Kind
  /// The state this entry describes; nil for topics.
  public var state: TCPState?
  /// Further words that name a topic (states use `StateNames`).
  public var aliases: [String]
  public var title: Localized
  /// One paragraph that stands on its own.
  public var summary: Localized
  public var sections: [KnowledgeSection]
  /// Segments as `tcpdump` prints them, with what each one is.
  public var tcpdump: [TcpdumpSegment]
  /// Short names of the tunables that govern this subject; each must be in `TunableCatalog`.
  public var tunables: [String]
  /// Ids of other entries worth reading next.
  public var related: [String]
  /// Where the facts of this entry come from, shown at the end of its page.
  public var sources: [Source]
}

/// A titled paragraph of an entry, keyed for JSON (`pile_up`, `why_three`).
public struct KnowledgeSection: Sendable {
  public var key: String
  public var heading: Localized
  public var body: Localized

  public init(_ key: String, _ heading: Localized, _ body: Localized) {
    self.key = key
    self.heading = heading
    self.body = body
  }
}

/// A segment in tcpdump's notation: `Flags [S.]` is SYN+ACK, `.` alone is a bare ACK.
public struct TcpdumpSegment: Sendable {
  /// The bracketed flags exactly as tcpdump prints them: `[S]`, `[S.]`, `[.]`, `[F.]`, `[R]`, `[R.]`, `[P.]`.
  public var flags: String
  public var meaning: Localized

  public init(_ flags: String, _ meaning: Localized) {
    self.flags = flags
    self.meaning = meaning
  }
}

/// The fields every state entry has, in the order they are shown.
public enum StateField: String, CaseIterable, Sendable {
  case meaning
  case side
  case enter
  case leave
  case timer
  case normal
  case pileUp = "pile_up"

  public var heading: Localized {
    switch self {
    case .meaning: L("What it means", "含义")
    case .side: L("Who is in it", "哪一端处于此状态")
    case .enter: L("How a socket enters it", "如何进入")
    case .leave: L("How a socket leaves it", "如何离开")
    case .timer: L("Timer and Linux default", "计时器与 Linux 默认时长")
    case .normal: L("What is normal", "正常情况")
    case .pileUp: L("When many pile up", "大量堆积意味着什么")
    }
  }
}

extension KnowledgeEntry {
  /// Builds a state entry; the labelled arguments make every field mandatory.
  static func state(
    _ state: TCPState,
    title: Localized,
    summary: Localized,
    meaning: Localized,
    side: Localized,
    enter: Localized,
    leave: Localized,
    timer: Localized,
    normal: Localized,
    pileUp: Localized,
    tcpdump: [TcpdumpSegment],
    tunables: [String],
    related: [String],
    sources: [Source]
  ) -> KnowledgeEntry {
    let bodies: [StateField: Localized] = [
      .meaning: meaning, .side: side, .enter: enter, .leave: leave,
      .timer: timer, .normal: normal, .pileUp: pileUp,
    ]
    let sections = StateField.allCases.map { field in
      KnowledgeSection(field.rawValue, field.heading, bodies[field] ?? L("", ""))
    }
    return KnowledgeEntry(
      id: state.name, kind: .state, state: state, aliases: [], title: title, summary: summary,
      sections: sections, tcpdump: tcpdump, tunables: tunables, related: related,
      sources: sources)
  }

  /// Builds a topic entry.
  static func topic(
    _ id: String,
    aliases: [String],
    title: Localized,
    summary: Localized,
    sections: [KnowledgeSection],
    tcpdump: [TcpdumpSegment],
    tunables: [String],
    related: [String],
    sources: [Source]
  ) -> KnowledgeEntry {
    KnowledgeEntry(
      id: id, kind: .topic, state: nil, aliases: aliases, title: title, summary: summary,
      sections: sections, tcpdump: tcpdump, tunables: tunables, related: related,
      sources: sources)
  }

  /// Whether a word is written in Chinese (it has a CJK character).
  public static func isChinese(_ word: String) -> Bool {
    word.unicodeScalars.contains { TextWrap.width(of: $0) == 2 }
  }

  /// The word a Chinese page uses for this entry: a state's kernel name, or a
  /// topic's first Chinese alias, which `explain` accepts as input.
  public var chineseName: String {
    guard kind == .topic else { return id }
    return aliases.first(where: KnowledgeEntry.isChinese) ?? title.zh
  }

  /// The section with the given key, if the entry has it.
  public func section(_ key: String) -> KnowledgeSection? { sections.first { $0.key == key } }
}
