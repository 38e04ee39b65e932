import CShim

/// Keeps a long-running exporter's resident memory near what it uses, not
/// what it once peaked at. glibc gives each thread that allocates its own
/// arena (up to 8 per core) and keeps freed memory: a tcp_info dump of 100k
/// sockets every 30 s on one thread and scrapes on another then hold several
/// arenas' worth of high-water marks.
public enum MemoryFootprint {
  /// Two arenas: the scrape thread and the slow refresher rarely contend.
  public static func limitArenas() { tcpstate_malloc_limit_arenas(2) }

  /// Returns freed heap pages to the kernel (after a big dump).
  public static func trim() { tcpstate_malloc_trim() }

  /// For `top`, which frees and rebuilds ~70 MB arrays (sockets, rows) at
  /// 100k sockets every refresh: above glibc's 32 MB mmap ceiling each was
  /// unmapped on free and faulted in again page by page (a tenth of a
  /// refresh's CPU). Kept on the heap up to 1 GiB instead; the peak resident
  /// size is the same, it is just not given back between refreshes.
  public static func keepLargeBuffers() { tcpstate_malloc_keep(1 << 30) }
}
