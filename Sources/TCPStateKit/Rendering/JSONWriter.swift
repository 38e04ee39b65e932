import TCPStateModel

/// Appends JSON to a byte buffer without building intermediate values. Keys
/// are written by the caller in a fixed order, which keeps output stable for
/// diffs.
///
/// `list --json --info` writes about a kilobyte and 75 keys per socket, so
/// at 100k sockets the writer is most of the work: bytes go to a buffer the
/// writer owns through a raw pointer (one capacity check per key or value,
/// no per-byte Array bookkeeping), and commas come from one flag instead of
/// a stack of containers. Copies of a writer share its bytes.
public struct JSONWriter {
  /// The bytes, behind a pointer; grown by doubling.
  final class Storage {
    @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var count = 0
    @exclusivity(unchecked) var capacity: Int
    /// For `rawString`'s callers, which append to an array.
    @exclusivity(unchecked) var scratch: [UInt8] = []

    init(capacity: Int) {
      self.capacity = Swift.max(capacity, 64)
      base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Room for `extra` more bytes.
    @inline(__always) func reserve(_ extra: Int) {
      if count &+ extra > capacity { grow(count + extra) }
    }

    @inline(never) func grow(_ needed: Int) {
      let newCapacity = Swift.max(needed, capacity * 2)
      let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      newBase.update(from: base, count: count)
      base.deallocate()
      base = newBase
      capacity = newCapacity
    }

    /// Callers reserve first.
    @inline(__always) func put(_ byte: UInt8) {
      base[count] = byte
      count &+= 1
    }

    @inline(__always) func put(_ bytes: UnsafePointer<UInt8>, _ length: Int) {
      (base + count).update(from: bytes, count: length)
      count &+= length
    }
  }

  let storage: Storage
  /// A value was just completed: the next key or value needs a comma first.
  private var needsComma = false
  /// Pretty-printing: spaces per level (0: compact, the fast path), the
  /// current depth, and whether a key was just written (its value stays on the line).
  private let indent: Int
  private var depth = 0
  private var afterKey = false

  /// `indent` spaces per level pretty-prints (`JSONValue` documents); nil writes compact JSON.
  public init(reservingCapacity capacity: Int = 1024, indent: Int? = nil) {
    storage = Storage(capacity: capacity)
    self.indent = indent ?? 0
  }

  /// The bytes written so far (a copy); setting replaces them.
  public var out: [UInt8] {
    get { Array(bytes) }
    set {
      storage.count = 0
      storage.reserve(newValue.count)
      newValue.withUnsafeBufferPointer { if let base = $0.baseAddress { storage.put(base, $0.count) } }
    }
  }

  /// The bytes written so far, valid until the next write.
  public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage.base, count: storage.count) }

  /// Appends the bytes written so far to `target` and empties the writer
  /// (for streaming one object at a time into an output buffer).
  public mutating func move(to target: inout [UInt8]) {
    target.append(contentsOf: bytes)
    storage.count = 0
    needsComma = false
    depth = 0
    afterKey = false
  }

  /// Before a key or value: the comma, and in pretty mode the line break and indentation.
  @inline(__always) private mutating func separator() {
    if indent == 0 {
      if needsComma {
        storage.reserve(1)
        storage.put(UInt8(ascii: ","))
      }
      return
    }
    prettySeparator()
  }

  private mutating func prettySeparator() {
    if afterKey {
      afterKey = false
      return
    }
    if needsComma {
      storage.reserve(1)
      storage.put(UInt8(ascii: ","))
    }
    if depth > 0 { newline(depth) }
  }

  private func newline(_ level: Int) {
    storage.reserve(1 &+ level &* indent)
    storage.put(10)
    for _ in 0..<(level &* indent) { storage.put(UInt8(ascii: " ")) }
  }

  private mutating func begin(_ bracket: UInt8) {
    separator()
    storage.reserve(1)
    storage.put(bracket)
    needsComma = false
    depth &+= 1
  }

  private mutating func end(_ bracket: UInt8) {
    depth &-= 1
    // A container that got items closes on its own line when pretty-printing.
    if indent != 0 && needsComma { newline(depth) }
    storage.reserve(1)
    storage.put(bracket)
    needsComma = true
  }

  public mutating func beginObject() { begin(UInt8(ascii: "{")) }
  public mutating func endObject() { end(UInt8(ascii: "}")) }
  public mutating func beginArray() { begin(UInt8(ascii: "[")) }
  public mutating func endArray() { end(UInt8(ascii: "]")) }

  /// After a key: `:` (and a space when pretty-printing); the value follows on the line.
  @inline(__always) private mutating func keyWritten() {
    if indent != 0 {
      storage.reserve(1)
      storage.put(UInt8(ascii: " "))
      afterKey = true
    }
    needsComma = false
  }

  /// Writes `"key":`; the value call that follows supplies no comma of its own.
  /// Static keys are plain snake_case: copied as they are.
  public mutating func key(_ name: StaticString) {
    let length = name.utf8CodeUnitCount
    separator()
    storage.reserve(length &+ 4)
    storage.put(UInt8(ascii: "\""))
    storage.put(name.utf8Start, length)
    storage.put(UInt8(ascii: "\""))
    storage.put(UInt8(ascii: ":"))
    keyWritten()
  }

  @_disfavoredOverload public mutating func key(_ name: String) {
    separator()
    escaped(name)
    storage.reserve(1)
    storage.put(UInt8(ascii: ":"))
    keyWritten()
  }

  /// `"key":value`, the common case of a key followed by a number.
  public mutating func field(_ name: StaticString, _ value: UInt64) {
    key(name)
    number(value)
  }

  public mutating func field(_ name: StaticString, _ value: Int64) {
    key(name)
    number(value)
  }

  /// `"key":value` when there is a value; nothing when it is nil (data the kernel did not send).
  @inline(__always)
  public mutating func field<Value: FixedWidthInteger & UnsignedInteger>(_ name: StaticString, _ value: Value?) {
    guard let value else { return }
    key(name)
    number(UInt64(value))
  }

  public mutating func number(_ value: UInt64) {
    separator()
    storage.reserve(21)
    decimal(value)
    needsComma = true
  }

  public mutating func number(_ value: Int64) {
    separator()
    storage.reserve(22)
    if value < 0 { storage.put(UInt8(ascii: "-")) }
    decimal(value.magnitude)
    needsComma = true
  }

  /// Digits written straight into the buffer, last first, two at a time.
  /// Callers reserve 20.
  @inline(__always) private func decimal(_ value: UInt64) {
    if value < 10 {
      storage.put(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
      return
    }
    var digits = 2
    var power: UInt64 = 100
    while digits < 20 && value >= power {
      digits &+= 1
      power = power &* 10
    }
    var cursor = storage.base + storage.count + digits
    var rest = value
    let pairs = Self.digitPairs.utf8Start
    while rest >= 100 {
      let pair = Int(truncatingIfNeeded: rest % 100) &* 2
      rest /= 100
      cursor -= 2
      cursor[0] = pairs[pair]
      cursor[1] = pairs[pair &+ 1]
    }
    if rest >= 10 {
      let pair = Int(truncatingIfNeeded: rest) &* 2
      cursor -= 2
      cursor[0] = pairs[pair]
      cursor[1] = pairs[pair &+ 1]
    } else {
      cursor -= 1
      cursor[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
    }
    storage.count &+= digits
  }

  static let digitPairs: StaticString =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

  /// A number already formatted as JSON (e.g. a decimal fraction).
  public mutating func rawNumber(_ text: String) {
    separator()
    var text = text
    text.withUTF8 { bytes in
      storage.reserve(bytes.count &+ 1)
      if let base = bytes.baseAddress { storage.put(base, bytes.count) }
    }
    needsComma = true
  }

  public mutating func bool(_ value: Bool) {
    let word: StaticString = value ? "true" : "false"
    separator()
    storage.reserve(6)
    storage.put(word.utf8Start, word.utf8CodeUnitCount)
    needsComma = true
  }

  public mutating func null() {
    let word: StaticString = "null"
    separator()
    storage.reserve(5)
    storage.put(word.utf8Start, 4)
    needsComma = true
  }

  @_disfavoredOverload public mutating func string(_ value: String) {
    separator()
    escaped(value)
    needsComma = true
  }

  public mutating func string(_ value: StaticString) {
    let utf8 = UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount)
    separator()
    storage.reserve(utf8.count &+ 3)
    if JSONEscaping.needsEscaping(utf8) {
      JSONEscaping.forEachChunk(of: utf8) { chunk in
        storage.reserve(chunk.count)
        if let base = chunk.baseAddress { storage.put(base, chunk.count) }
      }
    } else {
      storage.put(UInt8(ascii: "\""))
      storage.put(value.utf8Start, utf8.count)
      storage.put(UInt8(ascii: "\""))
    }
    needsComma = true
  }

  /// Raw bytes that are already valid JSON string content (no escaping needed).
  public mutating func rawString(_ write: (inout [UInt8]) -> Void) {
    separator()
    storage.scratch.removeAll(keepingCapacity: true)
    write(&storage.scratch)
    storage.scratch.withUnsafeBufferPointer { text in
      storage.reserve(text.count &+ 2)
      storage.put(UInt8(ascii: "\""))
      if let base = text.baseAddress { storage.put(base, text.count) }
      storage.put(UInt8(ascii: "\""))
    }
    needsComma = true
  }

  /// A quoted, escaped string.
  private func escaped(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      // Most strings (state names, addresses, algorithm names) need no escaping: copy them whole.
      if !JSONEscaping.needsEscaping(utf8), let base = utf8.baseAddress {
        storage.reserve(utf8.count &+ 2)
        storage.put(UInt8(ascii: "\""))
        storage.put(base, utf8.count)
        storage.put(UInt8(ascii: "\""))
        return
      }
      JSONEscaping.forEachChunk(of: utf8) { chunk in
        storage.reserve(chunk.count)
        if let base = chunk.baseAddress { storage.put(base, chunk.count) }
      }
    }
  }
}
