import TCPStateWire

/// A message of a dump that did not decode cleanly. The dump goes on; the
/// problem is reported with where it was, so it can be found in a capture.
public struct DumpProblem: Sendable, CustomStringConvertible {
  /// Which receive call (0-based) and where in its buffer.
  public var chunk: Int
  public var error: DecodeError

  public var description: String { "netlink chunk \(chunk), \(error)" }
}
