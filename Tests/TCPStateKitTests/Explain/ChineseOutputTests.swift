import TCPStateModel
import XCTest

@testable import TCPStateExplain
@testable import TCPStateKit
@testable import TCPStateKnowledge

/// Every page tcpstate prints in Chinese must read as Chinese: no English
/// prose left (identifiers such as tcp_fin_timeout, close(), RFC numbers,
/// state and flag names are fine), one colon style, no nested mixed brackets,
/// no stray spaces between Chinese characters and no bare `?` as a value.
final class ChineseOutputTests: XCTestCase {
  /// Lower-case words that are identifiers or names, not English prose: system
  /// calls and tools, tcpdump's own notation, algorithm names and proper nouns.
  static let allowedWords: Set<String> = [
    "accept", "bind", "close", "connect", "listen", "read", "write", "shutdown", "socket", "poll",
    "sendmsg", "setsockopt", "ss", "nstat", "tcpdump", "tcpstate", "explain", "list", "doctor", "watch", "lsof",
    "seq", "ack", "length", "state", "close-wait", "bound-inactive", "tcp-reset", "cookie",
    "bbr", "cubic", "pingpong", "Flags", "Linux", "BSD", "Fast", "Open", "Accurate", "W",
    "Richard", "Stevens", "x", "y", "u", "w", "sysctl", "struct", "len", "fd", "KiB", "MiB", "GiB",
    "Recv-Q", "Send-Q", "backlog", "somaxconn", "Flood",
  ]

  func isCJK(_ scalar: Unicode.Scalar) -> Bool { TextWrap.width(of: scalar) == 2 }

  /// The English words left in a Chinese text, quoted log lines excepted.
  func englishWords(in text: String) -> [String] {
    var stripped = ""
    var quoted = false
    for character in withoutSources(text) {
      if character == "“" { quoted = true }
      if !quoted { stripped.append(character) }
      if character == "”" { quoted = false }
    }
    let wordCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-")
    var words: [String] = []
    var current = ""
    for character in stripped + " " {
      if wordCharacters.contains(character) {
        current.append(character)
        continue
      }
      defer { current = "" }
      // Command-line options (-tnp, --lang) are identifiers.
      if current.hasPrefix("-") { continue }
      let word = current.trimmingCharacters(in: "-./")
      guard word.contains(where: { $0.isLetter }) else { continue }
      // Counter names such as TcpExtListenDrops mix cases mid-word.
      if word.dropFirst().contains(where: { $0.isUppercase }) { continue }
      // Identifiers (tcp_fin_timeout, net.ipv4..., /proc/...), numbers with
      // units (64KiB), upper-case names (SYN, TIME-WAIT, RFC) and allowed words.
      if word.contains(where: { $0 == "_" || $0 == "." || $0 == "/" || $0.isNumber }) { continue }
      if word.allSatisfy({ $0.isUppercase || $0 == "-" }) { continue }
      if ChineseOutputTests.allowedWords.contains(word) { continue }
      words.append(word)
    }
    return words
  }

  /// A page without its list of sources: citations name documents (file
  /// paths, RFC and book titles) in the language they are written in.
  func withoutSources(_ text: String) -> String {
    guard let range = text.range(of: "\n参考\n") else { return text }
    return String(text[..<range.lowerBound])
  }

  func styleProblems(in text: String) -> [String] {
    var problems: [String] = []
    let scalars = Array(withoutSources(text).unicodeScalars)
    for index in scalars.indices {
      let scalar = scalars[index]
      let previous = index > 0 ? scalars[index - 1] : " "
      let next = index + 1 < scalars.count ? scalars[index + 1] : " "
      if scalar == ":" && isCJK(previous) { problems.append("half-width colon after Chinese") }
      if scalar == " " && isCJK(previous) && isCJK(next) && previous != "·" && next != "·" {
        problems.append("space between Chinese characters: …\(previous) \(next)…")
      }
      if scalar == "(" {
        // A call such as shutdown(SHUT_WR) is code; an ASCII bracket opening
        // prose, or a call's brackets around Chinese, is a mixed bracket.
        let isCall = previous.properties.isAlphabetic || ("0"..."9").contains(previous)
        var depth = 0
        let inside = scalars[(index + 1)...].prefix { scalar in
          if scalar == "(" { depth += 1 }
          if scalar == ")" { depth -= 1 }
          return depth >= 0 && scalar != "\n"
        }
        if !isCall || inside.contains(where: isCJK) {
          problems.append("ASCII bracket in Chinese prose: …\(String(String.UnicodeScalarView(inside.prefix(20))))")
        }
      }
      if scalar == "?" { problems.append("bare ?") }
    }
    return problems
  }

  func check(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    let words = englishWords(in: text)
    XCTAssertTrue(
      words.isEmpty, "\(what): English left: \(Array(Set(words)).sorted())", file: file, line: line)
    let problems = styleProblems(in: text)
    XCTAssertTrue(
      problems.isEmpty, "\(what): \(Array(Set(problems)).sorted())", file: file, line: line)
  }

  var live: LiveHost {
    var readings: [String: TunableReading] = [:]
    for tunable in TunableCatalog.all {
      readings[tunable.name] = .value(
        tunable.defaultValue.fields.map { $0 ?? "4096" }.joined(separator: "\t"))
    }
    readings["tcp_rto_max_ms"] = .missing
    readings["tcp_mem"] = .value("287901\t383868\t575802")
    readings["ip_local_reserved_ports"] = .value("8080,9148")
    readings["tcp_congestion_control"] = .value("bbr")
    readings["tcp_timestamps"] = .unreadable("permission denied")
    return LiveHost(readings: readings, counts: [.established: 3, .timeWait: 2])
  }

  func testEveryChinesePageIsChinese() {
    let subjects =
      KnowledgeBase.entries.map { KnowledgeBase.Subject.entry($0) }
      + TunableCatalog.all.map { .tunable($0) }
    for host in [nil, live, LiveHost(readings: [:], counts: nil, countsNote: "无权限")] {
      let options = ExplainOptions(language: .zh, width: 100, live: host)
      for subject in subjects {
        check(ExplainTextRenderer(options).render(subject), "explain \(subject.id)")
      }
    }
  }

  func testChineseIndexTunablesAndDiagram() {
    let options = ExplainOptions(language: .zh, width: 100)
    check(ExplainIndexRenderer.render(options), "explain index")
    check(
      TunablesTextRenderer(options).render(live.rows(for: TunableCatalog.all.map(\.name))),
      "tunables")
    for counts in [nil, [TCPState.established: 3]] {
      let renderer = DiagramRenderer(counts: counts, language: .zh)
      check(renderer.render(.text), "diagram")
      for format in [DiagramRenderer.Format.dot, .mermaid] {
        // Only the labels: the documents' syntax is English by nature.
        let labels = renderer.render(format).split(separator: "\n").compactMap { line in
          line.contains("fontname") ? nil : line.split(separator: "\"").dropFirst().first.map(String.init)
        }
        check(labels.joined(separator: "\n"), "diagram \(format)")
      }
    }
  }

  /// The checker itself: it must catch what it is meant to catch.
  func testTheCheckerCatchesEnglishAndStyle() {
    XCTAssertEqual(englishWords(in: "套接字 waits for 对端"), ["waits", "for"])
    XCTAssertEqual(englishWords(in: "tcp_fin_timeout 为 60 秒，RFC 9293 第 3.6 节，close()"), [])
    XCTAssertEqual(englishWords(in: "日志“Possible SYN flooding on port”"), [])
    XCTAssertFalse(styleProblems(in: "套接字: 0").isEmpty)
    XCTAssertFalse(styleProblems(in: "60 秒 后").isEmpty)
    XCTAssertFalse(styleProblems(in: "（见 (注)）").isEmpty)
    XCTAssertTrue(styleProblems(in: "调用 close()（或 shutdown(SHUT_WR)）").isEmpty)
    XCTAssertFalse(styleProblems(in: "即 min(listen() 的 backlog, somaxconn)").isEmpty)
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var result = Substring(self)
    while let first = result.first, set.contains(first) { result = result.dropFirst() }
    while let last = result.last, set.contains(last) { result = result.dropLast() }
    return String(result)
  }
}
