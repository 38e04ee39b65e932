import Glibc

/// The network interfaces of the current namespace by index (if_nameindex),
/// for showing a socket's bound device by name as ss does.
public enum InterfaceNames {
  public static func current() -> [UInt32: String] {
    guard let list = if_nameindex() else { return [:] }
    defer { if_freenameindex(list) }
    var names: [UInt32: String] = [:]
    var entry = list
    while entry.pointee.if_index != 0, let name = entry.pointee.if_name {
      names[entry.pointee.if_index] = String(cString: name)
      entry += 1
    }
    return names
  }
}
