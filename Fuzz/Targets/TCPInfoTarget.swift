import TCPStateModel

/// struct tcp_info of any length (older kernels send less, newer more),
/// attached to a socket and rendered as `list --info` would.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTCPInfo(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  var socket = FuzzInput.socket(selector: data[0])
  socket.tcpInfo = TCPInfo(bytes: UnsafeRawBufferPointer(start: data + 1, count: size - 1))
  socket.congestion = "cubic"
  FuzzInput.render([socket])
  return 0
}
