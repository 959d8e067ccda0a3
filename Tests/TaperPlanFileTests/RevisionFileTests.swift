import Foundation
import Testing
import TaperCore
import TaperTestSupport
@testable import TaperPlanFile

/// `revisions:` in a plan file, and appending one to a file without touching its bytes.
@Suite struct RevisionFileTests {
  static let entry: [(String, PlanFileDocument.Value)] = [
    ("revision", .scalar("2")), ("from", .scalar("2027-02-01")), ("written", .scalar("2027-01-29")),
    ("reason", .text("Flare")),
    ("medications", .list([.yaml("{drug: prednisolone, dose_mg: 50, taper: {hold_weeks: 2, rules: [{above_mg: 20, reduce_mg: 5, every_weeks: 2}], final_mg: 20}}")])),
  ]

  @Test func aRevisionIsAppendedAndEveryByteBeforeItIsKept() throws {
    let text = try Fixtures.text("plans/severe.yaml")
    let once = try #require(PlanFileWriter.appendingRevision(text, Self.entry))
    #expect(once.hasPrefix(text))
    var second = Self.entry
    second[0] = ("revision", .scalar("3"))
    second[1] = ("from", .scalar("2027-03-01"))
    second[2] = ("written", .scalar("2027-02-26"))
    second[4] = ("stop", .list([.text("folic acid")]))
    let twice = try #require(PlanFileWriter.appendingRevision(once, second))
    #expect(twice.hasPrefix(once))
    let file = try PlanFile(text: twice, fileName: "x.yaml")
    #expect(file.spec.revisions.map(\.number) == [2, 3])
    #expect(file.spec.revisions[1].stops == ["folic acid"])
  }
}

