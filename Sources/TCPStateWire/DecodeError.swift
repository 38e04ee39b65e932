/// A kernel message that did not parse. Carries the byte offset (within the
/// message, or the receive buffer once the dump layer adds its base) so a
/// report can point at the exact spot.
public struct DecodeError: Error, Equatable, Sendable, CustomStringConvertible {
  public var offset: Int
  public var reason: String

  public init(offset: Int, _ reason: String) {
    self.offset = offset
    self.reason = reason
  }

  public func shifted(by base: Int) -> DecodeError { DecodeError(offset: offset + base, reason) }

  public var description: String { "at byte \(offset): \(reason)" }
}
