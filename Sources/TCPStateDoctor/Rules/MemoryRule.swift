import TCPStateKnowledge

/// TCP memory pressure: sockstat's `TCP: mem` (pages) against `tcp_mem`
/// (low, pressure, high). Above `pressure` the stack shrinks buffers
/// (`tcp_enter_memory_pressure`, TcpExtTCPMemoryPressures); above `high` it
/// refuses allocations and may drop or abort (TcpExtTCPAbortOnMemory).
public struct MemoryRule: DoctorRule {
  public static let id = "tcp-memory"

  public var ids: [String] { [Self.id] }
  public init() {}

  public static func assess(pages: Int64, limits: [Int64], pressures: Int64, aborts: Int64)
    -> Severity
  {
    if aborts > 0 { return .critical }
    if limits.count == 3 && pages >= limits[2] { return .critical }
    if pressures > 0 || (limits.count == 3 && pages >= limits[1]) { return .warning }
    return .ok
  }

  public func evaluate(_ input: DoctorInput) -> [Finding] {
    let pages = input.counters.current("TCP", "mem") ?? 0
    let limits = input.tunableFields("tcp_mem")
    let pressures = input.counters.delta("TcpExt", "TCPMemoryPressures") ?? 0
    let aborts = input.counters.delta("TcpExt", "TCPAbortOnMemory") ?? 0
    let severity = Self.assess(pages: pages, limits: limits, pressures: pressures, aborts: aborts)
    guard severity > .ok else { return [] }
    let pressure = limits.count == 3 ? limits[1] : 0
    let high = limits.count == 3 ? limits[2] : 0
    return [
      Finding(
        id: Self.id, severity: severity, title: L("TCP memory pressure", "TCP 内存压力"),
        detail: L(
          "TCP uses \(pages) pages; tcp_mem puts pressure at \(pressure) and the hard limit at \(high). \(aborts) connections were aborted for memory in \(input.secondsText).",
          "TCP 使用了 \(pages) 页内存；tcp_mem 的压力阈值为 \(pressure)，硬上限为 \(high)。\(input.secondsText) 内有 \(aborts) 个连接因内存不足被中止。"
        ),
        evidence: [
          Metric("mem_pages", L("pages in use (sockstat mem)", "已用页数（sockstat mem）"), pages),
          Metric("pressure_pages", L("tcp_mem pressure threshold", "tcp_mem 压力阈值"), pressure),
          Metric("high_pages", L("tcp_mem hard limit", "tcp_mem 硬上限"), high),
        ]
          + input.deltaMetrics([
            ("TcpExt", "TCPMemoryPressures", "memory_pressures_delta"),
            ("TcpExt", "TCPAbortOnMemory", "abort_on_memory_delta"),
          ]),
        advice: [
          L(
            "Find the sockets holding memory (tcpstate list -m, large Recv-Q or Send-Q); raise tcp_mem only if the machine has memory to spare.",
            "找出占用内存的套接字（tcpstate list -m，Recv-Q 或 Send-Q 很大的）；只有在机器内存充裕时才提高 tcp_mem。")
        ],
        commands: high > 0
          ? ["sysctl -w net.ipv4.tcp_mem=\"\(limits[0]) \(doubled(pressure)) \(doubled(high))\""] : [],
        tunables: input.cite(["tcp_mem", "tcp_rmem", "tcp_wmem"]), explain: "ESTABLISHED",
        hostWide: true)
    ]
  }
}
