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
  /// Show each socket's cgroup: a column in the table (`--cgroup-column`).
  public var cgroupColumn = false
  /// The cgroups by id, parsed once per run; non-nil turns on `cgroup:` in
  /// the details (-e) and the `cgroup_id`/`cgroup` keys in JSON.
  public var cgroups: [UInt64: CgroupName]?
  /// Interface names by index, for sockets bound to a device (`127.0.0.1%lo`);
  /// an index without a name is shown as the number.
  public var interfaceNames: [UInt32: String] = [:]
  /// A Family column (inet, inet6) after the queues: with -e, or on a terminal wide enough.
  public var family = false
  /// The terminal's width: the -i, -m detail lines wrap their fields under
  /// the row at it. Nil (a pipe) keeps each detail on one line, as ss does.
  public var width: Int?
  /// Several network namespaces are shown: a Netns column leads the table
  /// (each namespace's pod, container or name, else its inode), and JSON
  /// says `netns_name`, `pod` and `container` where known.
  public var namespaces: [UInt64: NamespaceRecord]?
  /// `--columns`: these columns in this order instead of the default layout.
  public var columns: [SocketColumn]?
  /// The terminal width from which the Family column is shown without -e.
  public static let familyColumnWidth = 150

  public init() {}
}
