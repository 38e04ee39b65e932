import TCPStateKnowledge
import TCPStateModel

/// The words shell completion offers, taken from the same tables the parsers
/// use, so a new state, group, topic or tunable is completed without touching
/// the command definitions (and `make docs` regenerates the scripts).
public enum CompletionWords {
  /// `--state`: every kernel state name, then the ss groups.
  public static let states: [String] = TCPState.known.map(\.name) + StateNames.groups.map(\.name)

  /// `explain WORD`: state names, topic names and tunable names.
  public static let explainable: [String] =
    KnowledgeBase.states.map(\.id) + KnowledgeBase.topics.map(\.id) + TunableCatalog.all.map(\.name)

  /// `--lang`.
  public static let languages: [String] = Language.allCases.map(\.rawValue)
}
