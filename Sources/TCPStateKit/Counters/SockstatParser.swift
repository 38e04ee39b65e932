/// Parses /proc/net/sockstat and /proc/net/sockstat6: one line per protocol,
/// a prefix then name/value pairs (`sockstat_seq_show` in net/ipv4/proc.c):
///
///     TCP: inuse 1 orphan 0 tw 7 alloc 1 mem 187
///
/// `mem` counts pages (the unit of `net.ipv4.tcp_mem`). A name without a
/// value or a value that is not a number is reported and skipped.
public enum SockstatParser {
  public static func parse(_ text: String, file: String) -> (
    table: CounterTable, problems: [CounterProblem]
  ) {
    var table = CounterTable()
    var problems: [CounterProblem] = []
    let report = { (problem: CounterProblem) in problems.append(problem) }
    PrefixedLines.forEach(
      in: text, file: file, missingPrefix: "no 'PROTOCOL:' at the start of the line", report: report
    ) { lineNumber, prefix, fields in
      if fields.count % 2 != 0 {
        problems.append(
          CounterProblem(
            file: file, line: lineNumber, message: "\(prefix): '\(fields.last ?? "")' has no value")
        )
      }
      var i = 0
      while i + 1 < fields.count {
        let name = String(fields[i])
        if let value = ProcNetCounterParser.parseCounter(fields[i + 1]) {
          table[prefix, name] = value
        } else {
          problems.append(
            CounterProblem(
              file: file, line: lineNumber,
              message: "\(prefix) \(name): '\(fields[i + 1])' is not a number"))
        }
        i += 2
      }
    }
    return (table, problems)
  }
}
