import TCPStateModel
import XCTest

@testable import TCPStateExplain
@testable import TCPStateKit
@testable import TCPStateKnowledge

final class TransitionsTests: XCTestCase {
  struct Edge: Hashable, CustomStringConvertible {
    var from: TCPState
    var to: TCPState
    var description: String { "\(from.name) -> \(to.name)" }
  }

  /// RFC 9293 section 3.3.2, Figure 5, transcribed arrow by arrow.
  let figure5: Set<Edge> = [
    Edge(from: .close, to: .listen),  // passive OPEN / create TCB
    Edge(from: .close, to: .synSent),  // active OPEN / create TCB, snd SYN
    Edge(from: .listen, to: .close),  // CLOSE / delete TCB
    Edge(from: .listen, to: .synRecv),  // rcv SYN / snd SYN,ACK
    Edge(from: .listen, to: .synSent),  // SEND / snd SYN
    Edge(from: .synSent, to: .synRecv),  // rcv SYN / snd SYN,ACK
    Edge(from: .synSent, to: .close),  // CLOSE / delete TCB
    Edge(from: .synSent, to: .established),  // rcv SYN,ACK / snd ACK
    Edge(from: .synRecv, to: .listen),  // rcv RST (note 1)
    Edge(from: .synRecv, to: .established),  // rcv ACK of SYN
    Edge(from: .synRecv, to: .finWait1),  // CLOSE / snd FIN
    Edge(from: .established, to: .finWait1),  // CLOSE / snd FIN
    Edge(from: .established, to: .closeWait),  // rcv FIN / snd ACK
    Edge(from: .finWait1, to: .finWait2),  // rcv ACK of FIN
    Edge(from: .finWait1, to: .closing),  // rcv FIN / snd ACK
    Edge(from: .finWait2, to: .timeWait),  // rcv FIN / snd ACK
    Edge(from: .closing, to: .timeWait),  // rcv ACK of FIN
    Edge(from: .closeWait, to: .lastAck),  // CLOSE / snd FIN
    Edge(from: .lastAck, to: .close),  // rcv ACK of FIN
    Edge(from: .timeWait, to: .close),  // Timeout=2MSL / delete TCB
  ]

  func testFigureEdgesMatchRFC9293Figure5() {
    let table = Transitions.all.filter { $0.origin == .rfcFigure }
    XCTAssertEqual(table.count, figure5.count, "one table row per arrow")
    XCTAssertEqual(Set(table.map { Edge(from: $0.from, to: $0.to) }), figure5)
  }

  func testNote2EdgeIsPresentButNotInTheFigure() {
    XCTAssertTrue(
      Transitions.all.contains {
        $0.from == .finWait1 && $0.to == .timeWait && $0.origin == .rfcNote
      })
  }

  func testFigureUsesOnlyTheElevenRFCStates() {
    for transition in Transitions.all where transition.origin != .linux {
      XCTAssertNotNil(transition.from.rfcName, transition.from.name)
      XCTAssertNotNil(transition.to.rfcName, transition.to.name)
    }
  }

  func testEveryStateHasANeighbourhood() {
    for state in TCPState.known {
      XCTAssertFalse(
        Transitions.incoming(state).isEmpty && Transitions.outgoing(state).isEmpty,
        "\(state.name) is isolated")
    }
  }

  func testEveryEdgeIsLabelledInBothLanguages() {
    for transition in Transitions.all {
      XCTAssertFalse(transition.event.en.isEmpty)
      XCTAssertFalse(transition.event.zh.isEmpty)
      XCTAssertEqual(transition.action.en.isEmpty, transition.action.zh.isEmpty)
    }
  }
}

final class DiagramTests: XCTestCase {
  func testPictureDrawsEveryFigureEdgeOnce() {
    let drawn = DiagramRenderer.routes.map { "\($0.from.name)->\($0.to.name)" }
    let figure = Transitions.all.filter { $0.origin == .rfcFigure }.map {
      "\($0.from.name)->\($0.to.name)"
    }
    XCTAssertEqual(drawn.sorted(), figure.sorted())
  }

  func testCountsAppearInEveryFormat() {
    let renderer = DiagramRenderer(counts: [
      .established: 57, .timeWait: 40, .synRecv: 2, .newSynRecv: 1,
    ])
    let text = renderer.render(.text)
    XCTAssertTrue(text.contains("57"))
    XCTAssertTrue(text.contains("40"))
    XCTAssertTrue(
      text.contains("│       3       │"), "SYN_RECV counts request sockets too:\n\(text)")
    XCTAssertTrue(renderer.render(.dot).contains("\"ESTABLISHED\" [label=\"ESTABLISHED\\n57\"]"))
    XCTAssertTrue(renderer.render(.mermaid).contains("state \"ESTABLISHED (57)\" as ESTABLISHED"))
    XCTAssertTrue(DiagramRenderer(counts: nil).render(.text).contains("Socket counts unavailable"))
  }

  func testPictureFitsEightyColumns() {
    for line in DiagramRenderer(counts: nil).render(.text).split(separator: "\n").dropLast(2) {
      XCTAssertLessThanOrEqual(TextWrap.width(String(line)), 80, String(line))
    }
  }
}
