import CShim
import Glibc
import TCPStateWire

/// One CPU's perf ring buffer for the tracepoint: opened disabled, mapped,
/// drained by `drain`, unmapped and closed on deinit. The kernel removes the
/// event when the descriptor closes, also when the process is killed.
final class PerfRing {
  let fd: Int32
  let cpu: Int32
  let base: UnsafeMutableRawPointer
  let mappedLength: Int
  let dataSize: Int
  let pageSize: Int
  /// Scratch space for records that wrap around the end of the ring.
  var scratch: [UInt8] = []

  init(tracepointID: UInt64, cpu: Int32, dataPages: Int) throws(KernelError) {
    let fd = tcpstate_perf_open_tracepoint(tracepointID, cpu, 32)
    guard fd >= 0 else { throw KernelError("perf_event_open(sock:inet_sock_set_state, cpu \(cpu))", errno: -fd) }
    let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    let length = pageSize * (1 + dataPages)
    guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), mapped != MAP_FAILED else {
      let code = errno
      close(fd)
      throw KernelError("mmap(perf ring, cpu \(cpu))", errno: code)
    }
    self.fd = fd
    self.cpu = cpu
    self.base = mapped
    self.mappedLength = length
    self.dataSize = pageSize * dataPages
    self.pageSize = pageSize
  }

  deinit {
    _ = tcpstate_perf_disable(fd)
    munmap(base, mappedLength)
    close(fd)
  }

  func enable() throws(KernelError) {
    let result = tcpstate_perf_enable(fd)
    guard result == 0 else { throw KernelError("PERF_EVENT_IOC_ENABLE", errno: -result) }
  }

  /// Hands every complete record to `handle` and frees its space in the ring.
  func drain(_ handle: (UnsafeRawBufferPointer) -> Void) {
    let head = tcpstate_ring_load_head(base)
    var tail = base.load(fromByteOffset: 1032, as: UInt64.self)  // data_tail: only we write it
    let data = base + pageSize
    while tail < head {
      let offset = Int(tail % UInt64(dataSize))
      // The 8-byte header never straddles the end: records are 8-byte aligned.
      let size = Int(data.load(fromByteOffset: offset + 6, as: UInt16.self))
      guard size >= PerfRecord.headerSize, UInt64(size) <= head - tail else { break }
      if offset + size <= dataSize {
        handle(UnsafeRawBufferPointer(start: data + offset, count: size))
      } else {
        let first = dataSize - offset
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(start: data + offset, count: first))
        scratch.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size - first))
        scratch.withUnsafeBytes { handle($0) }
      }
      tail += UInt64(size)
    }
    tcpstate_ring_store_tail(base, tail)
  }
}
