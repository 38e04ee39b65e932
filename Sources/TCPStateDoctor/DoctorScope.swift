import TCPStateKnowledge

/// Where doctor looked, so that what it suggests runs there too. A report
/// made inside `--netns NS` is about that namespace: the sockets it names are
/// found with `tcpstate list --netns NS`, and a namespace's tunables are set
/// inside it (`ip netns exec NS sysctl -w …`), except the few the kernel
/// keeps host-wide, which only the host namespace has.
public struct DoctorScope: Sendable, Equatable {
  /// `--netns` as the user gave it: a name, a path or a pid.
  public var netns: String?

  public init(netns: String?) { self.netns = netns }

  /// Sysctls of the host alone (`ipv4_table` in net/ipv4/sysctl_net_ipv4.c):
  /// not present inside another namespace.
  static let hostWide = ["net.ipv4.tcp_mem", "net.ipv4.tcp_max_orphans", "net.ipv4.udp_mem"]

  static let subcommands = ["list", "doctor", "top", "watch", "kill"]

  public func apply(_ report: DoctorReport) -> DoctorReport {
    guard netns != nil else { return report }
    var report = report
    report.findings = report.findings.map { finding in
      var finding = finding
      finding.advice = finding.advice.map { Localized(en: prose($0.en), zh: prose($0.zh)) }
      finding.commands = finding.commands.map(command)
      return finding
    }
    return report
  }

  /// `sysctl -w …` run inside the namespace; `tcpstate list …` given `--netns`.
  func command(_ text: String) -> String {
    guard let netns, text.hasPrefix("sysctl ") else { return prose(text) }
    if Self.hostWide.contains(where: { text.contains($0 + "=") || text.hasSuffix($0) }) { return text }
    if netns.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
      return "nsenter --net=/proc/\(netns)/ns/net " + text
    }
    if netns.contains("/") { return "nsenter --net=\(Self.quoted(netns)) " + text }
    return "ip netns exec \(Self.quoted(netns)) " + text
  }

  /// Every `tcpstate SUBCOMMAND` in the text gains `--netns NS`.
  func prose(_ text: String) -> String {
    guard let netns else { return text }
    var text = text
    for subcommand in Self.subcommands {
      text = text.replacing("tcpstate \(subcommand)", with: "tcpstate \(subcommand) --netns \(Self.quoted(netns))")
    }
    return text
  }

  /// Single quotes when the word holds anything a shell would read.
  static func quoted(_ word: String) -> String {
    let plain = word.utf8.allSatisfy { byte in
      (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
        || [UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/")].contains(byte)
    }
    return plain
      ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }
}
