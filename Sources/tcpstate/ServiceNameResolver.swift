import TCPStateKernel
import TCPStateKit

/// Turns service names in port words into numbers (`--sport http` is
/// `--sport 80`); /etc/services is read only when a word has a letter.
final class ServiceNameResolver {
  private lazy var names = ServicesFile.load()

  func resolve(_ words: [String], _ option: String) throws(TCPStateError) -> [String] {
    var resolved: [String] = []
    for word in words {
      // Service names are ASCII; other text is left for the port parser to reject.
      let named = word.allSatisfy(\.isASCII) && word.contains(where: \.isLetter)
      resolved.append(named ? try names.resolve(word, option: option) : word)
    }
    return resolved
  }
}
