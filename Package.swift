// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "tcpstate",
  products: [
    .executable(name: "tcpstate", targets: ["tcpstate"]),
    .executable(name: "tcpstate-exporter", targets: ["tcpstate-exporter"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // The exporter's HTTP server (NIOHTTP1 only; no TLS, no Foundation).
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
  ],
  targets: [
    // libmnl and the netlink / sock_diag / inet_diag UAPI headers.
    .systemLibrary(
      name: "CMnl",
      pkgConfig: "libmnl",
      providers: [.apt(["libmnl-dev"])]
    ),
    // ncurses for `top`'s full-screen view (the wide-character build, as htop uses).
    .systemLibrary(
      name: "CNcurses",
      providers: [.apt(["libncurses-dev"])]
    ),
    // Small C: a renamed copy of the kernel's struct tcp_info (Glibc's
    // <netinet/tcp.h> and <linux/tcp.h> clash inside one module).
    .target(name: "CShim"),
    // Domain model: states, endpoints, sockets, tcp_info. No I/O.
    .target(name: "TCPStateModel", dependencies: ["CShim"]),
    // Pure decoding of kernel bytes into the model. No I/O.
    .target(name: "TCPStateWire", dependencies: ["TCPStateModel", "CShim"]),
    // What every command shares: errors, text/JSON writers, list's table/JSON, cgroups, counters, kill policy. No I/O.
    .target(name: "TCPStateKit", dependencies: ["TCPStateModel"]),
    // Which sockets a command means: state words, --where, filter fields, sort keys, service names. No I/O.
    .target(name: "TCPStateFilter", dependencies: ["TCPStateKit", "TCPStateModel"]),
    // watch's model: transition tracker, owner selection, text/JSON of transitions and events. No I/O.
    .target(name: "TCPStateWatch", dependencies: ["TCPStateKit", "TCPStateModel"]),
    // The knowledge base (states, transitions, topics, tunables; en+zh). Data only: no I/O, no output.
    .target(
      name: "TCPStateKnowledge", dependencies: ["TCPStateKit", "TCPStateModel"], exclude: ["SEED_ERRATA.md"]),
    // explain, tunables and diagram: the knowledge base as text/JSON; completion words. No I/O.
    .target(name: "TCPStateExplain", dependencies: ["TCPStateKnowledge", "TCPStateKit", "TCPStateModel"]),
    // The doctor's rules, findings and their text/JSON. No I/O: TCPStateKernel collects the DoctorInput.
    .target(name: "TCPStateDoctor", dependencies: ["TCPStateKnowledge", "TCPStateKit", "TCPStateModel"]),
    // top's model: sessions, rows, columns, frames, text/JSON. No I/O, no terminal (TCPStateTerminal draws).
    .target(
      name: "TCPStateTop",
      dependencies: ["TCPStateDoctor", "TCPStateFilter", "TCPStateKnowledge", "TCPStateKit", "TCPStateModel"]),
    // The exporter's collector and Prometheus text writer. No I/O, no HTTP (TCPStateExporter serves it).
    .target(name: "TCPStateMetrics", dependencies: ["TCPStateDoctor", "TCPStateKit", "TCPStateModel"]),
    // The only target that talks to the kernel: netlink, /proc.
    .target(
      name: "TCPStateKernel",
      dependencies: [
        "TCPStateModel", "TCPStateWire", "TCPStateKit", "TCPStateKnowledge", "TCPStateExplain", "TCPStateDoctor",
        "TCPStateTop", "TCPStateMetrics", "TCPStateWatch", "TCPStateFilter", "CMnl", "CShim",
      ]
    ),
    // The only target importing CNcurses: draws `top`'s frames and reads its keys.
    .target(
      name: "TCPStateTerminal",
      dependencies: ["TCPStateKit", "TCPStateDoctor", "TCPStateTop", "TCPStateModel", "CNcurses", "CShim"]),
    // zlib, for gzip-encoded scrapes (Prometheus asks for gzip).
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // `tcpstate exporter`: its HTTP server and the wiring of the kernel
    // readers behind it. The only target importing NIO.
    .target(
      name: "TCPStateExporter",
      dependencies: [
        "TCPStateKit", "TCPStateMetrics", "TCPStateKernel", "TCPStateModel", "CZlib",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
      ]
    ),
    // The exporter's process: `tcpstate exporter` validates its options and
    // execs this, so NIO (and zlib) stay out of the binary every `list` starts.
    .executableTarget(
      name: "tcpstate-exporter",
      dependencies: ["TCPStateExporter", "TCPStateKernel", "TCPStateKit", "TCPStateMetrics"]),
    .executableTarget(
      name: "tcpstate",
      dependencies: [
        "TCPStateKit", "TCPStateKnowledge", "TCPStateExplain", "TCPStateDoctor", "TCPStateTop", "TCPStateMetrics",
        "TCPStateWatch", "TCPStateFilter", "TCPStateKernel", "TCPStateTerminal",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "TCPStateWireTests",
      dependencies: ["TCPStateWire", "TCPStateModel", "CShim", "TCPStateKit"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "TCPStateKitTests",
      dependencies: [
        "TCPStateKit", "TCPStateKnowledge", "TCPStateExplain", "TCPStateDoctor", "TCPStateTop", "TCPStateWatch",
        "TCPStateFilter", "TCPStateModel",
      ],
      exclude: ["Fixtures"]),
    .testTarget(
      name: "TCPStateKernelTests",
      dependencies: [
        "TCPStateKernel", "TCPStateKit", "TCPStateKnowledge", "TCPStateExplain", "TCPStateDoctor", "TCPStateModel",
        "TCPStateWatch", "TCPStateWire", "TestSupport",
      ]
    ),
    // Test helpers shared by the test targets: shell, namespaces, veth pairs, loopback sockets. Tests only.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "CLITests", dependencies: ["TCPStateKit", "TCPStateKnowledge", "TestSupport"]),
    .testTarget(
      name: "ExporterTests", dependencies: ["TCPStateKit", "TCPStateMetrics", "TCPStateModel", "TCPStateExporter"]),
  ],
  swiftLanguageModes: [.v5]
)
