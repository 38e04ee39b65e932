/// One metric family as Prometheus' data model has it: a name, its help, a
/// type and its samples. Built fresh for every scrape by `MetricsCollector`
/// and written by `ExpositionWriter`; nothing here holds state between scrapes.
public struct MetricFamily: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case gauge, counter, histogram
    /// A constant 1 whose labels carry the information (`_info` suffix):
    /// a gauge in the text format, an info in OpenMetrics.
    case info
  }

  /// The name without the type's suffix: `tcpstate_listen_overflows` for the
  /// counter sampled as `tcpstate_listen_overflows_total`,
  /// `tcpstate_exporter_build` for the info sampled as `tcpstate_exporter_build_info`.
  public var name: String
  public var help: String
  public var kind: Kind
  public var samples: [Sample]
  public var histograms: [HistogramSample]

  public init(name: String, help: String, kind: Kind, samples: [Sample] = [], histograms: [HistogramSample] = []) {
    self.name = name
    self.help = help
    self.kind = kind
    self.samples = samples
    self.histograms = histograms
  }

  /// The name a plain sample carries on the wire.
  public var sampleName: String {
    switch kind {
    case .counter: name + "_total"
    case .info: name + "_info"
    case .gauge, .histogram: name
    }
  }
}

/// Label pairs in the order they are written.
public typealias Labels = [(name: String, value: String)]

public struct Sample: Sendable, Equatable {
  public var labels: [Label]
  public var value: Double

  public init(_ labels: Labels = [], _ value: Double) {
    self.labels = labels.map { Label(name: $0.name, value: $0.value) }
    self.value = value
  }

  public static func == (a: Sample, b: Sample) -> Bool {
    a.labels == b.labels && a.value.bitPattern == b.value.bitPattern
  }
}

public struct Label: Sendable, Equatable, Hashable {
  public var name: String
  public var value: String
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// A histogram's buckets (upper bounds and the count at or below each, not
/// cumulative), plus the sum and the count of every observation.
public struct HistogramSample: Sendable, Equatable {
  public var labels: [Label]
  public var buckets: BucketCounts

  public init(_ labels: Labels = [], _ buckets: BucketCounts) {
    self.labels = labels.map { Label(name: $0.name, value: $0.value) }
    self.buckets = buckets
  }
}
