import TCPStateKit
import TCPStateModel

/// Names each namespace after the pod or container it belongs to, from the
/// cgroups of the processes inside it (`/proc/PID/cgroup`, parsed by
/// `CgroupName`), the kubelet's `/var/log/pods/<namespace>_<name>_<uid>/`
/// directories and Docker's `config.v2.json`. Each source is optional: what
/// is not there is left out, never guessed.
public struct NamespaceNaming {
  public var procRoot = "/proc"
  public var podLogs = "/var/log/pods"
  public var dockerContainers = "/var/lib/docker/containers"

  public init() {}

  public func annotate(_ namespaces: [NamespaceRecord]) -> [NamespaceRecord] {
    var pods: [String: PodDirectory]?
    return namespaces.map { record in
      guard !record.isOwn, var workload = workload(of: record) else { return record }
      if let uid = workload.podUID {
        if pods == nil {
          pods = Dictionary(
            (NamespaceDiscovery.entries(podLogs) ?? []).compactMap(PodDirectory.init).map { ($0.uid, $0) },
            uniquingKeysWith: { first, _ in first })
        }
        if let pod = pods?[uid] {
          workload.podNamespace = pod.namespace
          workload.podName = pod.name
        }
      } else if workload.containerRuntime == "docker", let id = workload.containerID,
        let config = TraceFS.readFile("\(dockerContainers)/\(id)/config.v2.json", limit: 1 << 20)
      {
        workload.containerName = PodDirectory.dockerName(config: config)
      }
      var record = record
      record.workload = workload
      return record
    }
  }

  /// The pod or container of the first process inside whose cgroup names one.
  /// A pod's containers all share its namespace, so a pod names no single container.
  func workload(of record: NamespaceRecord) -> NamespaceWorkload? {
    for pid in record.pids {
      guard let text = TraceFS.readFile("\(procRoot)/\(pid)/cgroup", limit: 65536),
        let path = PodDirectory.unifiedPath(cgroupFile: text)
      else { continue }
      let name = CgroupName(path: path)
      var workload = NamespaceWorkload()
      if let pod = name.pod {
        workload.podUID = pod.uid
        return workload
      }
      if let container = name.container {
        workload.containerRuntime = container.runtime
        workload.containerID = container.id
        return workload
      }
    }
    return nil
  }
}
