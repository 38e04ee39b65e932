/// The one "did you mean" ranker: candidates scored by edit distance, the
/// closest first (ties by name), each name once, none further than a third
/// of the word (at least 2). States, topics and tunables all rank this way.
public struct Suggestions {
  var candidates: [(distance: Int, name: String)] = []
  let word: String

  /// `word` is the unknown word as the candidates will be compared (folded the same way).
  public init(for word: String) { self.word = word }

  /// Scores `name` by the closest of its spellings.
  public mutating func add(_ name: String, spellings: [String]) {
    guard let distance = spellings.map({ editDistance(word, $0) }).min() else { return }
    candidates.append((distance, name))
  }

  public mutating func add(_ name: String, spelled spelling: String) { add(name, spellings: [spelling]) }

  /// A candidate scored elsewhere (against a differently folded word).
  public mutating func add(_ name: String, distance: Int) { candidates.append((distance, name)) }

  /// Another ranking's candidates, for names compared in another folding.
  public mutating func merge(_ other: Suggestions) { candidates += other.candidates }

  /// The best `limit` names, best first.
  public func best(_ limit: Int = 3) -> [String] {
    let sorted = candidates.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
    let cutoff = max(2, word.count / 3)
    var seen = Set<String>()
    var names: [String] = []
    for candidate in sorted where candidate.distance <= cutoff && !seen.contains(candidate.name) {
      seen.insert(candidate.name)
      names.append(candidate.name)
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
