import TCPStateKit
import TCPStateKnowledge

/// The text form of `tcpstate tunables`: one row per tunable with its live
/// value and default, a mark where they differ, and the implication below.
public struct TunablesTextRenderer: Sendable {
  public var options: ExplainOptions

  public init(_ options: ExplainOptions) { self.options = options }

  /// The VALUE cell: the fields space-separated, or why there is no value.
  func valueText(_ reading: TunableReading) -> String {
    let lang = options.language
    switch reading {
    case .value(let text):
      let fields = TunableDefault.split(text)
      if fields.isEmpty { return lang == .zh ? "（空）" : "(empty)" }
      // Escaped and cut: a value is file content, and one huge value must not pad every row.
      return TextEscaping.display(fields.joined(separator: " "), limit: TextEscaping.valueLimit)
    case .missing: return lang == .zh ? "（此内核没有）" : "(not on this kernel)"
    case .unreadable: return lang == .zh ? "（无法读取）" : "(unreadable)"
    }
  }

  public func render(_ rows: [LiveHost.Row], header: Bool = true) -> String {
    let lang = options.language
    let style = options.style
    let nameWidth = (rows.map { $0.tunable.sysctl.count }.max() ?? 10) + 2
    // Sized on the text actually shown, "(missing)" included, so a tree
    // without the files still lines up with the defaults column.
    var valueWidth = max(8, (rows.map { TextWrap.width(valueText($0.reading)) }.max() ?? 0) + 2)
    let defaultWidth = rows.map { TextWrap.width($0.tunable.defaultValue.display(lang)) }.max() ?? 0
    // A narrow terminal: the value column shrinks to what most values need;
    // a row that still does not fit puts its default on the next line.
    if 2 + nameWidth + valueWidth + defaultWidth > options.width {
      valueWidth = max(8, min(valueWidth, options.width - 2 - nameWidth - 8))
    }
    var out: [String] = []
    if header {
      let h =
        TextWrap.pad(lang == .zh ? "名称" : "NAME", to: nameWidth)
        + TextWrap.pad(lang == .zh ? "当前值" : "VALUE", to: valueWidth)
        + (lang == .zh ? "默认值" : "DEFAULT")
      out.append(style.apply(.bold, "  " + h))
    }
    var anyDiffers = false
    for row in rows {
      let value = valueText(row.reading)
      let defaultText = row.tunable.defaultValue.display(lang)
      var line = TextWrap.pad(row.tunable.sysctl, to: nameWidth)
      var continuation: String?
      if TextWrap.width(value) + 2 > valueWidth
        || 2 + nameWidth + valueWidth + TextWrap.width(defaultText) > options.width
      {
        line += value
        // Under DEFAULT where it fits, else as far right as it fits.
        let indent = max(6, min(2 + nameWidth + valueWidth, options.width - TextWrap.width(defaultText)))
        continuation = String(repeating: " ", count: indent) + defaultText
      } else {
        line += TextWrap.pad(value, to: valueWidth) + defaultText
      }
      if row.differsFromDefault == true {
        anyDiffers = true
        line = style.apply(.yellow, "* ") + line
      } else {
        line = "  " + line
      }
      out.append(line)
      if let continuation { out.append(continuation) }
      if let implication = row.implication {
        out += TextWrap.wrap(
          TextEscaping.escape(implication.text(lang)), columns: options.width, indent: "      "
        ).map {
          style.apply(.dim, $0)
        }
      }
    }
    if anyDiffers {
      out.append("")
      out.append(
        lang == .zh
          ? "* 与内核默认值不同（默认值取决于内存或内核构建的不参与比较）"
          : "* differs from the kernel default (? marks defaults that depend on memory or the kernel build)"
      )
    }
    return out.joined(separator: "\n") + "\n"
  }
}

/// The text form of `tcpstate explain` without a word: what can be explained.
public enum ExplainIndexRenderer {
  public static func render(_ options: ExplainOptions) -> String {
    let lang = options.language
    let style = options.style
    var out: [String] = [style.apply(.bold, lang == .zh ? "状态" : "States")]
    for entry in KnowledgeBase.states {
      let ss = entry.state.map { lang == .zh ? "（\($0.ssName)）" : "(\($0.ssName))" } ?? ""
      out.append(
        "  " + TextWrap.pad(entry.id, to: 16) + TextWrap.pad(ss, to: 18) + entry.title.text(lang))
    }
    out.append("")
    out.append(style.apply(.bold, lang == .zh ? "主题" : "Topics"))
    for entry in KnowledgeBase.topics {
      // Chinese pages name a topic by a Chinese alias, which explain accepts too.
      let name = lang == .zh ? entry.chineseName : entry.id
      let others =
        lang == .zh
        ? entry.aliases.filter { KnowledgeEntry.isChinese($0) && $0 != name } : entry.aliases
      out.append("  " + TextWrap.pad(name, to: 12) + entry.title.text(lang))
      guard !others.isEmpty else { continue }
      out += TextWrap.wrap(
        (lang == .zh ? "也可以用：" : "also: ") + others.joined(separator: lang == .zh ? "、" : ", "),
        columns: options.width,
        indent: String(repeating: " ", count: 14)
      ).map { style.apply(.dim, $0) }
    }
    out.append("")
    out.append(style.apply(.bold, lang == .zh ? "内核参数" : "Tunables"))
    out += TextWrap.wrap(
      TunableCatalog.all.map(\.name).joined(separator: "  "), columns: options.width, indent: "  ")
    out.append("")
    out.append(
      lang == .zh
        ? "用法：tcpstate explain 名称   （状态可用任意常见写法，如 TIME-WAIT、SYN_RCVD、ESTAB）"
        : "Usage: tcpstate explain WORD   (states in any common spelling: TIME-WAIT, SYN_RCVD, ESTAB)"
    )
    return out.joined(separator: "\n") + "\n"
  }
}
