import TCPStateModel

/// What a socket listing shows. Passed to the renderers as a value.
public struct ListOptions: Sendable {
  public var info = false
  public var timers = false
  public var memory = false
  public var extended = false
  public var processes = false
  public var header = true
  /// Only listeners are shown: label the queues "Accept-Q" and "Backlog".
  public var listenersOnly = false
  public var style = TextStyle.plain
  /// Interface names by index, for sockets bound to a device (`127.0.0.1%lo`);
  /// an index without a name is shown as the number.
  public var interfaceNames: [UInt32: String] = [:]

  public init() {}
}
