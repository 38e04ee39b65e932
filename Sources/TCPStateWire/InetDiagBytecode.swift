import TCPStateModel

/// Compiles a `SocketFilter`'s clauses into inet_diag bytecode (`struct
/// inet_diag_bc_op` programs, net/ipv4/inet_diag.c), so the kernel skips
/// sockets the user did not ask for instead of copying them to us.
///
/// The program runs op by op: a true op advances by `yes` bytes, a false one
/// by `no`. Landing exactly on the end accepts; jumping past it rejects. The
/// kernel's audit only accepts jumps onto op boundaries reachable by `yes`
/// steps, so every op's `yes` is its own size and an OR is built as ss does:
/// `a, JMP(over b), b`, with a's failures falling through onto b.
public enum InetDiagBytecode {
  static let opJump: UInt8 = 1
  static let opSourceGE: UInt8 = 2
  static let opSourceLE: UInt8 = 3
  static let opDestinationGE: UInt8 = 4
  static let opDestinationLE: UInt8 = 5
  static let opSourceCondition: UInt8 = 7
  static let opDestinationCondition: UInt8 = 8

  /// One op with its operand. `noTarget` is absolute within its program;
  /// an op whose failure rejects has `rejects` set instead, and its target
  /// (the program's end + 4) is filled in only when the program is encoded.
  struct Op {
    var offset: Int
    var code: UInt8
    var size: Int
    var noTarget: Int
    var rejects: Bool
    var operand: [UInt8]
  }

  /// A program built in place: AND and OR append the other program's ops
  /// and touch only the ops whose failure changes meaning (kept in
  /// `rejecting`), so compiling n alternatives costs O(n), not the O(n²) of
  /// copying the whole program for each one (4,000 ports took 1.8 s).
  struct Program {
    var ops: [Op] = []
    var length = 0
    /// Indices of the ops whose failure rejects the socket.
    var rejecting: [Int] = []
    /// Ops written or retargeted: the cost of building, for tests to tell
    /// linear from quadratic without a clock.
    var work = 0

    static func single(code: UInt8, operand: [UInt8]) -> Program {
      let size = 4 + operand.count
      let op = Op(offset: 0, code: code, size: size, noTarget: 0, rejects: true, operand: operand)
      return Program(ops: [op], length: size, rejecting: [0], work: 1)
    }

    /// Appends `other`'s ops `shift` bytes in; their rejections stay rejections.
    private mutating func append(_ other: Program, at shift: Int) {
      let base = ops.count
      ops.reserveCapacity(ops.count + other.ops.count)
      for var op in other.ops {
        op.offset += shift
        if !op.rejects { op.noTarget += shift }
        ops.append(op)
      }
      rejecting.reserveCapacity(rejecting.count + other.rejecting.count)
      for index in other.rejecting { rejecting.append(base + index) }
      work += other.work + other.ops.count
    }

    /// Both must hold: self's rejections become the combined program's
    /// (nothing to rewrite, they are resolved at encoding), then `other`.
    mutating func formAnd(_ other: Program) {
      append(other, at: length)
      length += other.length
    }

    /// Either holds: self, then a jump over `other` taken when self accepted,
    /// then `other`. Self's failures fall through onto `other`, which starts
    /// right after the 4-byte jump: each is retargeted once, and is never a
    /// rejection again.
    mutating func formOr(_ other: Program) {
      let otherStart = length + 4
      for index in rejecting {
        ops[index].rejects = false
        ops[index].noTarget = otherStart
      }
      work += rejecting.count + 1
      rejecting.removeAll(keepingCapacity: true)
      let jumpEnd = otherStart + other.length
      ops.append(Op(offset: length, code: opJump, size: 4, noTarget: jumpEnd, rejects: false, operand: []))
      append(other, at: otherStart)
      length = jumpEnd
    }

    func encode() -> [UInt8] {
      var out: [UInt8] = []
      out.reserveCapacity(length)
      let reject = length + 4
      for op in ops {
        out.append(op.code)
        out.append(UInt8(op.size))
        withUnsafeBytes(of: UInt16((op.rejects ? reject : op.noTarget) - op.offset)) {
          out.append(contentsOf: $0)
        }
        out.append(contentsOf: op.operand)
      }
      return out
    }
  }

  /// Programs longer than this stay in user space: jumps are 16-bit.
  static let maximumLength = 60_000

  /// The bytecode for the filter's clauses, or empty when there is nothing to filter.
  public static func compile(_ filter: SocketFilter) -> [UInt8] {
    var work = 0
    return compile(filter, work: &work)
  }

  /// `compile`, also reporting the ops written or retargeted (`Program.work`).
  static func compile(_ filter: SocketFilter, work: inout Int) -> [UInt8] {
    var result: Program?
    for clause in filter.clauses {
      var combined: Program?
      for condition in clause {
        let alternative = program(for: condition)
        if combined == nil { combined = alternative } else { combined!.formOr(alternative) }
        // Past the limit the result is thrown away: stop building it.
        if combined!.length >= maximumLength {
          work = combined!.work
          return []
        }
      }
      guard let combined else { continue }
      if result == nil { result = combined } else { result!.formAnd(combined) }
    }
    guard let program = result else { return [] }
    work = program.work
    // Ops carry their size in a byte and jumps in 16 bits; a filter too big for that stays in user space.
    guard program.length < maximumLength, program.ops.allSatisfy({ $0.size < 256 }) else { return [] }
    return program.encode()
  }

  static func program(for condition: SocketFilter.Condition) -> Program {
    switch condition {
    case .port(let side, let range):
      let (ge, le) = side == .source ? (opSourceGE, opSourceLE) : (opDestinationGE, opDestinationLE)
      var both = portComparison(ge, range.lowerBound)
      both.formAnd(portComparison(le, range.upperBound))
      return both
    case .address(let side, let address, let prefix):
      // struct inet_diag_hostcond: family, prefix_len, (pad), int port (-1: any), address.
      var operand: [UInt8] = [address.family.rawValue, UInt8(clamping: prefix), 0, 0]
      withUnsafeBytes(of: Int32(-1)) { operand.append(contentsOf: $0) }
      for i in 0..<address.byteCount { operand.append(address.byte(i)) }
      return .single(code: side == .source ? opSourceCondition : opDestinationCondition, operand: operand)
    }
  }

  /// A port comparison carries its port in the `no` field of a second op.
  static func portComparison(_ code: UInt8, _ port: UInt16) -> Program {
    var operand: [UInt8] = [0, 0]
    withUnsafeBytes(of: port) { operand.append(contentsOf: $0) }
    return .single(code: code, operand: operand)
  }
}
