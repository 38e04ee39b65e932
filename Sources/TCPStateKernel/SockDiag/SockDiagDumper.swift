import Glibc
import TCPStateModel
import TCPStateWire

/// Dumps TCP sockets through sock_diag, one address family per request
/// (the kernel rejects AF_UNSPEC dumps), streaming each socket to the caller
/// as its message is decoded: nothing is collected.
public struct SockDiagDumper {
  /// About 32 KiB per chunk is what the kernel fills; a bigger buffer does not help.
  static let bufferSize = 64 * 1024

  public init() {}

  /// Dumps the families the filter wants. `extensions` adds attributes
  /// (tcp_info, congestion, memory) that cost kernel time: ask only when shown.
  /// `onSocket` returns false to stop. `tap` sees every raw chunk (fixture recording);
  /// with `decode` false the chunks are framed and checked but no socket is decoded.
  /// Returns the number of sockets decoded.
  @discardableResult
  public func dump(
    filter: SocketFilter,
    extensions: InetDiagRequest.Extensions = [],
    useKernelFilter: Bool = true,
    decode: Bool = true,
    onProblem: @escaping (DumpProblem) -> Void = { _ in },
    tap: ((UnsafeRawBufferPointer) -> Void)? = nil,
    onSocket: @escaping (Socket) -> Bool
  ) throws(KernelError) -> Int {
    var bytecode = useKernelFilter ? InetDiagBytecode.compile(filter) : []
    // Kernels before 5.9 (or without CONFIG_SOCK_CGROUP_DATA) reject the cgroup
    // op in their audit with EINVAL before sending anything: retry without it.
    var cgroupFallback = useKernelFilter && InetDiagBytecode.needsCgroupOp(filter)
    var families: [AddressFamily] = []
    if filter.wantsIPv4 { families.append(.inet) }
    if filter.wantsIPv6 { families.append(.inet6) }
    var stopped = false
    var total = 0
    let processor = DumpBufferProcessor(
      decode: decode,
      onSocket: { socket in
        // The kernel has filtered already; this keeps the result right if it could not.
        guard filter.matches(socket) else { return true }
        if onSocket(socket) { return true }
        stopped = true
        return false
      }, onProblem: onProblem)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: 8)
    defer { buffer.deallocate() }
    for (index, family) in families.enumerated() where !stopped {
      while true {
        do {
          try dumpFamily(
            family, index: index, states: filter.states, extensions: extensions, bytecode: bytecode,
            processor: processor, buffer: buffer, tap: tap)
          break
        } catch  where cgroupFallback && error.errno == EINVAL && processor.socketCount == 0 {
          cgroupFallback = false
          bytecode = InetDiagBytecode.compile(filter, cgroupOp: false)
        }
      }
    }
    total = processor.socketCount
    return total
  }

  /// One family's request and replies, until NLMSG_DONE or the caller stops.
  func dumpFamily(
    _ family: AddressFamily, index: Int, states: StateSet, extensions: InetDiagRequest.Extensions, bytecode: [UInt8],
    processor: DumpBufferProcessor, buffer: UnsafeMutableRawBufferPointer, tap: ((UnsafeRawBufferPointer) -> Void)?
  ) throws(KernelError) {
    let socket = try NetlinkSocket()
    socket.enableExtendedAcks()
    let sequence = UInt32(truncatingIfNeeded: time(nil)) &+ UInt32(index)
    let request = InetDiagRequest(family: family, states: states, extensions: extensions, bytecode: bytecode)
    try socket.send(request.encode(sequence: sequence))
    while true {
      let count = try socket.receive(into: buffer)
      if count == 0 { return }
      let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
      tap?(chunk)
      switch try processor.process(chunk, sequence: sequence, portID: socket.portID) {
      case .more: continue
      case .done, .stopped: return
      }
    }
  }

}
