/// An error tcpstate reports to the user: one line of text and an exit code
/// scripts can rely on (the BSD sysexits values).
public struct TCPStateError: Error, CustomStringConvertible, Sendable {
  public enum Kind: Sendable {
    /// Bad command line: unknown state, bad port or CIDR, conflicting flags.
    case usage
    /// The kernel interface is missing or refused (no sock_diag, no tracefs).
    case unavailable
    /// A privilege is missing (which one is named in the message).
    case permission
    /// Something that should not happen on a sane host.
    case software
    /// An output file cannot be created (EX_CANTCREAT).
    case cannotCreate
    /// Output could not be written (a full disk, an I/O error); not a closed pipe.
    case io
  }

  public var kind: Kind
  public var message: String
  /// Extra lines: suggestions, what still works without the privilege.
  public var hints: [String]

  public init(_ kind: Kind, _ message: String, hints: [String] = []) {
    self.kind = kind
    self.message = message
    self.hints = hints
  }

  /// sysexits.h: EX_USAGE 64, EX_UNAVAILABLE 69, EX_SOFTWARE 70, EX_CANTCREAT 73, EX_IOERR 74, EX_NOPERM 77.
  public var exitCode: Int32 {
    switch kind {
    case .usage: 64
    case .unavailable: 69
    case .software: 70
    case .cannotCreate: 73
    case .io: 74
    case .permission: 77
    }
  }

  public var description: String { ([message] + hints).joined(separator: "\n") }
}
