/// Writes metric families in Prometheus' text format 0.0.4 or in
/// OpenMetrics 1.0 (what Prometheus asks for first in its Accept header).
///
/// The two differ in small ways that matter to parsers: OpenMetrics names a
/// counter's family without `_total` and its samples with it, has an `info`
/// type, and ends with `# EOF`; the text format puts the sample name in
/// `# TYPE` and knows only gauge, counter, histogram and untyped.
public enum ExpositionFormat: Sendable, Hashable {
  case text
  case openMetrics

  public var contentType: String {
    switch self {
    case .text: "text/plain; version=0.0.4; charset=utf-8"
    case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
    }
  }

  /// The format an `Accept` header asks for: OpenMetrics when it is named
  /// (with a q above 0), else the text format, which every scraper reads.
  public static func negotiate(accept: String?) -> ExpositionFormat {
    guard let accept else { return .text }
    for range in accept.split(separator: ",") {
      let parameters = range.split(separator: ";").map { String($0.filter { $0 != " " && $0 != "\t" }).lowercased() }
      guard parameters.first == "application/openmetrics-text" else { continue }
      if parameters.dropFirst().contains(where: { $0.hasPrefix("q=") && Double($0.dropFirst(2)) == 0 }) { continue }
      return .openMetrics
    }
    return .text
  }
}

public struct ExpositionWriter {
  public var format: ExpositionFormat

  public init(format: ExpositionFormat) { self.format = format }

  public func write(_ families: [MetricFamily]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(16384)
    for family in families { write(family, to: &out) }
    if format == .openMetrics { out += "# EOF\n".utf8 }
    return out
  }

  func write(_ family: MetricFamily, to out: inout [UInt8]) {
    let headerName = format == .openMetrics ? family.name : family.sampleName
    let typeName: String
    switch (family.kind, format) {
    case (.info, .text): typeName = "gauge"
    default: typeName = family.kind.rawValue
    }
    out += "# HELP \(headerName) ".utf8
    Self.appendEscaped(family.help, quotes: false, to: &out)
    out += "\n# TYPE \(headerName) \(typeName)\n".utf8
    for sample in family.samples {
      line(family.sampleName, sample.labels, nil, Self.number(sample.value), to: &out)
    }
    for histogram in family.histograms {
      let cumulative = histogram.buckets.cumulative
      for (index, bound) in histogram.buckets.bounds.enumerated() {
        line(family.name + "_bucket", histogram.labels, Self.number(bound), String(cumulative[index]), to: &out)
      }
      line(family.name + "_bucket", histogram.labels, "+Inf", String(cumulative.last ?? 0), to: &out)
      line(family.name + "_sum", histogram.labels, nil, Self.number(histogram.buckets.sum), to: &out)
      line(family.name + "_count", histogram.labels, nil, String(histogram.buckets.count), to: &out)
    }
  }

  func line(_ name: String, _ labels: [Label], _ le: String?, _ value: String, to out: inout [UInt8]) {
    out += name.utf8
    if !labels.isEmpty || le != nil {
      out.append(UInt8(ascii: "{"))
      var first = true
      for label in labels {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out += label.name.utf8
        out += "=\"".utf8
        Self.appendEscaped(label.value, quotes: true, to: &out)
        out.append(UInt8(ascii: "\""))
      }
      if let le {
        if !first { out.append(UInt8(ascii: ",")) }
        out += "le=\"\(le)\"".utf8
      }
      out.append(UInt8(ascii: "}"))
    }
    out.append(UInt8(ascii: " "))
    out += value.utf8
    out.append(10)
  }

  /// Backslash and newline always; double quotes inside label values.
  static func appendEscaped(_ text: String, quotes: Bool, to out: inout [UInt8]) {
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\\"): out += "\\\\".utf8
      case 10: out += "\\n".utf8
      case UInt8(ascii: "\"") where quotes: out += "\\\"".utf8
      default: out.append(byte)
      }
    }
  }

  /// Integers without a fraction (exact below 2^53), everything else as Swift
  /// prints a Double (shortest round-trip form), and the special values as
  /// both formats spell them.
  static func number(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
    return "\(value)"
  }
}
