import Foundation
import XCTest

/// `make install` / `make uninstall` into a temporary DESTDIR, with the
/// binary the tests already built (SWIFT_BUILD_SKIP=1 BINARY=...), so no
/// release build happens here.
final class InstallTests: XCTestCase {
  static let installed = [
    "usr/bin/tcpstate", "usr/libexec/tcpstate/tcpstate-exporter", "usr/share/man/man1/tcpstate.1",
    "usr/share/bash-completion/completions/tcpstate",
    "usr/share/zsh/site-functions/_tcpstate", "usr/share/fish/vendor_completions.d/tcpstate.fish",
    "usr/lib/systemd/system/tcpstate-exporter.service", "usr/share/tcpstate/prometheus/tcpstate-rules.yml",
    "usr/share/tcpstate/prometheus/prometheus-scrape.yml",
  ]

  func make(_ target: String, destdir: URL) throws -> CLIResult {
    let make = try XCTUnwrap(Repo.tool("make"), "make is not installed")
    return try Repo.run(
      make,
      [
        "--no-print-directory", "-C", Repo.root.path, target, "PREFIX=/usr", "DESTDIR=\(destdir.path)",
        "SWIFT_BUILD_SKIP=1", "BINARY=\(CLI.binary.path)",
      ])
  }

  func testInstallPlacesEverythingWhereShellsLookAndUninstallRemovesIt() throws {
    let destdir = try Repo.temporaryDirectory(self)
    let install = try make("install", destdir: destdir)
    XCTAssertEqual(install.status, 0, install.stderr)
    let manager = FileManager.default
    for file in Self.installed {
      XCTAssertTrue(manager.fileExists(atPath: destdir.appendingPathComponent(file).path), "\(file) not installed")
    }
    XCTAssertEqual(
      try Data(contentsOf: destdir.appendingPathComponent("usr/share/bash-completion/completions/tcpstate")),
      try Data(contentsOf: URL(fileURLWithPath: Repo.path("completions/tcpstate.bash"))))
    let version = try Repo.run(destdir.appendingPathComponent("usr/bin/tcpstate").path, ["--version"])
    XCTAssertEqual(version.status, 0, version.stderr)
    XCTAssertFalse(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    // The installed tcpstate finds its installed exporter: a bad port is that process's bind error (69).
    let exporter = try Repo.run(
      destdir.appendingPathComponent("usr/bin/tcpstate").path, ["exporter", "--listen", "192.0.2.1:1"])
    XCTAssertEqual(exporter.status, 69, exporter.stderr)
    XCTAssertTrue(exporter.stderr.contains("cannot serve on 192.0.2.1:1"), exporter.stderr)

    let unit = try String(
      contentsOf: destdir.appendingPathComponent("usr/lib/systemd/system/tcpstate-exporter.service"), encoding: .utf8)
    XCTAssertTrue(unit.contains("ExecStart=/usr/bin/tcpstate exporter"), "the unit names the installed binary")

    let uninstall = try make("uninstall", destdir: destdir)
    XCTAssertEqual(uninstall.status, 0, uninstall.stderr)
    for file in Self.installed {
      XCTAssertFalse(manager.fileExists(atPath: destdir.appendingPathComponent(file).path), "\(file) left behind")
    }
  }
}
