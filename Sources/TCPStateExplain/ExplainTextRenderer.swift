import TCPStateKit
import TCPStateKnowledge
import TCPStateModel

/// The text form of `tcpstate explain`: headings, wrapped paragraphs, the
/// tcpdump notation, the state's neighbourhood and the live section.
public struct ExplainTextRenderer: Sendable {
  public var options: ExplainOptions

  public init(_ options: ExplainOptions) { self.options = options }

  var lang: Language { options.language }

  /// Wrapping in the page's language: English lines never break inside a
  /// quoted Chinese word.
  func wrap(_ text: String, columns: Int, indent: String = "") -> [String] {
    TextWrap.wrap(text, columns: columns, indent: indent, breakBetweenWide: lang == .zh)
  }
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
      // Each name stays whole on a narrow terminal; lines break only between them.
      let rfc = state.rfcName.map { TextWrap.unbreakable("RFC 9293" + colon + $0) + " · " } ?? ""
      let names =
        TextWrap.unbreakable("ss" + colon + state.ssName) + " · " + rfc
        + TextWrap.unbreakable(
          word("kernel", "内核") + colon + state.name + word(" (\(state.rawValue))", "（\(state.rawValue)）"))
      out += wrap(names, columns: options.width).map { style.apply(.dim, $0) }
    } else if !aliases(of: entry).isEmpty {
      let aliases = word("also", "也可以用") + colon + list(aliases(of: entry))
      out += wrap(aliases, columns: options.width).map { style.apply(.dim, $0) }
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
        let lines = wrap(
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
      out += wrap(
        word("See also", "另见") + colon + list(entry.related.map(reference)),
        columns: options.width)
    }
    out += sourcesSection(entry.sources)
    return out.joined(separator: "\n") + "\n"
  }

  /// The end of every page: where its facts come from, one citation a line.
  func sourcesSection(_ sources: [Source]) -> [String] {
    guard !sources.isEmpty else { return [] }
    var out = ["", heading(word("Sources", "参考"))]
    for source in sources {
      out += wrap(source.citation, columns: options.width, indent: "  ")
    }
    return out
  }

  public func render(_ tunable: Tunable) -> String {
    let paths = word(
      "(\(tunable.sysctl), /proc/\(tunable.procPath))", "（\(tunable.sysctl)，/proc/\(tunable.procPath)）")
    // A narrow terminal gets the paths on lines of their own rather than a line cut mid-path.
    var out: [String] =
      TextWrap.width(tunable.name) + 2 + TextWrap.width(paths) > options.width
      ? [style.apply(.bold, tunable.name)]
        + wrap(paths, columns: options.width, indent: "  ").map { style.apply(.dim, $0) }
      : [style.apply(.bold, tunable.name) + "  " + style.apply(.dim, paths)]
    out.append("")
    out += paragraph(tunable.meaning.text(lang), indent: "")
    out.append("")
    out.append(heading(word("Unit", "单位")) + colon + tunable.unit.label.text(lang))
    var def =
      heading(word("Kernel default", "内核默认值")) + colon
      + tunable.defaultValue.display(lang)
    if let note = tunable.defaultValue.note { def += word(" (", "（") + note.text(lang) + word(")", "）") }
    out += wrap(def, columns: options.width)
    let governs = list(tunable.governs.map(\.name))
    out.append(heading(word("Governs", "影响的状态")) + colon + (governs.isEmpty ? "-" : governs))
    let entries = KnowledgeBase.entries.filter {
      $0.tunables.contains(tunable.name) || $0.tunables.contains(tunable.sysctl)
    }
    if !entries.isEmpty {
      out += wrap(
        heading(word("Explained with", "相关条目")) + colon + list(entries.map { reference($0.id) }),
        columns: options.width)
    }
    if let live = options.live {
      out.append("")
      out += liveSection(live, tunables: [tunable.name], state: nil)
    }
    out += sourcesSection(tunable.sources)
    return out.joined(separator: "\n") + "\n"
  }

  /// The live section: socket count, then each tunable with value, default mark and implication.
  func liveSection(_ live: LiveHost, tunables: [String], state: TCPState?) -> [String] {
    var out = [heading(word("Live on this host", "本机实况"))]
    if let state {
      if let count = live.count(of: state) {
        let label = word("sockets in \(state.name) now", "当前处于 \(state.name) 的套接字")
        out.append("  " + label + colon + style.apply(.bold, String(count)))
        for example in live.examples {
          let owners = example.processes.map { "\($0.command)[\($0.pid)]" }.joined(separator: ",")
          let shown = owners.isEmpty ? "-" : TextEscaping.escape(owners)
          let addresses =
            "    " + TextWrap.pad(example.local.description, to: 24) + TextWrap.pad(example.peer.description, to: 24)
          // A long process name goes under the addresses rather than past the terminal's edge.
          if TextWrap.width(addresses) + TextWrap.width(shown) > options.width {
            out.append(String(addresses.reversed().drop { $0 == " " }.reversed()))
            out += wrap(shown, columns: options.width, indent: "      ")
          } else {
            out.append(addresses + shown)
          }
        }
        if count > 0 {
          let command = "tcpstate list --state \(state.name) -p"
          out.append("    " + word("all of them: ", "全部列出：") + style.apply(.bold, command))
        }
      } else {
        out.append(
          "  " + word("socket counts unavailable", "套接字计数不可用")
            + (live.countsNote.map { word(" (\($0))", "（“\($0)”）") } ?? ""))
      }
    }
    let rows = live.rows(for: tunables)
    if rows.isEmpty {
      out.append("  " + word("no tunable governs this directly", "没有直接影响它的内核参数"))
      return out
    }
    let nameWidth = min(28, (rows.map { $0.tunable.name.count }.max() ?? 0) + 2)
    var anyDiffers = false
    var shownImplications = Set<String>()
    for row in rows {
      let value: String
      switch row.reading {
      case .value(let text):
        let fields = TunableDefault.split(text)
        value =
          fields.isEmpty
          ? word("(empty)", "（空）")
          : TextEscaping.display(fields.joined(separator: " "), limit: TextEscaping.valueLimit)
      case .missing: value = word("(not on this kernel)", "（此内核没有）")
      case .unreadable(let reason):
        value = word("(unreadable: ", "（无法读取：“") + TextEscaping.escape(reason) + word(")", "”）")
      }
      var line = "  " + TextWrap.pad(row.tunable.name, to: nameWidth) + style.apply(.bold, value)
      if row.differsFromDefault == true {
        anyDiffers = true
        line +=
          "  "
          + style.apply(
            .yellow, "* " + word("default ", "默认：") + row.tunable.defaultValue.display(lang))
      } else if row.differsFromDefault == nil, row.reading.value != nil {
        let note = style.apply(
          .dim, word("(default depends on memory or the kernel build)", "（默认值取决于内存或内核构建）"))
        // Under the value when the row would not fit the terminal.
        if TextWrap.width(line) + 2 + TextWrap.width(note) > options.width {
          out.append(line)
          line = "      " + note
        } else {
          line += "  " + note
        }
      }
      out.append(line)
      // Tunables that act together (keepalive time, interval, probes) share one
      // implication: say it once, under the first of them.
      if let implication = row.implication, shownImplications.insert(implication.text(lang)).inserted {
        out += wrap(
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
    wrap(text, columns: options.width, indent: indent)
  }

  func word(_ en: String, _ zh: String) -> String { lang == .zh ? zh : en }

  /// `: ` in English, the full-width `：` in Chinese.
  var colon: String { word(": ", "：") }

  /// Items joined with `, ` in English and `、` in Chinese.
  func list(_ items: [String]) -> String { items.joined(separator: word(", ", "、")) }

  /// The words a topic can be asked for: all of them in English; in Chinese
  /// only the Chinese ones, since the English ids are not Chinese prose.
  func aliases(of entry: KnowledgeEntry) -> [String] {
    lang == .zh ? entry.aliases.filter(KnowledgeEntry.isChinese) : entry.aliases
  }

  /// How a page names another entry: states by their kernel name, topics by
  /// their id in English and by a Chinese alias (one `explain` accepts) in Chinese.
  func reference(_ id: String) -> String {
    guard lang == .zh, let entry = KnowledgeBase.entry(id: id), entry.kind == .topic else {
      return id
    }
    return entry.chineseName
  }
}
