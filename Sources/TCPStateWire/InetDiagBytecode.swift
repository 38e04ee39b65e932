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
  /// `INET_DIAG_BC_CGROUP_COND` (Linux 5.9): the operand is a host-order u64 cgroup v2 id.
  static let opCgroupCondition: UInt8 = 13

  /// One op with its operand; `noTarget` is absolute within its program and
  /// equals `length + 4` when failing means "reject".
  struct Op {
    var offset: Int
    var code: UInt8
    var size: Int
    var noTarget: Int
    var operand: [UInt8]
  }

  struct Program {
    var ops: [Op] = []
    var length = 0

    var rejectTarget: Int { length + 4 }

    static func single(code: UInt8, operand: [UInt8]) -> Program {
      let size = 4 + operand.count
      return Program(ops: [Op(offset: 0, code: code, size: size, noTarget: size + 4, operand: operand)], length: size)
    }

    /// Both must hold: a's rejections are moved to the combined end.
    func and(_ other: Program) -> Program {
      var result = self
      for i in result.ops.indices where result.ops[i].noTarget == rejectTarget {
        result.ops[i].noTarget += other.length
      }
      for var op in other.ops {
        op.offset += length
        op.noTarget += length
        result.ops.append(op)
      }
      result.length += other.length
      return result
    }

    /// Either holds: a, then a jump over b taken when a accepted, then b.
    func or(_ other: Program) -> Program {
      var result = self
      let jumpEnd = length + 4 + other.length
      result.ops.append(Op(offset: length, code: opJump, size: 4, noTarget: jumpEnd, operand: []))
      for var op in other.ops {
        op.offset += length + 4
        op.noTarget += length + 4
        result.ops.append(op)
      }
      result.length = jumpEnd
      return result
    }

    func encode() -> [UInt8] {
      var out: [UInt8] = []
      out.reserveCapacity(length)
      for op in ops {
        out.append(op.code)
        out.append(UInt8(op.size))
        withUnsafeBytes(of: UInt16(op.noTarget - op.offset)) { out.append(contentsOf: $0) }
        out.append(contentsOf: op.operand)
      }
      return out
    }
  }

  /// True when the filter has a clause the kernel can only check with the cgroup op.
  public static func needsCgroupOp(_ filter: SocketFilter) -> Bool {
    filter.clauses.contains { !$0.allSatisfy(\.isEndpointCondition) }
  }

  /// The bytecode for the filter's clauses, or empty when there is nothing to filter.
  /// Without `cgroupOp` (a kernel whose audit rejects INET_DIAG_BC_CGROUP_COND),
  /// clauses naming a cgroup are left to user space: dropping one whole clause
  /// only lets more through, where dropping one alternative would let fewer.
  public static func compile(_ filter: SocketFilter, cgroupOp: Bool = true) -> [UInt8] {
    let kept = cgroupOp ? filter.clauses : filter.clauses.filter { $0.allSatisfy(\.isEndpointCondition) }
    let clauses = kept.compactMap { clause -> Program? in
      let alternatives = clause.map(program(for:))
      guard var combined = alternatives.first else { return nil }
      for alternative in alternatives.dropFirst() { combined = combined.or(alternative) }
      return combined
    }
    guard var program = clauses.first else { return [] }
    for clause in clauses.dropFirst() { program = program.and(clause) }
    // Ops carry their size in a byte and jumps in 16 bits; a filter too big for that stays in user space.
    guard program.length < 60_000, program.ops.allSatisfy({ $0.size < 256 }) else { return [] }
    return program.encode()
  }

  static func program(for condition: SocketFilter.Condition) -> Program {
    switch condition {
    case .port(let side, let range):
      let (ge, le) = side == .source ? (opSourceGE, opSourceLE) : (opDestinationGE, opDestinationLE)
      return portComparison(ge, range.lowerBound).and(portComparison(le, range.upperBound))
    case .address(let side, let address, let prefix):
      // struct inet_diag_hostcond: family, prefix_len, (pad), int port (-1: any), address.
      var operand: [UInt8] = [address.family.rawValue, UInt8(clamping: prefix), 0, 0]
      withUnsafeBytes(of: Int32(-1)) { operand.append(contentsOf: $0) }
      for i in 0..<address.byteCount { operand.append(address.byte(i)) }
      return .single(code: side == .source ? opSourceCondition : opDestinationCondition, operand: operand)
    case .cgroup(let id):
      return .single(code: opCgroupCondition, operand: withUnsafeBytes(of: id) { Array($0) })
    }
  }

  /// A port comparison carries its port in the `no` field of a second op.
  static func portComparison(_ code: UInt8, _ port: UInt16) -> Program {
    var operand: [UInt8] = [0, 0]
    withUnsafeBytes(of: port) { operand.append(contentsOf: $0) }
    return .single(code: code, operand: operand)
  }
}
