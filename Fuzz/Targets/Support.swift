import TCPStateDoctor
import TCPStateKit
import TCPStateModel

/// Shared by every fuzz target (compiled into each one).
enum FuzzInput {
  /// Splits the input at the first `0x00`: a small selector part and the rest.
  static func split(_ bytes: [UInt8]) -> (head: [UInt8], tail: [UInt8]) {
    guard let zero = bytes.firstIndex(of: 0) else { return (bytes, []) }
    return (Array(bytes[..<zero]), Array(bytes[(zero + 1)...]))
  }

  /// A socket in the state `selector` (any raw value, known or not), IPv6 when the top bit is set.
  static func socket(selector: UInt8) -> Socket {
    let family: AddressFamily = selector & 0x80 != 0 ? .inet6 : .inet
    let any = family == .inet ? IPAddress.anyV4 : IPAddress.anyV6
    return Socket(
      family: family, state: TCPState(rawValue: selector & 0x7f), local: Endpoint(address: any, port: 80),
      peer: Endpoint(address: any, port: 0))
  }

  /// Renders a socket every way `list` can: table with every column, JSON.
  static func render(_ sockets: [Socket]) {
    var options = ListOptions()
    options.info = true
    options.timers = true
    options.memory = true
    options.extended = true
    options.processes = true
    var table = SocketTable(options: options)
    table.fit(sockets)
    var out: [UInt8] = []
    table.header(into: &out)
    let json = SocketJSON(options: options)
    var writer = JSONWriter(reservingCapacity: 1024)
    var counts = StateCounts()
    var summary = SocketSummary()
    for socket in sockets {
      table.row(socket, processes: [], into: &out)
      json.write(socket, processes: [], to: &writer)
      counts.add(socket)
      summary.add(socket)
      _ = TCPInfoText.line(for: socket)
    }
    _ = SummaryText.render(counts, header: true, style: .plain)
    _ = SummaryText.json(counts)
    let report = Doctor.diagnose(DoctorInput(summary: summary))
    _ = DoctorJSON.render(report, language: .en)
    _ = DoctorTextRenderer.render(report, options: DoctorOptions())
  }
}
