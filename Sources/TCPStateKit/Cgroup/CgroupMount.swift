/// Finds where cgroup v2 is mounted from the text of /proc/self/mountinfo
/// (proc(5): "36 35 98:0 /root /mnt rw,noatime master:1 - ext3 /dev/root rw").
/// Hosts differ: /sys/fs/cgroup on pure v2, /sys/fs/cgroup/unified on hybrid
/// ones (this machine), elsewhere in containers; so it is looked up, not assumed.
public enum CgroupMount {
  /// The mount point of the first cgroup2 mount whose root is the hierarchy's
  /// root, else of the first cgroup2 mount at all; nil when there is none (v1 only).
  public static func unifiedMountPoint(mountinfo: String) -> String? {
    var fallback: String?
    for line in mountinfo.split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      // The optional fields end at "-"; the filesystem type follows it.
      guard let dash = fields.firstIndex(of: "-"), dash + 1 < fields.count, fields.count > 4,
        fields[dash + 1] == "cgroup2"
      else { continue }
      let mountPoint = unescape(fields[4])
      // A mount of a sub-tree (root other than /) shows only part of the hierarchy.
      if fields[3] == "/" { return mountPoint }
      fallback = fallback ?? mountPoint
    }
    return fallback
  }

  /// mountinfo escapes space, tab, newline and backslash as \040, \011, \012, \134.
  static func unescape(_ field: Substring) -> String {
    let utf8 = Array(field.utf8)
    var bytes: [UInt8] = []
    var i = 0
    while i < utf8.count {
      let octal = utf8[i] == UInt8(ascii: "\\") && i + 4 <= utf8.count ? utf8[(i + 1)..<(i + 4)] : []
      if octal.count == 3, octal.allSatisfy({ (48...55).contains($0) }) {
        bytes.append(octal.reduce(0) { $0 &* 8 &+ ($1 - 48) })
        i += 4
      } else {
        bytes.append(utf8[i])
        i += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
