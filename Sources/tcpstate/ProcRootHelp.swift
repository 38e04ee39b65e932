import ArgumentParser

// What each subcommand reads under --proc-root DIR (instead of /proc).
// Sockets always come from the kernel's sock_diag, never from this tree.

enum ExplainProcRoot: ProcRootReading {
  static let help = ArgumentHelp(
    "Read the live section's tunables from DIR/sys/net/... instead of /proc/sys/net (a fake tree for tests); socket counts still come from the kernel.",
    valueName: "dir")
}

enum TunablesProcRoot: ProcRootReading {
  static let help = ArgumentHelp(
    "Read every tunable from DIR/sys/net/... instead of /proc/sys/net (a saved or fake tree).", valueName: "dir")
}

enum DoctorProcRoot: ProcRootReading {
  static let help = ArgumentHelp(
    "Read the counters from DIR/net/netstat, snmp, sockstat and sockstat6 and the tunables from DIR/sys/net/... instead of /proc; sockets still come from the kernel.",
    valueName: "dir")
}

/// The diagram reads nothing under /proc (its counts come from sock_diag):
/// the option is still accepted, as before, but not offered.
enum DiagramProcRoot: ProcRootReading {
  static let help = ArgumentHelp.private
}
