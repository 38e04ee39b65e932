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
    // What every command shares, below the rooms that follow: errors, the text
    // and JSON writers, list's table and JSON, cgroup names, /proc counter
    // parsing, kill's policy. No I/O, and no knowledge base: it may import only the model.
    .target(name: "TCPStateKit", dependencies: ["TCPStateModel"]),
    // The knowledge base: states, transitions, topics, tunables and what their
    // values imply, in English and Chinese. Data only: no I/O, no command's output.
    .target(
      name: "TCPStateKnowledge", dependencies: ["TCPStateKit", "TCPStateModel"], exclude: ["SEED_ERRATA.md"]),
    // `explain`, `tunables` and `diagram`: the knowledge base as text and JSON,
    // and the words shell completion offers. No I/O (live values come in).
    .target(name: "TCPStateExplain", dependencies: ["TCPStateKnowledge", "TCPStateKit", "TCPStateModel"]),
    // The doctor: rules from a DoctorInput to findings, and their text and JSON.
    // No I/O: the kernel layer collects the input.
    .target(name: "TCPStateDoctor", dependencies: ["TCPStateKnowledge", "TCPStateKit", "TCPStateModel"]),
    // `top`'s model: sessions, rows, columns, frames and their text and JSON.
    // No I/O and no terminal: samples come in, TCPStateTerminal draws.
    .target(
      name: "TCPStateTop",
      dependencies: ["TCPStateDoctor", "TCPStateFilter", "TCPStateKnowledge", "TCPStateKit", "TCPStateModel"]),
    // The exporter's collector: metric families from snapshots, written in
    // Prometheus' text format. No I/O and no HTTP (TCPStateExporter serves it).
    .target(name: "TCPStateMetrics", dependencies: ["TCPStateDoctor", "TCPStateKit", "TCPStateModel"]),
    // `watch`'s model: the transition tracker, owner selection, and the text and
    // JSON of transitions, events and source changes. No I/O: TCPStateKernel's
    // watch session feeds it.
    .target(name: "TCPStateWatch", dependencies: ["TCPStateKit", "TCPStateModel"]),
    // Which sockets a command means: state words, --where expressions, filter
    // fields and their help, sort keys, service names. No I/O (the services
    // file is read by TCPStateKernel); the kernel-side filter is built from it there.
    .target(name: "TCPStateFilter", dependencies: ["TCPStateKit", "TCPStateModel"]),
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
    // Helpers the test targets share: shell commands, namespaces, veth pairs,
    // loopback sockets. Test code only; nothing in Sources may use it.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "CLITests", dependencies: ["TCPStateKit", "TCPStateKnowledge", "TestSupport"]),
    .testTarget(
      name: "ExporterTests", dependencies: ["TCPStateKit", "TCPStateMetrics", "TCPStateModel", "TCPStateExporter"]),
  ],
  swiftLanguageModes: [.v5]
)
