import TCPStateKit

/// `watch --json`'s `"event": "source"` line for a `SourceChange`.
public enum SourceChangeJSON {
  public static func line(_ change: SourceChange) -> String {
    var json = JSONWriter(reservingCapacity: 256)
    json.beginObject()
    json.key("event")
    json.string("source")
    json.key("timestamp")
    json.string(TimestampText.iso8601(change.timestampNs))
    json.key("change")
    json.string(change.kind.rawValue)
    json.key("from")
    json.string(change.from)
    json.key("source")
    json.string(change.to)
    json.key("reason")
    json.string(change.reason)
    if change.kind == .fallback {
      json.key("will_return")
      json.bool(change.willReturn)
    }
    json.endObject()
    return String(decoding: json.out, as: UTF8.self)
  }
}
