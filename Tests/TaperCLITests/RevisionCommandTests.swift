import Foundation
import TaperTestSupport
import Testing

/// `taper revise` and `taper diff`, run as a clinician would.
@Suite struct RevisionCommandTests {
  static let prednisolone =
    "{drug: prednisolone, dose_mg: 30, taper: {hold_weeks: 2, rules: [{above_mg: 10, reduce_mg: 5, every_weeks: 2}, "
    + "{above_mg: 5, reduce_mg: 2.5, every_weeks: 2}], final_mg: 5}}"

  @Test func reviseAppendsARevisionAndKeepsEveryByte() throws {
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("flare.yaml")
    let full = try Fixtures.text("revisions/flare.yaml")
    let original = String(full[..<full.range(of: "revisions:")!.lowerBound])
    try Data(original.utf8).write(to: file)
    let result = try runTaper([
      "revise", file.path, "--from", "2027-02-22", "--written", "2027-02-19", "--author", "Dr A. Example",
      "--reason", "Flare at week 8", "--medication", Self.prednisolone,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("wrote \(file.path): revision 2 from 2027-02-22"))
    #expect(result.stdout.contains("Prednisolone goes back up to 30 mg a day (it was 20 mg), holds it for 2 weeks"))
    let revised = try String(contentsOf: file, encoding: .utf8)
    #expect(revised.hasPrefix(original), "every byte of the file before the revision is kept")
    // The same days as the fixture written by hand.
    let mine = try runTaper(["plan", file.path, "--format", "json"])
    let fixture = try runTaper(["plan", "Fixtures/revisions/flare.yaml", "--format", "json"])
    func days(_ json: String) throws -> NSArray? {
      (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["days"] as? NSArray
    }
    #expect(try days(mine.stdout) == days(fixture.stdout))
  }

  @Test func aRefusedRevisionLeavesTheFileAsItWas() throws {
    let folder = try temporaryFolder()
    let file = folder.appendingPathComponent("azathioprine.yaml")
    let text = try Fixtures.text("revisions/azathioprine.yaml")
    try Data(text.utf8).write(to: file)
    let result = try runTaper([
      "revise", file.path, "--from", "2027-06-07", "--written", "2027-06-01", "--reason", "more",
      "--medication", "{drug: azathioprine, dose_mg: 150}",
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("revisions[1].medications[0].dose_mg: 150 mg is above the seed's maximum of 2 mg/kg/day"))
    #expect(result.stderr.contains("is unchanged"))
    #expect(try String(contentsOf: file, encoding: .utf8) == text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["azathioprine.yaml"])
  }

  @Test func diffInWordsAndAsJSON() throws {
    let text = try runTaper(["diff", "Fixtures/revisions/flare.yaml"])
    #expect(text.status == 0, "\(text.stderr)")
    try expectGolden(text.stdout, at: "diff/flare.txt")
    let json = try runTaper(["diff", "Fixtures/revisions/flare.yaml", "--from", "1", "--to", "2", "--format", "json"])
    #expect(json.status == 0)
    try expectGolden(json.stdout, at: "diff/flare.json")
    let none = try runTaper(["diff", "Fixtures/plans/severe.yaml"])
    #expect(none.status == 1)
    #expect(none.stderr.contains("there is no revision 0 to compare with") || none.stderr.contains("is not older"))
  }

  @Test func asOfShowsAnOlderRevision() throws {
    let one = try runTaper(["plan", "Fixtures/revisions/flare.yaml", "--as-of", "1"])
    #expect(one.status == 0)
    #expect(one.stdout.hasPrefix("Myositis treatment plan — plan revisions-flare-001, revision 1"))
    let missing = try runTaper(["plan", "Fixtures/revisions/flare.yaml", "--as-of", "3"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("plan.revision: there is no revision 3: the plan holds revisions 1 to 2"))
  }
}
