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
    let folded = fold(word)
    var best: [(distance: Int, name: String)] = []
    var seen = Set<String>()
    for (alias, state) in aliases {
      let d = editDistance(folded, alias)
      best.append((d, state.name))
    }
    for group in groups { best.append((editDistance(word.lowercased(), group.name), group.name)) }
    best.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
    let cutoff = max(2, folded.count / 3)
    var names: [String] = []
    for entry in best where entry.distance <= cutoff && !seen.contains(entry.name) {
      seen.insert(entry.name)
      names.append(entry.name)
      if names.count == limit { break }
    }
    return names
  }
}

/// Levenshtein distance over Unicode scalars; used for suggestions only.
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.unicodeScalars)
  let b = Array(b.unicodeScalars)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
