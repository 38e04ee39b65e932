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
    let bytecode = useKernelFilter ? InetDiagBytecode.compile(filter) : []
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
      let socket = try NetlinkSocket()
      socket.enableExtendedAcks()
      let sequence = UInt32(truncatingIfNeeded: time(nil)) &+ UInt32(index)
      let request = InetDiagRequest(family: family, states: filter.states, extensions: extensions, bytecode: bytecode)
      try socket.send(request.encode(sequence: sequence))
      loop: while true {
        let count = try socket.receive(into: buffer)
        if count == 0 { break }
        let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
        tap?(chunk)
        switch try processor.process(chunk, sequence: sequence, portID: socket.portID) {
        case .more: continue
        case .done, .stopped: break loop
        }
      }
    }
    total = processor.socketCount
    return total
  }

}
