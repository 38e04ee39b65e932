import Glibc
import TCPStateModel
import TCPStateWire

/// Dumps TCP sockets through sock_diag, one address family per request
/// (the kernel rejects AF_UNSPEC dumps), streaming each socket to the caller
/// as its message is decoded: nothing is collected.
public struct SockDiagDumper {
  /// About 32 KiB per chunk is what the kernel fills; a bigger buffer does not help.
  static let bufferSize = 64 * 1024

  /// A new transport per family's request: a dump cut short (the consumer
  /// stopped) leaves replies queued, which must not reach the next request.
  let openTransport: () throws(KernelError) -> any NetlinkTransport

  /// Dumps from the kernel.
  public init() {
    openTransport = { () throws(KernelError) -> any NetlinkTransport in
      let socket = try NetlinkSocket()
      socket.enableExtendedAcks()
      return socket
    }
  }

  /// Dumps through `transport` (a `ReplayTransport` in tests).
  public init(transport: @escaping () throws(KernelError) -> any NetlinkTransport) {
    openTransport = transport
  }

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
    let processor = DumpBufferProcessor(decode: decode, filter: filter, onSocket: onSocket, onProblem: onProblem)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: 8)
    defer { buffer.deallocate() }
    for (index, family) in families.enumerated() where !processor.stopRequested {
      while true {
        do {
          let request = InetDiagRequest(
            family: family, states: filter.states, extensions: extensions, bytecode: bytecode)
          try dumpFamily(request, index: index, processor: processor, buffer: buffer, tap: tap)
          break
        } catch  where cgroupFallback && error.errno == EINVAL && processor.socketCount == 0 {
          cgroupFallback = false
          bytecode = InetDiagBytecode.compile(filter, cgroupOp: false)
        }
      }
    }
    return processor.socketCount
  }

  /// One family's request and replies, until NLMSG_DONE or the caller stops.
  func dumpFamily(
    _ request: InetDiagRequest, index: Int, processor: DumpBufferProcessor, buffer: UnsafeMutableRawBufferPointer,
    tap: ((UnsafeRawBufferPointer) -> Void)?
  ) throws(KernelError) {
    let transport = try openTransport()
    let sequence = UInt32(truncatingIfNeeded: time(nil)) &+ UInt32(index)
    try transport.send(request.encode(sequence: sequence))
    while true {
      guard let count = try transport.receive(into: buffer), count > 0 else {
        // A kernel socket always ends a dump with NLMSG_DONE or an error.
        throw KernelError("sock_diag dump", errno: EPIPE, detail: "the replies ended before NLMSG_DONE")
      }
      let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
      tap?(chunk)
      switch try processor.process(chunk, sequence: sequence, portID: transport.portID) {
      case .more: continue
      case .done, .stopped: return
      }
    }
  }
}
