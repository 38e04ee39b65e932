/// What a cgroup v2 path says about who owns it, in the names people know:
/// the systemd unit, the container and the Kubernetes pod. Derived from the
/// path alone (the runtimes' naming conventions), so it needs no daemon:
///
/// - systemd: `/system.slice/nginx.service`, `/user.slice/user-1000.slice/user@1000.service/app.slice/…`
/// - docker: `/system.slice/docker-<64 hex>.scope` (systemd driver), `/docker/<64 hex>` (cgroupfs)
/// - containerd (CRI): `cri-containerd-<64 hex>.scope`; cri-o: `crio-<64 hex>.scope`;
///   podman: `libpod-<64 hex>.scope` (`libpod-conmon-…` and `crio-conmon-…` are the monitors, not containers)
/// - kubepods: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid with _>.slice/…`
///   or `/kubepods/burstable/pod<uid>/<64 hex>`; guaranteed pods have no QoS level in the path.
public struct CgroupName: Sendable, Equatable {
  public struct Container: Sendable, Equatable {
    /// `docker`, `containerd`, `crio`, `podman`, or `container` when the path does not say.
    public var runtime: String
    public var id: String

    public init(runtime: String, id: String) {
      self.runtime = runtime
      self.id = id
    }
  }

  public struct Pod: Sendable, Equatable {
    public var uid: String
    /// `guaranteed`, `burstable` or `besteffort`.
    public var qos: String

    public init(uid: String, qos: String) {
      self.uid = uid
      self.qos = qos
    }
  }

  public var path: String
  /// The deepest systemd unit in the path other than a container's own scope (or the deepest slice).
  public var unit: String?
  public var container: Container?
  public var pod: Pod?

  static let runtimePrefixes: [(prefix: String, runtime: String)] = [
    ("docker-", "docker"), ("cri-containerd-", "containerd"), ("crio-", "crio"), ("libpod-", "podman"),
  ]
  static let unitSuffixes = [".service", ".scope", ".socket", ".mount", ".swap"]

  public init(path: String) {
    self.path = path
    let components = path.split(separator: "/").map(String.init)
    var slice: String?
    for (index, component) in components.enumerated() {
      if let pod = Self.pod(component, parent: index > 0 ? components[index - 1] : nil) {
        self.pod = pod
      } else if let container = Self.container(component, parent: index > 0 ? components[index - 1] : nil) {
        self.container = container
      } else if Self.unitSuffixes.contains(where: component.hasSuffix) {
        unit = component
      } else if component.hasSuffix(".slice") {
        slice = component
      }
    }
    if unit == nil { unit = slice }
  }

  /// The name shown in the table: the container, else the pod, else the unit, else the path.
  public var short: String {
    if let container { return "\(container.runtime):\(container.id.prefix(12))" }
    if let pod { return "pod:\(pod.uid.prefix(8))" }
    return unit ?? path
  }

  static func container(_ component: String, parent: String?) -> Container? {
    let name = component.hasSuffix(".scope") ? String(component.dropLast(6)) : component
    for (prefix, runtime) in runtimePrefixes where name.hasPrefix(prefix) {
      let id = String(name.dropFirst(prefix.count))
      if isContainerID(id) { return Container(runtime: runtime, id: id) }
    }
    // cgroupfs drivers: a bare id under /docker, or under a pod directory.
    guard isContainerID(name), let parent else { return nil }
    if parent == "docker" { return Container(runtime: "docker", id: name) }
    if parent.hasPrefix("pod") || parent == "libpod_parent" { return Container(runtime: "container", id: name) }
    return nil
  }

  static func pod(_ component: String, parent: String?) -> Pod? {
    // systemd driver: kubepods[-QOS]-pod<uid, dashes as underscores>.slice
    if component.hasPrefix("kubepods-"), component.hasSuffix(".slice") {
      let between = component.dropFirst(9).dropLast(6)  // "burstable-pod<uid>" or "pod<uid>"
      guard let range = between.firstRange(of: "pod") else { return nil }
      let uid = between[range.upperBound...].replacingUnderscores
      let qos = between[..<range.lowerBound].dropLast()
      guard isPodUID(uid) else { return nil }
      return Pod(uid: uid, qos: qos.isEmpty ? "guaranteed" : String(qos))
    }
    // cgroupfs driver: /kubepods[/QOS]/pod<uid>
    guard component.hasPrefix("pod"), let parent else { return nil }
    let uid = String(component.dropFirst(3))
    guard isPodUID(uid) else { return nil }
    if parent == "kubepods" { return Pod(uid: uid, qos: "guaranteed") }
    if parent == "burstable" || parent == "besteffort" { return Pod(uid: uid, qos: parent) }
    return nil
  }

  /// Container ids are 64 lowercase hex digits in every runtime named above.
  static func isContainerID(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
  }

  /// A pod UID is a UUID: 36 characters, hex and dashes.
  static func isPodUID(_ text: String) -> Bool {
    text.utf8.count == 36 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || $0 == 45 }
  }
}

extension Substring {
  fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
