import Foundation
import TCPStateKit
import TCPStateModel
import XCTest

@testable import TCPStateKernel

/// Pod and container names for namespaces, from recorded trees: a fake
/// /proc with each process's cgroup file, a kubelet log directory and a
/// Docker state directory, as they look on a Kubernetes node and a Docker host.
final class NamespaceNamingTests: XCTestCase {
  let uid = "6f1c2a7e-1b2c-4d3e-8f90-0a1b2c3d4e5f"
  let dockerID = String(repeating: "ab", count: 32)
  var root = ""

  override func setUpWithError() throws {
    root = NSTemporaryDirectory() + "naming-\(UUID().uuidString)"
    let underscored = uid.replacingOccurrences(of: "-", with: "_")
    let files: [String: String] = [
      // A pod's sandbox (systemd driver) and a second container of the same pod.
      "proc/100/cgroup":
        "12:memory:/kubepods\n0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod\(underscored).slice/cri-containerd-\(String(repeating: "1", count: 64)).scope\n",
      "proc/101/cgroup": "0::/kubepods/burstable/pod\(uid)/\(String(repeating: "2", count: 64))\n",
      // A Docker container (systemd driver), and a plain service.
      "proc/200/cgroup": "0::/system.slice/docker-\(dockerID).scope\n",
      "proc/300/cgroup": "0::/system.slice/nginx.service\n",
      "pods/shop_web-0_\(uid)/web/0.log": "",
      "pods/not-a-pod/x": "",
      "docker/\(dockerID)/config.v2.json": #"{"ID":"x","Name":"/checkout","State":{}}"#,
    ]
    for (path, text) in files {
      let url = URL(fileURLWithPath: root + "/" + path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: url, atomically: true, encoding: .utf8)
    }
  }

  override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

  func record(_ inode: UInt64, pids: [Int32], names: [String] = [], own: Bool = false) -> NamespaceRecord {
    var record = NamespaceRecord(inode: inode, path: "/proc/\(pids.first ?? 1)/ns/net")
    record.pids = pids
    record.names = names
    record.isOwn = own
    return record
  }

  func testPodContainerAndPlainNamespaces() {
    var naming = NamespaceNaming()
    naming.procRoot = root + "/proc"
    naming.podLogs = root + "/pods"
    naming.dockerContainers = root + "/docker"
    let named = naming.annotate([
      record(1, pids: [300], own: true),
      record(2, pids: [999, 100, 101]),
      record(3, pids: [200]),
      record(4, pids: [300], names: ["blue"]),
      record(5, pids: [998]),
    ])
    XCTAssertNil(named[0].workload, "tcpstate's own namespace is not renamed")
    XCTAssertEqual(named[1].workload?.podUID, uid, "the first process whose cgroup names a pod")
    XCTAssertEqual(named[1].workload?.podNamespace, "shop")
    XCTAssertEqual(named[1].workload?.podName, "web-0")
    XCTAssertNil(named[1].workload?.containerID, "a pod's containers share its namespace: none is named")
    XCTAssertEqual(named[1].label, "shop/web-0")
    XCTAssertEqual(named[2].workload?.containerRuntime, "docker")
    XCTAssertEqual(named[2].workload?.containerName, "checkout")
    XCTAssertEqual(named[2].label, "checkout")
    XCTAssertNil(named[3].workload, "a service's cgroup names no workload")
    XCTAssertEqual(named[3].label, "blue")
    XCTAssertEqual(named[4].label, "5", "nothing readable: the inode")
  }

  /// A pod without a log directory, and a container without Docker's state: ids, not guesses.
  func testWithoutTheRuntimesStateOnlyIDs() {
    var naming = NamespaceNaming()
    naming.procRoot = root + "/proc"
    naming.podLogs = root + "/missing"
    naming.dockerContainers = root + "/missing"
    let named = naming.annotate([record(2, pids: [101]), record(3, pids: [200])])
    XCTAssertEqual(named[0].label, "pod:6f1c2a7e")
    XCTAssertNil(named[0].workload?.podName)
    XCTAssertEqual(named[1].label, "docker:abababababab")
  }

  func testPodDirectoryAndDockerConfigParsing() {
    XCTAssertEqual(PodDirectory("kube-system_coredns-5d78c9869d-abcde_\(uid)")?.name, "coredns-5d78c9869d-abcde")
    XCTAssertNil(PodDirectory("a_b"))
    XCTAssertNil(PodDirectory("a_b_c_d"))
    XCTAssertNil(PodDirectory("_b_\(uid)"))
    XCTAssertEqual(PodDirectory.unifiedPath(cgroupFile: "1:name=systemd:/x\n0::/a/b\n"), "/a/b")
    XCTAssertNil(PodDirectory.unifiedPath(cgroupFile: "1:cpu:/x\n"))
    XCTAssertEqual(PodDirectory.dockerName(config: #"{"Name":"/web"}"#), "web")
    XCTAssertNil(PodDirectory.dockerName(config: #"{"Name":""}"#))
    XCTAssertNil(PodDirectory.dockerName(config: "{}"))
  }
}
