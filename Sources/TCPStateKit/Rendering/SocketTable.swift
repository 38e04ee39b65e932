import TCPStateModel

/// The default listing, laid out like `ss -tan`. Column widths are fitted to
/// a first batch of rows and then fixed, so a huge listing still streams.
public struct SocketTable {
  public let options: ListOptions
  var stateWidth = 12
  var queueWidth = 6
  var localWidth = 22
  var peerWidth = 22
  var netnsWidth = 11

  public init(options: ListOptions) { self.options = options }

  /// Widens columns to fit these rows (call once, with the first batch).
  public mutating func fit(_ sockets: [Socket]) {
    var scratch: [UInt8] = []
    for socket in sockets {
      stateWidth = max(stateWidth, socket.state.name.utf8.count + 1)
      scratch.removeAll(keepingCapacity: true)
      socket.local.appendText(to: &scratch, device: device(of: socket))
      localWidth = max(localWidth, scratch.count + 1)
      scratch.removeAll(keepingCapacity: true)
      socket.peer.appendText(to: &scratch)
      peerWidth = max(peerWidth, scratch.count + 1)
    }
    if let labels = options.namespaces {
      for socket in sockets { netnsWidth = max(netnsWidth, Self.netnsText(socket, labels).utf8.count + 1) }
      netnsWidth = min(netnsWidth, 33)
    }
    localWidth = min(localWidth, 48)
    peerWidth = min(peerWidth, 48)
  }

  public func header(into out: inout [UInt8]) {
    guard options.header else { return }
    if let columns = options.columns {
      let cells = columns.map { $0.title(listenersOnly: options.listenersOnly) }
      out.append(contentsOf: options.style.apply(.bold, line(cells, columns)).utf8)
      out.append(10)
      return
    }
    let (recv, send) = options.listenersOnly ? ("Accept-Q", "Backlog") : ("Recv-Q", "Send-Q")
    let queueWidth = options.listenersOnly ? 9 : self.queueWidth
    var line = options.namespaces == nil ? "" : pad("Netns", netnsWidth)
    line += pad("State", stateWidth) + leftPad(recv, queueWidth) + " " + leftPad(send, queueWidth) + " "
    if options.family { line += pad("Family", Self.familyWidth) }
    line += pad("Local Address:Port", localWidth) + " " + pad("Peer Address:Port", peerWidth)
    if options.processes { line += " Process" }
    if options.timers { line += " Timer" }
    if options.cgroupColumn { line += " Cgroup" }
    if options.extended { line += " Details" }
    while line.last == " " { line.removeLast() }
    out.append(contentsOf: options.style.apply(.bold, line).utf8)
    out.append(10)
  }

  public func row(_ socket: Socket, processes: [ProcessRef], into out: inout [UInt8]) {
    if let columns = options.columns {
      out.append(contentsOf: line(columns.map { cell($0, socket, processes) }, columns).utf8)
      out.append(10)
      appendDetails(socket, into: &out)
      return
    }
    let style = options.style
    var start = out.count
    if let labels = options.namespaces {
      out.append(contentsOf: Self.netnsText(socket, labels).utf8)
      TextFormatting.pad(&out, from: start, to: netnsWidth)
      if out.count == start + netnsWidth, out.last != UInt8(ascii: " ") { out.append(UInt8(ascii: " ")) }
      start = out.count
    }
    let name = socket.state.name
    if style.enabled {
      out.append(contentsOf: style.apply(Self.tone(for: socket.state), name).utf8)
      out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(1, stateWidth - name.utf8.count)))
    } else {
      out.append(contentsOf: name.utf8)
      TextFormatting.pad(&out, from: start, to: stateWidth)
      if out.count == start + name.utf8.count { out.append(UInt8(ascii: " ")) }
    }
    let queueWidth = options.listenersOnly ? 9 : self.queueWidth
    TextFormatting.padLeft(&out, UInt64(socket.recvQ), width: queueWidth)
    out.append(UInt8(ascii: " "))
    TextFormatting.padLeft(&out, UInt64(socket.sendQ), width: queueWidth)
    out.append(UInt8(ascii: " "))
    if options.family {
      start = out.count
      out.append(contentsOf: (socket.local.address.family == .inet6 ? "inet6" : "inet").utf8)
      TextFormatting.pad(&out, from: start, to: Self.familyWidth)
    }
    start = out.count
    socket.local.appendText(to: &out, device: device(of: socket))
    TextFormatting.pad(&out, from: start, to: localWidth)
    out.append(UInt8(ascii: " "))
    start = out.count
    socket.peer.appendText(to: &out)
    if options.processes || options.timers || options.extended || options.cgroupColumn {
      TextFormatting.pad(&out, from: start, to: peerWidth)
    }
    if options.processes {
      out.append(UInt8(ascii: " "))
      Self.appendProcesses(processes, to: &out)
    }
    if options.timers {
      out.append(UInt8(ascii: " "))
      out.append(contentsOf: Self.timerText(socket.timer).utf8)
    }
    if options.cgroupColumn {
      out.append(UInt8(ascii: " "))
      out.append(contentsOf: Self.cgroupText(socket, options.cgroups).utf8)
    }
    if options.extended {
      if let id = socket.cgroupID, id != 0, let cgroups = options.cgroups {
        out.append(contentsOf: " cgroup:\(cgroups[id]?.path ?? "id:\(id)")".utf8)
      }
      out.append(contentsOf: " uid:\(socket.uid) ino:\(socket.inode) sk:\(String(socket.cookie, radix: 16))".utf8)
      if socket.interface != 0 { out.append(contentsOf: " if:\(socket.interface)".utf8) }
      if let shutdown = socket.shutdown, shutdown != 0 {
        out.append(contentsOf: " shutdown:\(shutdown & 1 != 0 ? "<" : "-")\(shutdown & 2 != 0 ? ">" : "-")".utf8)
      }
      if let mark = socket.mark, mark != 0 { out.append(contentsOf: " fwmark:0x\(String(mark, radix: 16))".utf8) }
      if !socket.unknownAttributes.isEmpty {
        out.append(
          contentsOf: " unknown_attrs:\(socket.unknownAttributes.map(String.init).joined(separator: ","))".utf8)
      }
    }
    out.append(10)
    appendDetails(socket, into: &out)
  }

  /// The -m and -i lines under a row.
  func appendDetails(_ socket: Socket, into out: inout [UInt8]) {
    if options.memory, let memory = socket.memory {
      out.append(contentsOf: "\t \(TCPInfoText.memory(memory))\n".utf8)
    }
    if options.info {
      if let width = options.width {
        TCPInfoText.appendWrapped(socket, columns: width, to: &out)
      } else {
        out.append(contentsOf: [9, 32])
        TCPInfoText.append(socket, to: &out)
        out.append(10)
      }
    }
  }

  /// "inet6" and a space.
  static let familyWidth = 7

  /// `users:(("nginx",pid=12,fd=6),...)` as ss prints it, written as bytes
  /// (100k rows); `-` for no process.
  static func appendProcesses(_ processes: [ProcessRef], to out: inout [UInt8]) {
    guard !processes.isEmpty else {
      out.append(UInt8(ascii: "-"))
      return
    }
    out.append(contentsOf: "users:(".utf8)
    for (index, process) in processes.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      out.append(contentsOf: "(\"".utf8)
      // A comm is whatever the process set: a newline or ESC in it must not split or recolour the row.
      out.append(contentsOf: TextEscaping.escape(process.command).utf8)
      out.append(contentsOf: "\",pid=".utf8)
      appendDecimal(UInt64(max(0, process.pid)), to: &out)
      out.append(contentsOf: ",fd=".utf8)
      appendDecimal(UInt64(max(0, process.fd)), to: &out)
      out.append(UInt8(ascii: ")"))
    }
    out.append(UInt8(ascii: ")"))
  }

  // MARK: --columns

  /// One selected column's text for a socket (uncoloured: the layout pads by characters).
  func cell(_ column: SocketColumn, _ socket: Socket, _ processes: [ProcessRef]) -> String {
    var bytes: [UInt8] = []
    switch column {
    case .state: return socket.state.name
    case .recvQ: return String(socket.recvQ)
    case .sendQ: return String(socket.sendQ)
    case .family: return socket.local.address.family == .inet6 ? "inet6" : "inet"
    case .local: socket.local.appendText(to: &bytes, device: device(of: socket))
    case .peer: socket.peer.appendText(to: &bytes)
    case .process: Self.appendProcesses(processes, to: &bytes)
    case .timer: return Self.timerText(socket.timer)
    case .cgroup: return Self.cgroupText(socket, options.cgroups)
    case .uid: return String(socket.uid)
    case .inode: return String(socket.inode)
    case .cookie: return String(socket.cookie, radix: 16)
    case .netns: return Self.netnsText(socket, options.namespaces ?? [:])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Cells padded to their column's width, the last one unpadded.
  func line(_ cells: [String], _ columns: [SocketColumn]) -> String {
    var line = ""
    for (index, (text, column)) in zip(cells, columns).enumerated() {
      let last = index == columns.count - 1
      let width = self.width(of: column)
      if column.rightAligned {
        line += leftPad(text, width)
        if !last { line += " " }
      } else {
        line += last ? text : pad(text, width)
      }
    }
    return line
  }

  func width(of column: SocketColumn) -> Int {
    switch column {
    case .state: stateWidth
    case .recvQ, .sendQ: options.listenersOnly ? 9 : queueWidth
    case .family: Self.familyWidth
    case .local: localWidth
    case .peer: peerWidth
    case .uid: 6
    case .inode: 8
    case .cookie: 17
    case .netns: netnsWidth
    case .process, .timer, .cgroup: 1
    }
  }

  /// The namespace's name, else its inode; `-` when the socket's is not known.
  static func netnsText(_ socket: Socket, _ namespaces: [UInt64: NamespaceRecord]) -> String {
    guard let inode = socket.netns else { return "-" }
    return namespaces[inode].map { TextEscaping.escape($0.label) } ?? String(inode)
  }

  /// The device a socket is bound to (SO_BINDTODEVICE), escaped; nil when unbound.
  func device(of socket: Socket) -> String? {
    guard socket.interface != 0 else { return nil }
    return TextEscaping.escape(options.interfaceNames[socket.interface] ?? String(socket.interface))
  }

  /// `timer:(on,200ms,0)` like ss -o; retransmit count last.
  public static func timerText(_ timer: SocketTimer) -> String {
    if case .none = timer.kind { return "-" }
    return
      "timer:(\(timer.kind.name),\(TextFormatting.timerDuration(milliseconds: timer.expiresMs)),\(timer.retransmits))"
  }

  /// The cgroup's short name (unit, container, pod, else path); its id when
  /// it was removed; `-` for sockets without one (time-wait, request sockets).
  public static func cgroupText(_ socket: Socket, _ cgroups: [UInt64: CgroupName]?) -> String {
    guard let id = socket.cgroupID, id != 0 else { return "-" }
    return cgroups?[id]?.short ?? "id:\(id)"
  }

  static func tone(for state: TCPState) -> TextStyle.Tone {
    switch state {
    case .established: .green
    case .listen: .cyan
    case .timeWait, .finWait1, .finWait2, .closing, .lastAck: .yellow
    case .closeWait: .magenta
    case .synSent, .synRecv, .newSynRecv: .blue
    default: .red
    }
  }

  func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
  }

  func leftPad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }
}
