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
  /// `onSocket` returns false to stop. `tap` sees every raw chunk (fixture recording).
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
        // Recording only: stop at NLMSG_DONE (or an error) without decoding the sockets.
        if !decode {
          if Self.endsDump(chunk) { break loop }
          continue
        }
        switch try processor.process(chunk, sequence: sequence, portID: socket.portID) {
        case .more: continue
        case .done, .stopped: break loop
        }
      }
    }
    total = processor.socketCount
    return total
  }

  /// Whether a chunk holds NLMSG_DONE or NLMSG_ERROR: the end of a dump.
  static func endsDump(_ chunk: UnsafeRawBufferPointer) -> Bool {
    var messages = NetlinkMessages(chunk)
    while let message = messages.next() {
      if message.header.type == NetlinkHeader.typeDone || message.header.type == NetlinkHeader.typeError { return true }
    }
    return messages.error != nil
  }
}
