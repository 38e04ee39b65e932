/// Socket memory as `INET_DIAG_SKMEMINFO` reports it (`SK_MEMINFO_*` in
/// include/uapi/linux/sock_diag.h), what `ss -m` prints as `skmem:(...)`.
public struct SocketMemory: Hashable, Sendable {
  public var rmemAlloc: UInt32
  public var rcvbuf: UInt32
  public var wmemAlloc: UInt32
  public var sndbuf: UInt32
  public var fwdAlloc: UInt32
  public var wmemQueued: UInt32
  public var optmem: UInt32
  /// Absent from kernels older than 3.x's backlog addition.
  public var backlog: UInt32?
  public var drops: UInt32?

  public init(
    rmemAlloc: UInt32, rcvbuf: UInt32, wmemAlloc: UInt32, sndbuf: UInt32, fwdAlloc: UInt32,
    wmemQueued: UInt32, optmem: UInt32, backlog: UInt32?, drops: UInt32?
  ) {
    self.rmemAlloc = rmemAlloc
    self.rcvbuf = rcvbuf
    self.wmemAlloc = wmemAlloc
    self.sndbuf = sndbuf
    self.fwdAlloc = fwdAlloc
    self.wmemQueued = wmemQueued
    self.optmem = optmem
    self.backlog = backlog
    self.drops = drops
  }
}
