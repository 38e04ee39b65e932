/// Parsing of the many ways people spell TCP states, and "did you mean" hints.
public enum StateNames {
  /// Spellings folded to upper-case letters and digits only ("time-wait" -> "TIMEWAIT").
  private static let aliases: [String: TCPState] = [
    "ESTABLISHED": .established, "ESTAB": .established, "EST": .established,
    "SYNSENT": .synSent, "SYNSEND": .synSent,
    "SYNRECV": .synRecv, "SYNRCVD": .synRecv, "SYNRECEIVED": .synRecv, "SYNRCV": .synRecv,
    "SYNRECEIVE": .synRecv,
    "FINWAIT1": .finWait1, "FINWAITONE": .finWait1,
    "FINWAIT2": .finWait2, "FINWAITTWO": .finWait2,
    "TIMEWAIT": .timeWait, "TIMEDWAIT": .timeWait, "TW": .timeWait,
    "CLOSE": .close, "CLOSED": .close, "UNCONN": .close,
    "CLOSEWAIT": .closeWait,
    "LASTACK": .lastAck,
    "LISTEN": .listen, "LISTENING": .listen, "LISTENER": .listen,
    "CLOSING": .closing,
    "NEWSYNRECV": .newSynRecv,
    "BOUNDINACTIVE": .boundInactive,
  ]

  /// Named groups of states, as `ss` spells them.
  public static let groups: [(name: String, states: StateSet, summary: String)] = [
    ("all", .all, "every state except bound-inactive"),
    ("connected", .connected, "all but LISTEN, CLOSE, TIME_WAIT and SYN_RECV"),
    ("synchronized", .synchronized, "the connected states except SYN_SENT"),
    ("bucket", .bucket, "states kept as minisockets: SYN_RECV and TIME_WAIT"),
    ("big", .big, "every state except SYN_RECV and TIME_WAIT"),
  ]

  static func fold(_ word: String) -> String {
    String(word.uppercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
  }

  /// The state a word names, in any common spelling and case; nil if none.
  public static func state(named word: String) -> TCPState? {
    aliases[fold(word)]
  }

  /// The states a word names: a single state or an ss group.
  public static func states(named word: String) -> StateSet? {
    if let state = state(named: word) { return StateSet(state) }
    let lower = word.lowercased()
    return groups.first { $0.name == lower }?.states
  }

  /// The canonical names closest to an unknown word, best first.
  public static func suggestions(for word: String, limit: Int = 3) -> [String] {
    var ranking = Suggestions(for: fold(word))
    for (alias, state) in aliases { ranking.add(state.name, spelled: alias) }
    // Groups are compared lower-cased, as they are matched.
    var groupRanking = Suggestions(for: word.lowercased())
    for group in groups { groupRanking.add(group.name, spelled: group.name) }
    ranking.merge(groupRanking)
    return ranking.best(limit)
  }
}
