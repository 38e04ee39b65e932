/// Parses /proc/net/netstat and /proc/net/snmp: lines come in pairs with the
/// same prefix, a header of names and a line of values
/// (`netstat_seq_show` and `snmp_seq_show` in net/ipv4/proc.c):
///
///     TcpExt: SyncookiesSent SyncookiesRecv ...
///     TcpExt: 0 0 ...
///
/// Malformed text never traps: a pair whose counts differ is dropped whole
/// (its values cannot be matched to names), a value that is not a number is
/// dropped alone, and each is reported as a `CounterProblem`.
public enum ProcNetCounterParser {
  public static func parse(_ text: String, file: String) -> (
    table: CounterTable, problems: [CounterProblem]
  ) {
    var table = CounterTable()
    var problems: [CounterProblem] = []
    var header: (prefix: String, names: [Substring], line: Int)?
    func headerWithoutValues(_ pending: (prefix: String, names: [Substring], line: Int)) -> CounterProblem {
      CounterProblem(file: file, line: pending.line, message: "\(pending.prefix): header line without a values line")
    }
    let report = { (problem: CounterProblem) in problems.append(problem) }
    PrefixedLines.forEach(
      in: text, file: file, missingPrefix: "no 'Prefix:' at the start of the line", report: report
    ) { lineNumber, prefix, fields in
      guard let pending = header, pending.prefix == prefix else {
        if let pending = header { problems.append(headerWithoutValues(pending)) }
        header = (prefix, fields, lineNumber)
        return
      }
      header = nil
      guard pending.names.count == fields.count else {
        problems.append(
          CounterProblem(
            file: file, line: lineNumber,
            message: "\(prefix): \(pending.names.count) names but \(fields.count) values; group skipped"))
        return
      }
      for (name, field) in zip(pending.names, fields) {
        guard let value = parseCounter(field) else {
          problems.append(
            CounterProblem(file: file, line: lineNumber, message: "\(prefix) \(name): '\(field)' is not a number"))
          continue
        }
        table[prefix, String(name)] = value
      }
    }
    if let pending = header { problems.append(headerWithoutValues(pending)) }
    return (table, problems)
  }

  /// A decimal counter, signed; unsigned values beyond Int64 saturate.
  static func parseCounter(_ field: Substring) -> Int64? {
    if let value = Int64(field) { return value }
    if UInt64(field) != nil { return Int64.max }
    return nil
  }
}

extension Substring {
  /// Without trailing spaces, tabs and carriage returns.
  func trimmingSuffixWhitespace() -> Substring {
    var end = endIndex
    while end > startIndex {
      let previous = index(before: end)
      guard self[previous] == " " || self[previous] == "\t" || self[previous] == "\r" else { break }
      end = previous
    }
    return self[startIndex..<end]
  }
}
