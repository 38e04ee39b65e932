import CShim
import Glibc

/// SIGINT and SIGTERM set a flag the exporter's loops poll (the same handlers
/// `watch` uses); SIGHUP is ignored: the exporter has nothing to re-read.
public enum StopSignal {
  public static func install() {
    tcpstate_install_stop_handlers()
    ignoreHangUp()
  }

  /// The feed's session keeps these handlers (`installsSignalHandlers` off);
  /// ignoring SIGHUP again after it runs costs nothing.
  static func ignoreHangUp() { signal(SIGHUP, SIG_IGN) }

  /// The signal that asked us to stop, or 0.
  public static var received: Int32 { tcpstate_stop_signal() }
}
