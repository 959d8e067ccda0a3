import Foundation
import TaperCore
import TaperPlanFile
import TaperTestSupport
import Testing

/// The plan-file writer (Yams' emitter, never strings put together) and the layout-keeping revision edit.
@Suite struct PlanFileWriterTests {
  func document(title: String, taper: PlanFileDocument.Value) -> PlanFileDocument {
    PlanFileDocument(
      comment: "Saved by a test.\nsecond line", entries: [
        ("plan", .mapping([("id", .text("w-1")), ("title", .text(title)), ("start", .scalar("2027-01-04"))])),
        ("patient", .mapping([("weight_kg", .scalar("70")), ("age", .scalar("50")), ("group", .text("non-severe"))])),
        (
          "medications",
          .list([
            .mapping([("drug", .text("prednisolone")), ("mg_per_kg", .scalar("0.5")), ("taper", taper)]),
            .mapping([
              ("drug", .text("azathioprine")), ("dose_mg", .scalar("50")), ("tablets_mg", .list([.scalar("50"), .scalar("25")])),
              ("pauses", .list([.mapping([("from", .scalar("2027-02-01")), ("to", .scalar("2027-02-03")), ("reason", .text("a: b # c"))])])),
            ]),
          ])
        ),
        ("monitoring", .mapping([("enabled", .boolean(true))])),
      ])
  }

  @Test func textThatLooksLikeYAMLStaysText() throws {
    for title in ["a \"quoted\" title", "yes", "null", "~", "1.5", "key: value # not a comment", "line\nbreak",
      "tab\there", "'single'", "- item", "[x]", "{y}", "&anchor", "*alias", "Å ñ 漢字", "\\backslash"]
    {
      let text = PlanFileWriter.text(document(title: title, taper: .yaml("{ protocol: bands }")))
      let file = try PlanFile(text: text, fileName: "w.yaml")
      #expect(file.spec.title == title, "\(title)\n\(text)")
      #expect(file.spec.medications[1].pauses.first?.reason == "a: b # c")
      #expect(file.spec.medications[1].tablets == [Mass(mg: 50), Mass(mg: 25)])
      #expect(text.hasPrefix("# Saved by a test. second line\n"))
    }
  }

  @Test func typedFlowTextIsATreeAndBadFlowTextIsRefusedWithItsKey() throws {
    let good = try PlanFile(text: PlanFileWriter.text(document(title: "t", taper: .yaml("{ protocol: bands }"))), fileName: "w.yaml")
    #expect(good.spec.medications[0].taper == .protocol(name: "bands", finalDose: nil))
    // Not YAML: written as a string, so the parser refuses it at its key (never pasted into the file).
    let text = PlanFileWriter.text(document(title: "t", taper: .yaml("{ protocol: bands\nmedications: []")))
    let error = try #require(throws: PlanFileError.self) { try PlanFile(text: text, fileName: "w.yaml") }
    #expect(error.diagnostics.contains { $0.diagnostic.path?.hasPrefix("medications[0].taper") == true })
  }

  @Test func theRevisionIsSetWhereItIsWrittenAndNothingElseMoves() throws {
    let cases: [(String, String)] = [
      ("plan:\n  id: a  # the id\n  start: 2027-01-04\n  revision: 3   # keep this\n", "plan:\n  id: a  # the id\n  start: 2027-01-04\n  revision: 12   # keep this\n"),
      ("plan:\n  id: a\n  revision: \"3\"\n", "plan:\n  id: a\n  revision: 12\n"),
      ("# top\nplan:\n    id: a\n    start: 2027-01-04\n", "# top\nplan:\n    revision: 12\n    id: a\n    start: 2027-01-04\n"),
      ("plan: { id: a, start: 2027-01-04 }\n", "plan: { revision: 12, id: a, start: 2027-01-04 }\n"),
    ]
    for (before, after) in cases {
      #expect(PlanFileWriter.settingRevision(before, to: 12) == after, "\(before)")
    }
    #expect(PlanFileWriter.settingRevision("patient: { age: 5 }\n", to: 2) == nil)
    #expect(PlanFileWriter.settingRevision("not: [yaml", to: 2) == nil)
  }

  @Test(arguments: Fixtures.planNames)
  func everyBundledPlanTakesANewRevisionWithOneLineChanged(_ name: String) throws {
    let text = try Fixtures.text("plans/\(name).yaml")
    let edited = try #require(PlanFileWriter.settingRevision(text, to: 7))
    #expect(try PlanFile(text: edited, fileName: name).spec.revision == 7)
    let a = text.split(separator: "\n", omittingEmptySubsequences: false)
    let b = edited.split(separator: "\n", omittingEmptySubsequences: false)
    // One line changed in place, or one line inserted.
    let inPlace = a.count == b.count && zip(a, b).filter { $0 != $1 }.count == 1
    let inserted = b.count == a.count + 1 && b.indices.contains { k in Array(b[..<k] + b[(k + 1)...]) == a }
    #expect(inPlace || inserted, "\(name)")
  }
}

/// Line breaks other than LF (a Windows file, NEL inside a quoted title) keep the edit on the right line.
@Test func theRevisionEditCountsLinesAsLibyamlDoes() throws {
  let crlf = "plan:\r\n  id: a\r\n  start: 2027-01-04\r\n  revision: 3\r\n"
  #expect(PlanFileWriter.settingRevision(crlf, to: 4) == "plan:\r\n  id: a\r\n  start: 2027-01-04\r\n  revision: 4\r\n")
  let inserted = PlanFileWriter.settingRevision("plan:\r\n  id: a\r\n", to: 2)
  #expect(inserted == "plan:\r\n  revision: 2\r\n  id: a\r\n")
  let nel = "plan:\n  id: a\n  title: \"a\u{85}b\"\n  revision: 1\n"
  #expect(PlanFileWriter.settingRevision(nel, to: 2) == "plan:\n  id: a\n  title: \"a\u{85}b\"\n  revision: 2\n")
}

/// A number key's value must be a plain decimal: YAML 1.1 would read `010` as octal 8.
@Test func numbersWithALeadingZeroAreRefusedWithTheirKey() throws {
  let text = "plan: { id: o, start: 2027-01-04, weeks: 010 }\npatient: { weight_kg: 70, age: 50, group: remission }\n"
    + "medications:\n  - { drug: azathioprine, dose_mg: 50, tablets_mg: [50, 025], start: 0x10 }\n"
  let error = try #require(throws: PlanFileError.self) { try PlanFile(text: text, fileName: "o.yaml") }
  let paths = Set(error.diagnostics.compactMap(\.diagnostic.path))
  #expect(paths.isSuperset(of: ["plan.weeks", "medications[0].tablets_mg", "medications[0].start"]))
  #expect(error.diagnostics.allSatisfy { !$0.diagnostic.message.contains("Context") })
  // A duplicate key names the key and its mapping's line, never the file's text.
  let dup = "plan:\n  id: d\n  revision: 1\n  revision: 2\n  start: 2027-01-04\npatient: { weight_kg: 70, age: 50, label: Smith }\n"
  let duplicate = try #require(throws: PlanFileError.self) { try PlanFile(text: dup, fileName: "d.yaml") }
  #expect(duplicate.description.contains("`revision` given twice"))
  #expect(!duplicate.description.contains("Smith"))
}
