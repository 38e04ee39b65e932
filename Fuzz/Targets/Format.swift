import TCPStateWire

/// The text of a tracepoint's format file (inet_sock_set_state, the trouble
/// tracepoints), as a future kernel might change it; a format that parses
/// must give decoders that never trap, and its print tables names or nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormat(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  guard let format = try? TracepointFormat.parse(text) else { return 0 }
  _ = PrintSymbols.parse(format.printFormat, field: "reason").name(of: 3)
  for kind in TCPEventRecord.Kind.allCases {
    guard let decoder = try? kind.decoder(format: format) else { continue }
    for length in [0, 8, decoder.minimumSize / 2, decoder.minimumSize, decoder.minimumSize + 16] {
      let bytes = [UInt8](repeating: 0x02, count: min(length, 4096))
      _ = bytes.withUnsafeBytes { try? decoder.decode($0) }
    }
  }
  guard let decoder = try? StateChangeDecoder(format: format) else { return 0 }
  // A record as long as the format claims, and shorter ones.
  for length in [0, 8, decoder.minimumSize / 2, decoder.minimumSize, decoder.minimumSize + 16] where length >= 0 {
    let bytes = [UInt8](repeating: 0x5a, count: min(length, 4096))
    _ = bytes.withUnsafeBytes { try? decoder.decode($0) }
  }
  return 0
}
