import TCPStateModel

/// The text form of `tcpstate explain`: headings, wrapped paragraphs, the
/// tcpdump notation, the state's neighbourhood and the live section.
public struct ExplainTextRenderer: Sendable {
  public var options: ExplainOptions

  public init(_ options: ExplainOptions) { self.options = options }

  var lang: Language { options.language }
  var style: TextStyle { options.style }

  public func render(_ subject: KnowledgeBase.Subject) -> String {
    switch subject {
    case .entry(let entry): render(entry)
    case .tunable(let tunable): render(tunable)
    }
  }

  public func render(_ entry: KnowledgeEntry) -> String {
    var out: [String] = [style.apply(.bold, entry.title.text(lang))]
    if let state = entry.state {
      let rfc = state.rfcName.map { "RFC 9293: \($0) · " } ?? ""
      let names = "ss: \(state.ssName) · \(rfc)kernel: \(state.name) (\(state.rawValue))"
      out += TextWrap.wrap(names, columns: options.width).map { style.apply(.dim, $0) }
    } else if !entry.aliases.isEmpty {
      let aliases = word("also", "别名") + ": " + entry.aliases.joined(separator: ", ")
      out += TextWrap.wrap(aliases, columns: options.width).map { style.apply(.dim, $0) }
    }
    out.append("")
    out += paragraph(entry.summary.text(lang), indent: "")
    for section in entry.sections {
      out.append("")
      out.append(heading(section.heading.text(lang)))
      out += paragraph(section.body.text(lang), indent: "  ")
    }
    if !entry.tcpdump.isEmpty {
      out.append("")
      out.append(heading(word("On the wire (tcpdump)", "抓包所见（tcpdump）")))
      for segment in entry.tcpdump {
        let flags = TextWrap.pad("Flags " + segment.flags, to: 12)
        let lines = TextWrap.wrap(
          segment.meaning.text(lang), columns: options.width,
          indent: String(repeating: " ", count: 15))
        out.append("  " + style.apply(.cyan, flags) + " " + String(lines[0].dropFirst(15)))
        out += lines.dropFirst()
      }
    }
    if let state = entry.state, options.neighbourhood {
      out.append("")
      out.append(heading(word("Neighbourhood in the state machine", "状态机中的相邻状态")))
      out += NeighbourhoodRenderer(options).render(state, count: options.live?.count(of: state))
    }
    if let live = options.live {
      out.append("")
      out += liveSection(live, tunables: entry.tunables, state: entry.state)
    }
    if !entry.related.isEmpty {
      out.append("")
      out += TextWrap.wrap(
        word("See also", "另见") + ": " + entry.related.joined(separator: ", "),
        columns: options.width)
    }
    return out.joined(separator: "\n") + "\n"
  }

  public func render(_ tunable: Tunable) -> String {
    var out: [String] = [
      style.apply(.bold, tunable.name) + "  "
        + style.apply(.dim, "(\(tunable.sysctl), /proc/\(tunable.procPath))")
    ]
    out.append("")
    out += paragraph(tunable.meaning.text(lang), indent: "")
    out.append("")
    out.append(heading(word("Unit", "单位")) + ": " + tunable.unit.label.text(lang))
    var def = heading(word("Kernel default", "内核默认值")) + ": " + tunable.defaultValue.display
    if let note = tunable.defaultValue.note { def += " (" + note.text(lang) + ")" }
    out += TextWrap.wrap(def, columns: options.width)
    let governs = tunable.governs.map(\.name).joined(separator: ", ")
    out.append(heading(word("Governs", "影响的状态")) + ": " + (governs.isEmpty ? "-" : governs))
    let entries = KnowledgeBase.entries.filter {
      $0.tunables.contains(tunable.name) || $0.tunables.contains(tunable.sysctl)
    }
    if !entries.isEmpty {
      out += TextWrap.wrap(
        heading(word("Explained with", "相关条目")) + ": " + entries.map(\.id).joined(separator: ", "),
        columns: options.width)
    }
    if let live = options.live {
      out.append("")
      out += liveSection(live, tunables: [tunable.name], state: nil)
    }
    return out.joined(separator: "\n") + "\n"
  }

  /// The live section: socket count, then each tunable with value, default mark and implication.
  func liveSection(_ live: LiveHost, tunables: [String], state: TCPState?) -> [String] {
    var out = [heading(word("Live on this host", "本机实况"))]
    if let state {
      if let count = live.count(of: state) {
        let label = word("sockets in \(state.name) now", "当前处于 \(state.name) 的套接字")
        out.append("  " + label + ": " + style.apply(.bold, String(count)))
      } else {
        out.append(
          "  " + word("socket counts unavailable", "套接字计数不可用")
            + (live.countsNote.map { " (\($0))" } ?? ""))
      }
    }
    let rows = live.rows(for: tunables)
    if rows.isEmpty {
      out.append("  " + word("no tunable governs this directly", "没有直接影响它的内核参数"))
      return out
    }
    let nameWidth = min(28, (rows.map { $0.tunable.name.count }.max() ?? 0) + 2)
    var anyDiffers = false
    for row in rows {
      let value: String
      switch row.reading {
      case .value(let text):
        value = TextEscaping.display(
          TunableDefault.split(text).joined(separator: " "), limit: TextEscaping.valueLimit)
      case .missing: value = word("(not present)", "（不存在）")
      case .unreadable(let reason):
        value = word("(unreadable: ", "（无法读取：") + TextEscaping.escape(reason) + word(")", "）")
      }
      var line = "  " + TextWrap.pad(row.tunable.name, to: nameWidth) + style.apply(.bold, value)
      if row.differsFromDefault == true {
        anyDiffers = true
        line +=
          "  "
          + style.apply(
            .yellow, "* " + word("default", "默认") + " " + row.tunable.defaultValue.display)
      } else if row.differsFromDefault == nil, row.reading.value != nil {
        line += "  " + style.apply(.dim, word("(default depends on the machine)", "（默认值取决于机器）"))
      }
      out.append(line)
      if let implication = row.implication {
        out += TextWrap.wrap(
          "→ " + TextEscaping.escape(implication.text(lang)), columns: options.width,
          indent: "      ")
      }
    }
    if anyDiffers {
      out.append(style.apply(.dim, "  * " + word("differs from the kernel default", "与内核默认值不同")))
    }
    return out
  }

  func heading(_ text: String) -> String { style.apply(.bold, text) }

  func paragraph(_ text: String, indent: String) -> [String] {
    TextWrap.wrap(text, columns: options.width, indent: indent)
  }

  func word(_ en: String, _ zh: String) -> String { lang == .zh ? zh : en }
}
