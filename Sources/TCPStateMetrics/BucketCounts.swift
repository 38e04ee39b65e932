/// A fixed-bucket histogram: observations counted under the first upper bound
/// they do not exceed, the rest in +Inf. A plain value, cheap to copy, so a
/// scrape can take a consistent copy under a lock and write it afterwards.
public struct BucketCounts: Sendable, Equatable {
  /// Upper bounds, ascending; +Inf is implicit.
  public let bounds: [Double]
  /// One count per bound plus one for +Inf (not cumulative).
  public private(set) var counts: [UInt64]
  public private(set) var sum: Double = 0
  public var count: UInt64 { counts.reduce(0, &+) }

  public init(bounds: [Double]) {
    precondition(zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "bucket bounds must ascend")
    self.bounds = bounds
    counts = Array(repeating: 0, count: bounds.count + 1)
  }

  public mutating func observe(_ value: Double) {
    // Few buckets: a linear scan beats a binary search's branches.
    var index = 0
    while index < bounds.count && value > bounds[index] { index += 1 }
    counts[index] &+= 1
    sum += value
  }

  /// Adds another histogram over the same bounds (one dump split across threads).
  public mutating func merge(_ other: BucketCounts) {
    precondition(bounds == other.bounds, "merged histograms must share their bounds")
    for index in counts.indices { counts[index] &+= other.counts[index] }
    sum += other.sum
  }

  /// The cumulative count at each bound and at +Inf, as exposition wants it.
  public var cumulative: [UInt64] {
    var running: UInt64 = 0
    return counts.map {
      running &+= $0
      return running
    }
  }
}

/// The bucket layouts the exporter uses, in base units.
public enum Buckets {
  /// Smoothed RTT: loopback (tens of µs) to intercontinental and worse.
  public static let rttSeconds: [Double] = [
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
  ]
  /// Handshakes: the same span, a little finer at the bottom.
  public static let handshakeSeconds: [Double] = [
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3,
  ]
  /// Time in one state: sub-millisecond FIN_WAIT1 to hour-long ESTABLISHED.
  public static let stateSeconds: [Double] = [
    0.0001, 0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 3600,
  ]
  public static let lifetimeSeconds: [Double] = [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 60, 300, 1800, 3600, 86400]
  public static let queueBytes: [Double] = [0, 1024, 16384, 65536, 262_144, 1_048_576, 4_194_304, 16_777_216]
  public static let retransmits: [Double] = [0, 1, 2, 5, 10, 50, 100, 1000]
}
