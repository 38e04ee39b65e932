import TCPStateModel
import XCTest

@testable import TCPStateKit
@testable import TCPStateKnowledge

final class KnowledgeCompletenessTests: XCTestCase {
  func hasCJK(_ text: String) -> Bool {
    text.unicodeScalars.contains { TextWrap.width(of: $0) == 2 }
  }

  func assertComplete(
    _ text: Localized, _ what: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertFalse(
      text.en.trimmingWhitespace().isEmpty, "\(what): English is empty", file: file, line: line)
    XCTAssertFalse(
      text.zh.trimmingWhitespace().isEmpty, "\(what): Chinese is empty", file: file, line: line)
    XCTAssertTrue(
      hasCJK(text.zh), "\(what): Chinese text has no Chinese characters: \(text.zh)", file: file,
      line: line)
    XCTAssertFalse(
      hasCJK(text.en), "\(what): English text contains CJK characters: \(text.en)", file: file,
      line: line)
  }

  func testEveryKnownStateHasAnEntry() {
    for state in TCPState.known {
      XCTAssertNotNil(KnowledgeBase.entry(for: state), "no entry for \(state.name)")
    }
    XCTAssertEqual(KnowledgeBase.states.count, TCPState.known.count)
  }

  func testTheIssueTopicsExist() {
    for id in ["handshake", "close", "time-wait", "syn-flood", "keepalive", "rst"] {
      XCTAssertNotNil(KnowledgeBase.entry(id: id), "missing topic \(id)")
    }
  }

  func testEveryStateHasEveryFieldInBothLanguages() {
    for entry in KnowledgeBase.states {
      assertComplete(entry.title, "\(entry.id) title")
      assertComplete(entry.summary, "\(entry.id) summary")
      XCTAssertEqual(entry.sections.map(\.key), StateField.allCases.map(\.rawValue), entry.id)
      for section in entry.sections {
        assertComplete(section.heading, "\(entry.id).\(section.key) heading")
        assertComplete(section.body, "\(entry.id).\(section.key)")
      }
      XCTAssertFalse(entry.tcpdump.isEmpty, "\(entry.id) has no tcpdump notation")
      for segment in entry.tcpdump {
        assertComplete(segment.meaning, "\(entry.id) tcpdump \(segment.flags)")
      }
    }
  }

  func testEveryTopicHasEveryFieldInBothLanguages() {
    for entry in KnowledgeBase.topics {
      assertComplete(entry.title, "\(entry.id) title")
      assertComplete(entry.summary, "\(entry.id) summary")
      XCTAssertGreaterThanOrEqual(entry.sections.count, 3, entry.id)
      XCTAssertEqual(
        Set(entry.sections.map(\.key)).count, entry.sections.count,
        "\(entry.id) repeats a section key")
      for section in entry.sections {
        XCTAssertTrue(
          section.key.allSatisfy { $0.isLowercase || $0 == "_" },
          "\(entry.id) key \(section.key) is not snake_case")
        assertComplete(section.heading, "\(entry.id).\(section.key) heading")
        assertComplete(section.body, "\(entry.id).\(section.key)")
      }
      XCTAssertFalse(entry.tcpdump.isEmpty, "\(entry.id) has no tcpdump notation")
      for segment in entry.tcpdump {
        assertComplete(segment.meaning, "\(entry.id) tcpdump \(segment.flags)")
      }
      XCTAssertFalse(entry.tunables.isEmpty, "\(entry.id) names no tunable")
    }
  }

  func testTcpdumpFlagsUseTcpdumpNotation() {
    let allowed: Set<String> = ["[S]", "[S.]", "[.]", "[F.]", "[R]", "[R.]", "[P.]"]
    for entry in KnowledgeBase.entries {
      for segment in entry.tcpdump {
        XCTAssertTrue(allowed.contains(segment.flags), "\(entry.id): \(segment.flags)")
      }
    }
  }

  func testEveryTunableAnEntryNamesIsCatalogued() {
    for entry in KnowledgeBase.entries {
      for name in entry.tunables {
        XCTAssertNotNil(
          TunableCatalog.tunable(named: name), "\(entry.id) names \(name), which is not catalogued")
      }
    }
  }

  func testTunablesGovernTheStatesThatNameThem() {
    for entry in KnowledgeBase.states {
      guard let state = entry.state else { continue }
      for name in entry.tunables {
        guard let tunable = TunableCatalog.tunable(named: name) else { continue }
        XCTAssertTrue(
          tunable.governs.contains(state), "\(tunable.name) should list \(state.name) in governs")
      }
    }
    for tunable in TunableCatalog.all {
      for state in tunable.governs {
        let entry = KnowledgeBase.entry(for: state)
        XCTAssertTrue(
          entry?.tunables.contains { TunableCatalog.tunable(named: $0)?.name == tunable.name }
            ?? false,
          "\(tunable.name) governs \(state.name) but that entry does not name it")
      }
    }
  }

  func testTunableCatalogueIsCompleteAndConsistent() {
    let required = [
      "tcp_syn_retries", "tcp_synack_retries", "tcp_max_syn_backlog", "tcp_syncookies",
      "tcp_abort_on_overflow",
      "net.core.somaxconn", "tcp_fin_timeout", "tcp_max_tw_buckets", "tcp_tw_reuse",
      "tcp_max_orphans",
      "tcp_orphan_retries", "tcp_retries1", "tcp_retries2", "tcp_keepalive_time",
      "tcp_keepalive_intvl",
      "tcp_keepalive_probes", "ip_local_port_range", "tcp_congestion_control", "tcp_rmem",
      "tcp_wmem",
    ]
    for name in required { XCTAssertNotNil(TunableCatalog.tunable(named: name), name) }
    XCTAssertEqual(
      Set(TunableCatalog.all.map(\.name)).count, TunableCatalog.all.count, "duplicate tunable")
    for tunable in TunableCatalog.all {
      assertComplete(tunable.meaning, tunable.name)
      assertComplete(tunable.unit.label, "\(tunable.name) unit")
      if let note = tunable.defaultValue.note {
        assertComplete(note, "\(tunable.name) default note")
      }
      XCTAssertTrue(tunable.sysctl.hasSuffix("." + tunable.name), tunable.sysctl)
      XCTAssertTrue(tunable.procPath.hasPrefix("sys/net/"), tunable.procPath)
      XCTAssertFalse(tunable.governs.isEmpty, "\(tunable.name) governs no state")
    }
  }

  /// Every claim must be traceable: each entry cites an RFC or kernel source,
  /// each tunable its sysctl documentation, and no citation is empty.
  func testEveryEntryAndTunableIsCited() {
    for entry in KnowledgeBase.entries {
      XCTAssertFalse(entry.sources.isEmpty, "\(entry.id) cites nothing")
      XCTAssertTrue(
        entry.sources.contains { $0.kind == .rfc || $0.kind == .kernel },
        "\(entry.id) cites neither an RFC nor kernel source")
      XCTAssertEqual(Set(entry.sources).count, entry.sources.count, "\(entry.id) repeats a source")
    }
    for tunable in TunableCatalog.all {
      let first = tunable.sources.first
      XCTAssertEqual(first?.kind, .kernelDoc, tunable.name)
      XCTAssertEqual(first?.detail, tunable.name)
    }
    for source in KnowledgeBase.entries.flatMap(\.sources) + TunableCatalog.all.flatMap(\.sources) {
      XCTAssertFalse(source.document.trimmingWhitespace().isEmpty)
      if source.kind == .rfc {
        XCTAssertTrue(source.document.hasPrefix("RFC "), source.citation)
        XCTAssertTrue(
          source.detail.isEmpty || source.detail.allSatisfy { $0.isNumber || $0 == "." },
          source.citation)
      }
      if source.kind == .kernel {
        XCTAssertTrue(source.document.contains("/"), source.citation)
      }
    }
  }

  func testRelatedIdsExist() {
    for entry in KnowledgeBase.entries {
      for id in entry.related {
        XCTAssertNotNil(KnowledgeBase.resolve(id), "\(entry.id) relates to unknown \(id)")
      }
    }
  }

  func testEveryAliasResolvesToItsTopic() {
    for topic in KnowledgeBase.topics {
      for alias in [topic.id] + topic.aliases {
        XCTAssertEqual(KnowledgeBase.resolve(alias)?.id, topic.id, "alias \(alias)")
      }
    }
    let wanted = [
      "2msl": "time-wait", "three-way-handshake": "handshake", "synflood": "syn-flood",
      "syncookies": "syn-flood",
      "fin": "close", "teardown": "close", "SYN-FLOOD": "syn-flood", "Keep-Alive": "keepalive",
      "RST": "rst",
    ]
    for (word, id) in wanted { XCTAssertEqual(KnowledgeBase.resolve(word)?.id, id, word) }
  }

  /// Facts that the seed articles get wrong must stay right here.
  func testSeedErrataAreNotRepeated() {
    let timeWait = KnowledgeBase.entry(for: .timeWait)
    XCTAssertTrue(timeWait?.section("timer")?.body.en.contains("60 s") ?? false)
    XCTAssertTrue(timeWait?.section("timer")?.body.en.contains("not 2 × tcp_fin_timeout") ?? false)
    let keepalive = KnowledgeBase.entry(id: "keepalive")
    XCTAssertTrue(keepalive?.section("timing")?.body.en.contains("9 probes") ?? false)
    let closing = KnowledgeBase.entry(for: .closing)
    XCTAssertTrue(closing?.section("meaning")?.body.en.contains("simultaneous close") ?? false)
    XCTAssertTrue(
      closing?.section("meaning")?.body.en.contains("not caused by a lost ACK") ?? false)
    for entry in KnowledgeBase.entries {
      for section in entry.sections {
        XCTAssertFalse(
          section.body.en.contains("SYN_SEND"), "\(entry.id): SYN_SEND is not a state name")
        XCTAssertFalse(
          section.body.en.contains("TIMED_WAIT"), "\(entry.id): TIMED_WAIT is not a state name")
      }
    }
  }
}
