import TCPStateKit
import TCPStateModel

/// A user-space test on a socket, applied after the kernel's filter: the
/// `--where` expression, and the process and uid filters that inet_diag
/// bytecode cannot express. A value, so list, watch (summaries), top and
/// kill can all hold one and call `matches`.
public struct SocketPredicate: Sendable {
  public var expression: WhereExpression?
  /// Keep sockets held by one of these pids (through the process map).
  public var pids: Set<Int32> = []
  /// Keep sockets held by a process whose command (/proc/PID/comm) is one of these.
  public var commands: Set<String> = []
  /// Keep sockets owned by one of these uids (`idiag_uid`).
  public var uids: Set<UInt32> = []

  public init() {}

  /// Parses a `--where` expression; errors point at the offending token.
  public init(where text: String) throws(TCPStateError) {
    var parser = try WhereParser(text)
    expression = try parser.parse()
  }

  /// True when nothing is asked, so callers can skip the work.
  public var isEmpty: Bool { expression == nil && pids.isEmpty && commands.isEmpty && uids.isEmpty }

  /// Whether matching needs the sockets' owning processes.
  public var needsProcesses: Bool { !pids.isEmpty || !commands.isEmpty }

  /// The fields the expression reads, by where the kernel keeps them.
  public var sources: Set<SocketField.Source> { Set(expression?.fields.map(\.source) ?? []) }

  /// Refuses fields only a watch summary has (`lifetime`) where sockets are
  /// listed, instead of silently matching nothing.
  public func checkForSockets() throws(TCPStateError) {
    let names = (expression?.fields ?? []).filter { $0.source == .summary }.map(\.name)
    guard let name = names.first else { return }
    throw TCPStateError(
      .usage, "--where: '\(name)' is known only for connections that ended during tcpstate watch",
      hints: ["a listed socket's age is not reported by the kernel"])
  }

  public func matches(_ socket: Socket, processes: [ProcessRef] = []) -> Bool {
    if !uids.isEmpty && !uids.contains(socket.uid) { return false }
    if needsProcesses && !matchesProcesses(processes) { return false }
    return expression?.evaluate { $0.value(socket) } ?? true
  }

  /// For a watch summary (`lifetime>1h`): the fields its final tcp_info has.
  public func matches(_ summary: ConnectionSummary) -> Bool {
    expression?.evaluate { $0.value(summary) } ?? true
  }

  func matchesProcesses(_ processes: [ProcessRef]) -> Bool {
    processes.contains { pids.contains($0.pid) || commands.contains($0.command) }
  }
}

extension SocketPredicate {
  /// `--where`, `--pid`, `--command` and `--uid` as typed; users by name are
  /// resolved by the caller (`resolveUser`), which reads /etc/passwd.
  public static func parse(
    where texts: [String], pids: [String], commands: [String], uids: [String],
    resolveUser: (String) -> UInt32? = { _ in nil }, forSummaries: Bool = false
  ) throws(TCPStateError) -> SocketPredicate {
    var predicate = SocketPredicate()
    // Repeated --where options must all hold.
    for text in texts {
      var parser = try WhereParser(text)
      parser.forSummaries = forSummaries
      let next = try parser.parse()
      predicate.expression = predicate.expression.map { .and($0, next) } ?? next
    }
    for text in pids.flatMap({ $0.split(separator: ",").map(String.init) }) {
      guard let pid = Int32(text), pid > 0 else {
        throw TCPStateError(.usage, "--pid '\(text)' is not a process id (a positive number)")
      }
      predicate.pids.insert(pid)
    }
    for text in commands.flatMap({ $0.split(separator: ",").map(String.init) }) {
      // The kernel keeps 15 bytes of a command name (TASK_COMM_LEN): match what /proc/PID/comm shows.
      predicate.commands.insert(String(decoding: text.utf8.prefix(15), as: UTF8.self))
    }
    for text in uids.flatMap({ $0.split(separator: ",").map(String.init) }) {
      if let uid = UInt32(text) {
        predicate.uids.insert(uid)
      } else if let uid = resolveUser(text) {
        predicate.uids.insert(uid)
      } else {
        throw TCPStateError(.usage, "--uid '\(text)': no such user (a uid number or a name in /etc/passwd)")
      }
    }
    return predicate
  }
}
