import TCPStateModel

/// One socket as a JSON object with stable snake_case keys; units are in the
/// key names (`_us`, `_ms`, `_bps`, bytes when unsuffixed). Keys for data the
/// kernel did not send are left out, never zero-filled.
public struct SocketJSON {
  public let options: ListOptions

  public init(options: ListOptions) { self.options = options }

  public func write(_ socket: Socket, processes: [ProcessRef], to json: inout JSONWriter) {
    json.beginObject()
    if let netns = socket.netns {
      // The inode, as lsns and /proc/PID/ns/net give it; the name when one is known.
      json.field("netns", netns)
      if let record = options.namespaces?[netns] { writeNamespace(record, to: &json) }
    }
    json.key("family")
    json.string(socket.family.name)
    json.key("state")
    json.string(socket.state.name)
    json.key("local_address")
    json.rawString { socket.local.address.appendText(to: &$0) }
    json.field("local_port", UInt64(socket.local.port))
    json.key("peer_address")
    json.rawString { socket.peer.address.appendText(to: &$0) }
    json.field("peer_port", UInt64(socket.peer.port))
    json.field("recv_q", UInt64(socket.recvQ))
    json.field("send_q", UInt64(socket.sendQ))
    if socket.state == .listen {
      // For a listener the queues mean something else; say it in the keys too.
      json.field("accept_queue", UInt64(socket.recvQ))
      json.field("accept_queue_limit", UInt64(socket.sendQ))
    }
    json.field("uid", UInt64(socket.uid))
    json.field("inode", UInt64(socket.inode))
    json.field("cookie", socket.cookie)
    if socket.interface != 0 {
      json.field("interface", UInt64(socket.interface))
    }
    if let cgroups = options.cgroups, let id = socket.cgroupID, id != 0 { writeCgroup(id, cgroups[id], to: &json) }
    if options.timers { writeTimer(socket.timer, to: &json) }
    if options.processes { writeProcesses(processes, to: &json) }
    if let shutdown = socket.shutdown, options.extended {
      json.field("shutdown", UInt64(shutdown))
    }
    if options.memory, let memory = socket.memory { writeMemory(memory, to: &json) }
    if options.info {
      if let congestion = socket.congestion {
        json.key("congestion")
        json.string(congestion)
      }
      if let info = socket.tcpInfo {
        json.key("tcp_info")
        TCPInfoJSON.write(info, socket: socket, to: &json)
      }
    }
    if !socket.unknownAttributes.isEmpty {
      json.key("unknown_attributes")
      json.beginArray()
      for type in socket.unknownAttributes { json.number(UInt64(type)) }
      json.endArray()
    }
    json.endObject()
  }

  /// `netns_name` (ip netns, Docker), `pod` and `container`: each only when known.
  func writeNamespace(_ record: NamespaceRecord, to json: inout JSONWriter) {
    if let name = record.names.first {
      json.key("netns_name")
      json.string(name)
    }
    guard let workload = record.workload else { return }
    if workload.podUID != nil {
      json.key("pod")
      json.beginObject()
      for (key, value) in [("namespace", workload.podNamespace), ("name", workload.podName), ("uid", workload.podUID)] {
        guard let value else { continue }
        json.key(key)
        json.string(value)
      }
      json.endObject()
    }
    if workload.containerID != nil {
      json.key("container")
      json.beginObject()
      for (key, value) in [
        ("runtime", workload.containerRuntime), ("id", workload.containerID), ("name", workload.containerName),
      ] {
        guard let value else { continue }
        json.key(key)
        json.string(value)
      }
      json.endObject()
    }
  }

  /// `cgroup_id`, `cgroup` (the path; null once the cgroup is removed) and what the path names.
  func writeCgroup(_ id: UInt64, _ name: CgroupName?, to json: inout JSONWriter) {
    json.field("cgroup_id", id)
    json.key("cgroup")
    guard let name else {
      json.null()
      return
    }
    json.string(name.path)
    if let unit = name.unit {
      json.key("cgroup_unit")
      json.string(unit)
    }
    if let container = name.container {
      json.key("container")
      json.beginObject()
      json.key("runtime")
      json.string(container.runtime)
      json.key("id")
      json.string(container.id)
      json.endObject()
    }
    if let pod = name.pod {
      json.key("pod")
      json.beginObject()
      json.key("uid")
      json.string(pod.uid)
      json.key("qos")
      json.string(pod.qos)
      json.endObject()
    }
  }

  func writeTimer(_ timer: SocketTimer, to json: inout JSONWriter) {
    json.key("timer")
    json.beginObject()
    json.key("kind")
    json.string(timer.kind.jsonName)
    json.field("expires_ms", timer.expiresMs)
    json.field("retransmits", UInt64(timer.retransmits))
    json.endObject()
  }

  func writeProcesses(_ processes: [ProcessRef], to json: inout JSONWriter) {
    json.key("processes")
    json.beginArray()
    for process in processes {
      json.beginObject()
      json.field("pid", Int64(process.pid))
      json.key("command")
      json.string(process.command)
      json.field("fd", Int64(process.fd))
      json.endObject()
    }
    json.endArray()
  }

  func writeMemory(_ memory: SocketMemory, to json: inout JSONWriter) {
    json.key("memory")
    json.beginObject()
    let fields: [(StaticString, UInt32?)] = [
      ("rmem_alloc", memory.rmemAlloc), ("rcvbuf", memory.rcvbuf), ("wmem_alloc", memory.wmemAlloc),
      ("sndbuf", memory.sndbuf), ("fwd_alloc", memory.fwdAlloc), ("wmem_queued", memory.wmemQueued),
      ("optmem", memory.optmem), ("backlog", memory.backlog), ("drops", memory.drops),
    ]
    for (key, value) in fields {
      guard let value else { continue }
      json.key(key)
      json.number(UInt64(value))
    }
    json.endObject()
  }
}
