import TCPStateKnowledge
import TCPStateModel

/// The tunables the doctor reads: the explain catalogue plus `tcp_mem`,
/// which only the memory rule needs (ip-sysctl.rst: three page counts,
/// low / pressure / high, compared with sockstat's `TCP: mem`).
public enum DoctorTunables {
  static let tcpMem = Tunable(
    name: "tcp_mem", sysctl: "net.ipv4.tcp_mem",
    meaning: L(
      "Memory for all TCP sockets together, in pages: below the first number no pressure, above the second the stack moderates buffers, above the third it refuses new allocations.",
      "所有 TCP 套接字合计可用的内存（以页为单位）：低于第一个值无压力，超过第二个值进入内存压力模式并收紧缓冲区，超过第三个值拒绝新的分配。"),
    unit: .count,
    defaultValue: TunableDefault([nil, nil, nil], note: L("scaled with memory", "随内存大小增加")),
    governs: [.established], implication: .none)

  public static let all: [Tunable] = TunableCatalog.all + [tcpMem]

  public static func tunable(named name: String) -> Tunable? {
    all.first { $0.name == name }
  }
}
