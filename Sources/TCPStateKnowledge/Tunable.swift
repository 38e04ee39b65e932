import TCPStateModel

/// A kernel tunable under /proc/sys that governs TCP states. Meanings and
/// defaults mirror Documentation/networking/ip-sysctl.rst and the kernel's
/// initialisation code (tcp_sk_init in net/ipv4/tcp_ipv4.c, tcp_init in net/ipv4/tcp.c).
public struct Tunable: Sendable {
  /// The short name users type: `tcp_fin_timeout`, `somaxconn`.
  public var name: String
  /// The sysctl name: `net.ipv4.tcp_fin_timeout`.
  public var sysctl: String
  public var meaning: Localized
  public var unit: TunableUnit
  public var defaultValue: TunableDefault
  /// The states whose entries name this tunable.
  public var governs: [TCPState]
  /// How a live value is turned into a consequence (`Implications.describe`).
  public var implication: Implication
  /// Kernel code and other documents behind the text, besides the tunable's
  /// own entry in the kernel's sysctl documentation.
  public var references: [Source] = []

  /// The memberwise initialiser, public for the doctor's own `tcp_mem`.
  public init(
    name: String, sysctl: String, meaning: Localized, unit: TunableUnit, defaultValue: TunableDefault,
    governs: [TCPState], implication: Implication, references: [Source] = []
  ) {
    self.name = name
    self.sysctl = sysctl
    self.meaning = meaning
    self.unit = unit
    self.defaultValue = defaultValue
    self.governs = governs
    self.implication = implication
    self.references = references
  }

  /// Where the facts come from: the sysctl documentation first, then `references`.
  public var sources: [Source] {
    let document: Source =
      sysctl.hasPrefix("net.core.") ? .netSysctl(name) : .ipSysctl(name)
    return [document] + references
  }

  /// The file relative to the proc root: `sys/net/ipv4/tcp_fin_timeout`.
  public var procPath: String {
    "sys/" + String(sysctl.map { $0 == "." ? "/" : $0 })
  }
}

/// What a tunable's number counts.
public enum TunableUnit: String, Sendable {
  case seconds, count, mode, boolean, bytes, ports, algorithm, bitmask
  case milliseconds, microseconds, pages
  case byteCount = "byte_count"
  case portList = "port_list"

  public var label: Localized {
    switch self {
    case .seconds: L("seconds", "秒")
    case .count: L("count", "个数")
    case .mode: L("mode", "模式")
    case .boolean: L("0 or 1", "0 或 1")
    case .bytes: L("bytes (min default max)", "字节（依次为最小值、默认值、最大值）")
    case .ports: L("port range (low high)", "端口范围（依次为下限、上限）")
    case .algorithm: L("algorithm name", "算法名称")
    case .bitmask: L("bit mask", "位掩码")
    case .milliseconds: L("milliseconds", "毫秒")
    case .microseconds: L("microseconds", "微秒")
    case .pages: L("pages (min pressure max)", "页（依次为下限、压力阈值、上限）")
    case .byteCount: L("bytes", "字节")
    case .portList: L("comma-separated port ranges", "逗号分隔的端口范围")
    }
  }
}

/// A kernel default. Fields are the whitespace-separated values of the file;
/// a nil field depends on the machine (memory size) or the kernel build and
/// is not compared.
public struct TunableDefault: Sendable {
  public var fields: [String?]
  public var note: Localized?

  public init(_ fields: [String?], note: Localized? = nil) {
    self.fields = fields
    self.note = note
  }

  /// The default as the file would show it, `?` for machine-dependent fields
  /// and `(empty)` for a file that is empty by default.
  public var display: String {
    fields.isEmpty ? "(empty)" : fields.map { $0 ?? "?" }.joined(separator: " ")
  }

  /// The default for a page: in Chinese a machine-dependent field is said in
  /// words (取决于内存或内核构建) rather than shown as a bare `?`.
  public func display(_ language: Language) -> String {
    guard language == .zh else { return display }
    if fields.isEmpty { return "（空）" }
    if fields.allSatisfy({ $0 == nil }) { return "取决于内存或内核构建" }
    return fields.map { $0 ?? "取决于内存或内核构建" }.joined(separator: " ")
  }

  /// Whether a live value differs from the default: nil when it cannot be
  /// told (every field machine-dependent).
  public func differs(from live: String) -> Bool? {
    let values = TunableDefault.split(live)
    // An empty default (ip_local_reserved_ports) differs from any content.
    if fields.isEmpty { return !values.isEmpty }
    guard fields.contains(where: { $0 != nil }) else { return nil }
    if values.count != fields.count { return true }
    for (expected, actual) in zip(fields, values) {
      if let expected, expected != actual { return true }
    }
    return false
  }

  /// Splits a proc value on tabs and spaces.
  public static func split(_ value: String) -> [String] {
    value.split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "\n" }).map(String.init)
  }
}

/// Which computation explains a live value.
public enum Implication: Sendable {
  case none
  case synRetries
  case synLinearTimeouts
  case synackRetries
  case synBacklog
  case somaxconn
  case syncookies
  case abortOnOverflow
  case finTimeout
  case twBuckets
  case twReuse
  case rfc1337
  case orphans
  case orphanRetries
  case retries1
  case retries2
  case keepalive
  case portRange
  case congestion
  case buffers
  case fastopen
  case timestamps
  case toggle(on: Localized, off: Localized)
  case ecn
  /// Buffers, memory, timer bounds, ports and probing (`Implications+Transport.swift`).
  case transport(TransportImplication)
}
