import Foundation
import Glibc
import XCTest

/// `make deb` on the release binary already built (`.ci/run` builds it once;
/// this test never starts a release build), then the package installed for
/// real with dpkg into a temporary root whose database is a copy of this
/// machine's (so Depends are checked against what is really installed, and
/// the machine itself is not touched), used, removed and purged. Triggers
/// are not run: man-db's would run its postinst inside the temporary root.
final class DebianPackageTests: XCTestCase {
  /// TCPSTATE_RELEASE_BIN packages another release build (e.g. one with the exporter beside it).
  static let releaseBinary =
    ProcessInfo.processInfo.environment["TCPSTATE_RELEASE_BIN"] ?? Repo.path(".build/release/tcpstate")

  func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CLIResult {
    let path = try XCTUnwrap(Repo.tool(tool), "\(tool) is not installed")
    return try Repo.run(path, arguments, environment: environment)
  }

  func buildPackage() throws -> URL {
    try XCTSkipUnless(geteuid() == 0, "dpkg -i needs root")
    try XCTSkipUnless(Repo.tool("dpkg-shlibdeps") != nil, "dpkg-dev is not installed (make deps-check)")
    try XCTSkipUnless(
      FileManager.default.isExecutableFile(atPath: Self.releaseBinary), "no release binary: make release (or make deb)")
    let out = try Repo.temporaryDirectory(self)
    let made = try run(
      "make",
      [
        "--no-print-directory", "-C", Repo.root.path, "deb", "SWIFT_BUILD_SKIP=1", "BINARY=\(Self.releaseBinary)",
        "DEB_OUT=\(out.path)",
      ])
    XCTAssertEqual(made.status, 0, made.stdout + made.stderr)
    if Repo.tool("lintian") != nil {
      XCTAssertTrue(made.stdout.contains("lintian: no errors, no warnings"), made.stdout + made.stderr)
    }
    let debs = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".deb") }
    XCTAssertEqual(debs.count, 1, "\(debs)")
    return out.appendingPathComponent(try XCTUnwrap(debs.first))
  }

  func field(_ name: String, of deb: URL) throws -> String {
    let result = try run("dpkg-deb", ["--field", deb.path, name])
    XCTAssertEqual(result.status, 0, result.stderr)
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A temporary root with a copy of this machine's dpkg database.
  func temporaryRoot() throws -> URL {
    let root = try Repo.temporaryDirectory(self)
    let admin = root.appendingPathComponent("var/lib")
    try FileManager.default.createDirectory(at: admin, withIntermediateDirectories: true)
    let copied = try run("cp", ["-a", "/var/lib/dpkg", admin.path])
    XCTAssertEqual(copied.status, 0, copied.stderr)
    for lock in ["lock", "lock-frontend", "triggers/Lock"] {
      try? FileManager.default.removeItem(at: admin.appendingPathComponent("dpkg/\(lock)"))
    }
    return root
  }

  func testPackageInstallsWorksAndLeavesNothingWhenPurged() throws {
    let deb = try buildPackage()
    let version = try VersionTests.fileVersion
    XCTAssertTrue(try field("Version", of: deb).hasPrefix("\(version)-"))
    XCTAssertEqual(try field("Section", of: deb), "net")
    let depends = try field("Depends", of: deb)
    for library in ["libc6", "libmnl0"] { XCTAssertTrue(depends.contains(library), depends) }
    let contents = try run("dpkg-deb", ["--contents", deb.path])
    XCTAssertEqual(contents.status, 0, contents.stderr)
    for line in contents.stdout.split(separator: "\n") { XCTAssertTrue(line.contains(" root/root "), String(line)) }
    let control = try run("dpkg-deb", ["--info", deb.path])
    XCTAssertTrue(control.stdout.contains("md5sums"), control.stdout)
    XCTAssertFalse(control.stdout.contains("postinst"), "no maintainer scripts: nothing gets enabled")

    let root = try temporaryRoot()
    let install = try run("dpkg", ["--root=\(root.path)", "--no-triggers", "--install", deb.path])
    XCTAssertEqual(install.status, 0, install.stdout + install.stderr)
    let files = try run("dpkg", ["--root=\(root.path)", "--listfiles", "tcpstate"]).stdout.split(separator: "\n")
      .map(String.init)
    XCTAssertTrue(files.contains("/usr/bin/tcpstate"), "\(files)")

    let binary = root.appendingPathComponent("usr/bin/tcpstate").path
    let printed = try Repo.run(binary, ["--version"])
    XCTAssertEqual(printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines), version, printed.stderr)
    let explained = try Repo.run(binary, ["explain", "TIME_WAIT"])
    XCTAssertEqual(explained.status, 0, explained.stderr)
    XCTAssertTrue(explained.stdout.contains("TIME_WAIT") && explained.stdout.contains("tcp_"), explained.stdout)
    try checkWhereToolsLook(root)
    try checkExporterUnit(root, files: files)

    let remove = try run("dpkg", ["--root=\(root.path)", "--no-triggers", "--remove", "tcpstate"])
    XCTAssertEqual(remove.status, 0, remove.stdout + remove.stderr)
    let purge = try run("dpkg", ["--root=\(root.path)", "--no-triggers", "--purge", "tcpstate"])
    XCTAssertEqual(purge.status, 0, purge.stdout + purge.stderr)
    XCTAssertNotEqual(try run("dpkg", ["--root=\(root.path)", "--status", "tcpstate"]).status, 0, "still known")
    // Nothing but directories other packages own (usr, usr/bin, ...) outside dpkg's own database.
    let left = try run(
      "find", [root.path, "-path", "\(root.path)/var/lib/dpkg", "-prune", "-o", "!", "-type", "d", "-print"])
    XCTAssertEqual(left.stdout, "", "left behind")
    for directory in ["usr/share/doc/tcpstate", "usr/libexec/tcpstate", "usr/share/tcpstate"] {
      XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent(directory).path), directory)
    }
  }

  /// man, bash-completion, zsh and fish find the files under their own default paths.
  func checkWhereToolsLook(_ root: URL) throws {
    let manual = try run("man", ["-M", root.appendingPathComponent("usr/share/man").path, "-w", "tcpstate"])
    XCTAssertEqual(manual.stdout.trimmingCharacters(in: .newlines), root.path + "/usr/share/man/man1/tcpstate.1.gz")
    let page = try run(
      "man", ["-l", manual.stdout.trimmingCharacters(in: .newlines)], environment: ["MANPAGER": "cat"])
    XCTAssertTrue(page.stdout.contains("tcpstate"), page.stderr)
    let bashDirectory = try run("pkg-config", ["--variable=completionsdir", "bash-completion"]).stdout
      .trimmingCharacters(in: .newlines)
    // bash-completion sources the file, so the package drops the generator's #! line.
    let bash = try String(contentsOfFile: Repo.path("completions/tcpstate.bash"), encoding: .utf8)
    XCTAssertEqual(
      try String(
        contentsOfFile: root.path + (bashDirectory.isEmpty ? "/usr/share/bash-completion/completions" : bashDirectory)
          + "/tcpstate", encoding: .utf8),
      bash.hasPrefix("#!") ? String(bash.drop { $0 != "\n" }.dropFirst()) : bash)
    var expected: [String: String] = [:]
    if let zsh = Repo.tool("zsh") {
      let fpath = try Repo.run(zsh, ["-fc", "print -l $fpath"]).stdout.split(separator: "\n")
      XCTAssertTrue(fpath.contains("/usr/share/zsh/vendor-completions"), "\(fpath)")
      expected["/usr/share/zsh/vendor-completions/_tcpstate"] = "completions/_tcpstate"
    }
    if let fish = Repo.tool("fish") {
      let home = try Repo.temporaryDirectory(self).path
      let path = try Repo.run(fish, ["-c", "printf '%s\\n' $fish_complete_path"], environment: ["HOME": home]).stdout
      XCTAssertTrue(path.split(separator: "\n").contains("/usr/share/fish/vendor_completions.d"), path)
      expected["/usr/share/fish/vendor_completions.d/tcpstate.fish"] = "completions/tcpstate.fish"
    }
    for (installed, source) in expected {
      XCTAssertEqual(
        FileManager.default.contents(atPath: root.path + installed),
        FileManager.default.contents(atPath: Repo.path(source)), installed)
    }
  }

  /// With the exporter in the tree: its helper and unit, the unit valid and not enabled.
  func checkExporterUnit(_ root: URL, files: [String]) throws {
    guard FileManager.default.fileExists(atPath: Repo.path("contrib/systemd/tcpstate-exporter.service")) else {
      XCTAssertFalse(files.contains { $0.contains("exporter") }, "\(files)")
      return
    }
    let unit = "/lib/systemd/system/tcpstate-exporter.service"
    XCTAssertTrue(files.contains(unit) && files.contains("/usr/libexec/tcpstate/tcpstate-exporter"), "\(files)")
    let text = try String(contentsOfFile: root.path + unit, encoding: .utf8)
    XCTAssertTrue(text.contains("ExecStart=/usr/bin/tcpstate exporter"), text)
    let wants = root.appendingPathComponent("etc/systemd/system/multi-user.target.wants/tcpstate-exporter.service")
    XCTAssertFalse(FileManager.default.fileExists(atPath: wants.path), "enabled by the package")
    // verify checks every Exec binary under the root: /usr/bin/tcpstate is the
    // package's; /bin/sh (ExecStartPre) is copied in from the host for the check only.
    // The man page and the units it is wanted by are not in the root (man is checked above).
    if let analyze = Repo.tool("systemd-analyze") {
      let shell = root.appendingPathComponent("bin/sh")
      try FileManager.default.createDirectory(at: shell.deletingLastPathComponent(), withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: URL(fileURLWithPath: "/bin/sh").resolvingSymlinksInPath().path, toPath: shell.path)
      defer {
        try? FileManager.default.removeItem(at: shell)
        try? FileManager.default.removeItem(at: shell.deletingLastPathComponent())
      }
      let verify = try Repo.run(analyze, ["verify", "--root=\(root.path)", "--man=no", "--recursive-errors=no", unit])
      XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }
    // The installed tcpstate finds its helper in /usr/libexec/tcpstate and serves a scrape on loopback.
    let port = LoopbackHTTP.freePort()
    let exporter = try BackgroundCLI(
      ["exporter", "--listen", "127.0.0.1:\(port)"], executable: root.appendingPathComponent("usr/bin/tcpstate"))
    let deadline = Date().addingTimeInterval(15)
    while Date() < deadline, LoopbackHTTP.get(port: port, path: "/-/healthy", timeout: 1)?.status != 200 {
      usleep(50_000)
    }
    let scrape = LoopbackHTTP.get(port: port, path: "/metrics", timeout: 10)
    XCTAssertEqual(scrape?.status, 200, exporter.stderr)
    XCTAssertTrue(scrape?.text.contains("tcpstate_sockets{") ?? false, exporter.stderr)
    kill(exporter.pid, SIGTERM)
    XCTAssertEqual(exporter.waitForExit(timeout: 30), 0, exporter.stderr)
  }
}
