import TCPStateKernel
import TCPStateModel

/// A sock_diag receive buffer, through the code a live dump runs:
/// `DumpBufferProcessor` (libmnl's `mnl_cb_run2` framing, then the Swift
/// decoding of inet_diag messages, NLMSG_ERROR with extended ack, NLMSG_DONE,
/// NLM_F_DUMP_INTR and trailing bytes), with the sequence and port checks
/// off as for a replay. Then everything `list` and `doctor` render.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInetDiag(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let buffer = UnsafeRawBufferPointer(start: data, count: size)
  var sockets: [Socket] = []
  var problems: [String] = []
  let processor = DumpBufferProcessor(
    onSocket: { socket in
      sockets.append(socket)
      return true
    }, onProblem: { problems.append($0.description) })
  do {
    _ = try processor.process(buffer)
  } catch {
    // What the CLI words for the user starts from this text.
    _ = error.description
  }
  // The recorder's walk: framed and checked, nothing decoded.
  let recorder = DumpBufferProcessor(decode: false, onSocket: { _ in true }, onProblem: { _ in })
  _ = try? recorder.process(buffer)
  FuzzInput.render(sockets)
  return 0
}
