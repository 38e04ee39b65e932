/// The shape both /proc/net counter formats share: lines of `Prefix: field
/// field …`. Calls `body` with each non-empty line's number, prefix and
/// fields; a line without a `Prefix:` is reported as a problem and skipped.
enum PrefixedLines {
  static func forEach(
    in text: String, file: String, missingPrefix: String, report: (CounterProblem) -> Void,
    _ body: (_ line: Int, _ prefix: String, _ fields: [Substring]) -> Void
  ) {
    for (index, rawLine) in text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
    )
    .enumerated() {
      let lineNumber = index + 1
      let line = rawLine.trimmingSuffixWhitespace()
      if line.isEmpty { continue }
      guard let colon = line.firstIndex(of: ":") else {
        report(CounterProblem(file: file, line: lineNumber, message: missingPrefix))
        continue
      }
      let fields = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
      body(lineNumber, String(line[..<colon]), fields)
    }
  }
}
