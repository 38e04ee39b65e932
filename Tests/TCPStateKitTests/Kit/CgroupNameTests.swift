import TCPStateKit
import XCTest

/// The name parser on cgroup paths as each runtime writes them (recorded
/// from systemd, docker, containerd, cri-o, podman and kubelet hosts).
final class CgroupNameTests: XCTestCase {
  let id = "3f2a9c1b2d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd"

  func testSystemdUnits() {
    XCTAssertEqual(CgroupName(path: "/system.slice/nginx.service").short, "nginx.service")
    XCTAssertEqual(
      CgroupName(path: "/user.slice/user-1000.slice/user@1000.service/init.scope").unit, "init.scope",
      "the deepest unit")
    XCTAssertEqual(CgroupName(path: "/user.slice/user-1000.slice/user@1000.service").short, "user@1000.service")
    XCTAssertEqual(CgroupName(path: "/user.slice/user-1000.slice").short, "user-1000.slice", "a slice at last")
    XCTAssertEqual(CgroupName(path: "/").short, "/")
    XCTAssertEqual(CgroupName(path: "/tcpstate-test-1").short, "/tcpstate-test-1", "no convention: the path")
    XCTAssertNil(CgroupName(path: "/tcpstate-test-1").container)
  }

  func testDocker() {
    let systemd = CgroupName(path: "/system.slice/docker-\(id).scope")
    XCTAssertEqual(systemd.container, CgroupName.Container(runtime: "docker", id: id))
    XCTAssertEqual(systemd.short, "docker:3f2a9c1b2d4e")
    XCTAssertEqual(systemd.unit, "system.slice", "the container's own scope is not its unit; its slice is")
    XCTAssertEqual(CgroupName(path: "/docker/\(id)").container?.runtime, "docker", "cgroupfs driver")
    XCTAssertNil(CgroupName(path: "/system.slice/docker.service").container, "the daemon is a unit")
    XCTAssertEqual(CgroupName(path: "/system.slice/docker.service").short, "docker.service")
  }

  func testContainerdCrioPodman() {
    XCTAssertEqual(CgroupName(path: "/system.slice/cri-containerd-\(id).scope").container?.runtime, "containerd")
    XCTAssertEqual(CgroupName(path: "/machine.slice/crio-\(id).scope").container?.runtime, "crio")
    XCTAssertNil(CgroupName(path: "/machine.slice/crio-conmon-\(id).scope").container, "conmon is not the container")
    let podman = CgroupName(path: "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-\(id).scope")
    XCTAssertEqual(podman.container, CgroupName.Container(runtime: "podman", id: id))
    XCTAssertEqual(podman.unit, "user@1000.service")
    XCTAssertNil(CgroupName(path: "/machine.slice/libpod-conmon-\(id).scope").container)
    XCTAssertNil(CgroupName(path: "/system.slice/docker-1234.scope").container, "an id is 64 hex digits")
  }

  func testKubepodsSystemdDriver() {
    let path =
      "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod8b1e5f2a_1c2d_4e3f_9a8b_7c6d5e4f3a2b.slice/cri-containerd-\(id).scope"
    let name = CgroupName(path: path)
    XCTAssertEqual(name.pod, CgroupName.Pod(uid: "8b1e5f2a-1c2d-4e3f-9a8b-7c6d5e4f3a2b", qos: "burstable"))
    XCTAssertEqual(name.container?.runtime, "containerd")
    XCTAssertEqual(name.short, "containerd:3f2a9c1b2d4e")
    let pod = CgroupName(path: "/kubepods.slice/kubepods-pod8b1e5f2a_1c2d_4e3f_9a8b_7c6d5e4f3a2b.slice")
    XCTAssertEqual(pod.pod?.qos, "guaranteed")
    XCTAssertEqual(pod.short, "pod:8b1e5f2a")
    XCTAssertNil(CgroupName(path: "/kubepods.slice/kubepods-besteffort.slice").pod, "a QoS slice is not a pod")
  }

  func testKubepodsCgroupfsDriver() {
    let name = CgroupName(path: "/kubepods/besteffort/pod8b1e5f2a-1c2d-4e3f-9a8b-7c6d5e4f3a2b/\(id)")
    XCTAssertEqual(name.pod, CgroupName.Pod(uid: "8b1e5f2a-1c2d-4e3f-9a8b-7c6d5e4f3a2b", qos: "besteffort"))
    XCTAssertEqual(name.container, CgroupName.Container(runtime: "container", id: id))
    XCTAssertEqual(CgroupName(path: "/kubepods/pod8b1e5f2a-1c2d-4e3f-9a8b-7c6d5e4f3a2b").pod?.qos, "guaranteed")
  }

  func testMountInfoFindsTheUnifiedHierarchy() {
    let hybrid = """
      25 30 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
      31 25 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
      41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
      42 31 0:39 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
      """
    XCTAssertEqual(CgroupMount.unifiedMountPoint(mountinfo: hybrid), "/sys/fs/cgroup/unified")
    let pure = "35 24 0:30 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw,nsdelegate\n"
    XCTAssertEqual(CgroupMount.unifiedMountPoint(mountinfo: pure), "/sys/fs/cgroup")
    let spaced = "50 24 0:30 / /mnt/my\\040cgroups rw - cgroup2 none rw\n"
    XCTAssertEqual(CgroupMount.unifiedMountPoint(mountinfo: spaced), "/mnt/my cgroups")
    let v1Only = "42 31 0:39 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
    XCTAssertNil(CgroupMount.unifiedMountPoint(mountinfo: v1Only))
    let subtreeFirst = "60 1 0:30 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n" + pure
    XCTAssertEqual(
      CgroupMount.unifiedMountPoint(mountinfo: subtreeFirst), "/sys/fs/cgroup", "the whole hierarchy is preferred")
  }

  func testSelectionByPathUnitContainerAndPod() throws {
    let pod = "kubepods-pod8b1e5f2a_1c2d_4e3f_9a8b_7c6d5e4f3a2b.slice"
    let paths: [UInt64: String] = [
      1: "/", 2: "/system.slice", 3: "/system.slice/nginx.service", 4: "/system.slice/nginx.service/worker",
      5: "/system.slice/docker-\(id).scope", 6: "/kubepods.slice", 7: "/kubepods.slice/\(pod)",
      8: "/kubepods.slice/\(pod)/cri-containerd-\(id).scope", 9: "/system.slice/nginx.service2",
    ]
    XCTAssertEqual(try CgroupSelection.ids(matching: "/system.slice/nginx.service", in: paths), [3, 4])
    XCTAssertEqual(try CgroupSelection.ids(matching: "/system.slice/nginx.service/", in: paths), [3, 4])
    XCTAssertEqual(try CgroupSelection.ids(matching: "nginx.service", in: paths), [3, 4])
    XCTAssertEqual(try CgroupSelection.ids(matching: "/", in: paths).count, paths.count)
    XCTAssertEqual(try CgroupSelection.ids(matching: "docker:3f2a9c", in: paths), [5])
    XCTAssertEqual(try CgroupSelection.ids(matching: "containerd:3f2a", in: paths), [8])
    XCTAssertEqual(try CgroupSelection.ids(matching: "pod:8b1e", in: paths), [7, 8])
    XCTAssertThrowsError(try CgroupSelection.ids(matching: "/system.slice/nginx", in: paths)) { error in
      XCTAssertEqual((error as? TCPStateError)?.exitCode, 64)
    }
    XCTAssertThrowsError(try CgroupSelection.ids(matching: "docker:ffff", in: paths))
    XCTAssertEqual(CgroupSelection.clause([9, 3]), [.cgroup(3), .cgroup(9)])
  }
}
