import TCPStateKit
import TCPStateModel

/// A numeric field `--where` compares and `--sort` orders by, with the JSON
/// key it appears under and its unit. The tcp_info fields are derived from
/// `TCPInfoJSON.fields`, the table the JSON writer uses, so a field cannot be
/// filterable under one name and printed under another; the unit comes from
/// the key's suffix (`_us`, `_ms`, `_bps`) as the JSON documents it.
public struct SocketField: Sendable {
  public enum Unit: Sendable, Equatable {
    /// Stored in microseconds; written `50ms`, `2s`, `300us`, `1h`.
    case duration
    /// Written `1MiB`, `64KiB`, `1500`.
    case bytes
    /// Written `100Mbit`, `1Gbit`, or bits per second.
    case bitsPerSecond
    /// A plain count: segments, packets, retransmissions.
    case count
  }

  /// Where the value comes from: what the dump must ask the kernel for.
  public enum Source: Sendable, Equatable {
    case socket, tcpInfo, memory
    /// Only a watch summary knows it (a connection's lifetime).
    case summary
  }

  /// The `--where`/`--sort` word: `rtt`, `send_q`, `retrans`.
  public let name: String
  /// Where `--json` prints it: `tcp_info.rtt_us`, `send_q`.
  public let jsonKey: String
  public let unit: Unit
  public let source: Source
  /// Value in the base unit (µs, bytes, bit/s, count); nil when the kernel did not send it.
  let socketValue: @Sendable (Socket) -> UInt64?
  let summaryValue: @Sendable (ConnectionSummary) -> UInt64?
  /// Whether a watch summary (a destroyed socket's final tcp_info, its
  /// 4-tuple and lifetime) can have this field at all.
  public let inSummaries: Bool

  public func value(_ socket: Socket) -> UInt64? { socketValue(socket) }
  public func value(_ summary: ConnectionSummary) -> UInt64? { summaryValue(summary) }

  /// The unit as help text shows it.
  public var unitText: String {
    switch unit {
    case .duration: "time (us, ms, s, m, h)"
    case .bytes: "bytes (KiB, MiB, GiB, KB, MB, GB)"
    case .bitsPerSecond: "bit/s (kbit, Mbit, Gbit)"
    case .count: "count"
    }
  }
}

extension SocketField {
  /// Byte-valued tcp_info keys (the JSON leaves bytes unsuffixed).
  static let tcpInfoBytes: Set<String> = [
    "mss", "rcv_mss", "pmtu", "rcv_ssthresh", "advmss", "rcv_space", "bytes_acked", "bytes_received",
    "notsent_bytes", "bytes_sent", "bytes_retrans", "snd_wnd", "rcv_wnd",
  ]

  /// The field for `TCPInfoJSON.fields[index]`, read through that table at match time.
  static func fromTCPInfo(_ index: Int) -> SocketField {
    let key = TCPInfoJSON.fields[index].key.description
    var name = key
    var unit = tcpInfoBytes.contains(key) ? Unit.bytes : .count
    var scale: UInt64 = 1
    if key.hasSuffix("_us") {
      name.removeLast(3)
      unit = .duration
    } else if key.hasSuffix("_ms") {
      name.removeLast(3)
      unit = .duration
      scale = 1000
    } else if key.hasSuffix("_bps") {
      name.removeLast(4)
      unit = .bitsPerSecond
    }
    let factor = scale
    let getter: @Sendable (TCPInfo) -> UInt64? = { TCPInfoJSON.fields[index].value($0).map { $0 &* factor } }
    return SocketField(
      name: name, jsonKey: "tcp_info.\(key)", unit: unit, source: .tcpInfo,
      socketValue: { socket in socket.tcpInfo.flatMap(getter) },
      summaryValue: { summary in summary.info.flatMap(getter) }, inSummaries: true)
  }

  static func plain(
    _ name: String, _ jsonKey: String, _ unit: Unit, _ source: Source = .socket,
    summary: (@Sendable (ConnectionSummary) -> UInt64?)? = nil, _ value: @escaping @Sendable (Socket) -> UInt64?
  ) -> SocketField {
    SocketField(
      name: name, jsonKey: jsonKey, unit: unit, source: source, socketValue: value,
      summaryValue: summary ?? { _ in nil }, inSummaries: summary != nil)
  }

  static func memory(
    _ key: String, _ value: @escaping @Sendable (SocketMemory) -> UInt32?, unit: Unit = .bytes
  ) -> SocketField {
    plain(key, "memory.\(key)", unit, .memory) { $0.memory.flatMap(value).map(UInt64.init) }
  }

  /// Every field, socket-level first, in the order the help lists them.
  public static let all: [SocketField] = {
    var fields: [SocketField] = [
      plain("recv_q", "recv_q", .bytes) { UInt64($0.recvQ) },
      plain("send_q", "send_q", .bytes) { UInt64($0.sendQ) },
      plain("local_port", "local_port", .count, summary: { UInt64($0.local.port) }) { UInt64($0.local.port) },
      plain("peer_port", "peer_port", .count, summary: { UInt64($0.peer.port) }) { UInt64($0.peer.port) },
      plain("uid", "uid", .count) { UInt64($0.uid) },
      plain("inode", "inode", .count) { UInt64($0.inode) },
      plain("timer_expires", "timer.expires_ms", .duration) {
        $0.timer.kind == .none ? nil : UInt64(max(0, $0.timer.expiresMs)) * 1000
      },
      plain("timer_retransmits", "timer.retransmits", .count) { UInt64($0.timer.retransmits) },
      plain(
        "send_rate", "tcp_info.send_rate_bps", .bitsPerSecond, .tcpInfo,
        summary: { summary in summary.info.flatMap { Socket.sendRate(of: $0) } }
      ) { $0.sendRateBps },
    ]
    fields += TCPInfoJSON.fields.indices.map(fromTCPInfo)
    fields += [
      memory("rmem_alloc", \.rmemAlloc), memory("rcvbuf", \.rcvbuf), memory("wmem_alloc", \.wmemAlloc),
      memory("sndbuf", \.sndbuf), memory("wmem_queued", \.wmemQueued), memory("backlog", \.backlog),
      memory("drops", \.drops, unit: .count),
    ]
    fields.append(
      SocketField(
        name: "lifetime", jsonKey: "lifetime_ms", unit: .duration, source: .summary, socketValue: { _ in nil },
        summaryValue: { $0.lifetimeNs.map { $0 / 1000 } }, inSummaries: true))
    return fields
  }()

  static let byName: [String: SocketField] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

  /// Short words people type for the common ones.
  static let aliases: [String: String] = [
    "retransmits_total": "total_retrans", "sendq": "send_q", "recvq": "recv_q", "sport": "local_port",
    "dport": "peer_port", "srtt": "rtt", "ss_thresh": "ssthresh", "window": "snd_wnd",
  ]

  public static func named(_ word: String) -> SocketField? {
    let lower = word.lowercased()
    return byName[lower] ?? aliases[lower].flatMap { byName[$0] }
  }

  /// The field names closest to an unknown word, best first.
  public static func suggestions(for word: String, limit: Int = 3) -> [String] {
    let lower = word.lowercased()
    let ranked = all.map { (editDistance(lower, $0.name), $0.name) }
      .filter { $0.0 <= max(2, lower.count / 3) || $0.1.hasPrefix(lower) }
      .sorted { $0 < $1 }
    return Array(ranked.prefix(limit).map(\.1))
  }
}
