import TCPStateFilter
import TCPStateKit
import TCPStateKnowledge
import TCPStateModel
import TCPStateWire

/// Command-line words: ports and ranges, addresses and CIDRs, state words and
/// groups, explain words. NUL separates the words; the first byte picks which
/// option each word goes to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFilter(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  let selector = data[0]
  let words = UnsafeBufferPointer(start: data + 1, count: size - 1).split(
    separator: 0, omittingEmptySubsequences: false
  ).map { String(decoding: $0, as: UTF8.self) }
  for word in words {
    _ = try? FilterParser.portRange(word, option: "--port")
    _ = try? FilterParser.network(word, option: "--src")
    _ = try? FilterParser.states([word])
    _ = KnowledgeBase.resolve(word)
    _ = KnowledgeBase.suggestions(for: word)
    _ = TunableCatalog.tunable(named: word)
  }
  func pick(_ bit: UInt8) -> [String] { selector & bit != 0 ? words : [] }
  if let filter = try? FilterParser.filter(
    states: pick(1), listening: selector & 2 != 0, ipv4: selector & 4 != 0, ipv6: selector & 8 != 0,
    ports: pick(16), sports: pick(32), dports: pick(64), sources: pick(128), destinations: words.suffix(1))
  {
    _ = InetDiagBytecode.compile(filter)
    _ = filter.matches(FuzzInput.socket(selector: selector))
  }
  return 0
}
