import CShim
import Glibc

/// Linux nice values are per thread. The exporter's dump threads (scrapes,
/// the slow refresher) run a few nice levels below the tracepoint reader, so
/// on a busy host the reader, which must keep up with the kernel's ring
/// buffer, is not starved by the exporter's own sock_diag walks.
public enum ThreadPriority {
  public static let dumpNice: Int32 = 5

  /// Lowers the calling thread's priority (threads it creates inherit it).
  public static func lowerCurrentThread(to nice: Int32 = dumpNice) {
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(tcpstate_gettid()), nice)
  }
}
