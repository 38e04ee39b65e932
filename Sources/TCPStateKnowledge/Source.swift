/// Where a fact on a page comes from: an RFC section, a kernel source file,
/// a kernel document or a manual page. Every state, topic and tunable carries
/// its sources so a reader can check each claim; they are shown at the end of
/// the page ("Sources" / "参考") and as `sources` in `--json`.
public struct Source: Sendable, Hashable {
  public enum Kind: String, Sendable {
    /// An IETF RFC, with a section where one applies.
    case rfc
    /// A file of the Linux source tree, with the functions or symbols that matter.
    case kernel
    /// A file under the kernel's Documentation/ tree (ip-sysctl.rst, net.rst).
    case kernelDoc = "kernel_doc"
    /// A manual page such as tcp(7).
    case manPage = "man_page"
    /// A book, for facts that are quoted from one.
    case book
  }

  public var kind: Kind
  /// The document: `RFC 9293`, `net/ipv4/tcp_input.c`, `tcp(7)`.
  public var document: String
  /// Where in it: `3.6.1`, `tcp_fin()`, `tcp_fin_timeout`; empty for the whole document.
  public var detail: String

  public init(_ kind: Kind, _ document: String, _ detail: String = "") {
    self.kind = kind
    self.document = document
    self.detail = detail
  }

  /// One line for the page: `RFC 9293 §3.6.1`, `net/ipv4/tcp_input.c: tcp_fin()`.
  public var citation: String {
    guard !detail.isEmpty else { return document }
    switch kind {
    case .rfc: return document + " §" + detail
    default: return document + ": " + detail
    }
  }

  /// RFC `number`, optionally a section.
  static func rfc(_ number: Int, _ section: String = "") -> Source {
    Source(.rfc, "RFC \(number)", section)
  }

  /// A Linux source file and what in it.
  static func kernel(_ path: String, _ symbols: String = "") -> Source {
    Source(.kernel, path, symbols)
  }

  /// An entry of Documentation/networking/ip-sysctl.rst.
  static func ipSysctl(_ entry: String) -> Source {
    Source(.kernelDoc, "Documentation/networking/ip-sysctl.rst", entry)
  }

  /// An entry of Documentation/admin-guide/sysctl/net.rst (the net.core tunables).
  static func netSysctl(_ entry: String) -> Source {
    Source(.kernelDoc, "Documentation/admin-guide/sysctl/net.rst", entry)
  }

  /// A manual page section: `man("tcp(7)", "TCP_USER_TIMEOUT")`.
  static func man(_ page: String, _ item: String = "") -> Source {
    Source(.manPage, page, item)
  }
}
