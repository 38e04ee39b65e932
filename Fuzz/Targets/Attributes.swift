import TCPStateModel

@testable import TCPStateWire

/// A run of netlink attributes (what follows inet_diag_msg) decoded into a
/// socket whose state and family come from the first byte, then rendered.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAttributes(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size > 0 else { return 0 }
  var socket = FuzzInput.socket(selector: data[0])
  var cursor = AttributeCursor(UnsafeRawBufferPointer(start: data + 1, count: size - 1))
  while let attribute = cursor.next() {
    _ = InetDiagMessage.decodeAttribute(attribute, into: &socket)
  }
  FuzzInput.render([socket])
  return 0
}
