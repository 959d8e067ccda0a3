import TaperCore
import Testing

@testable import TaperPlanFile

/// The plan file is read by hand from Yams' tree (`PlanFileReader`): YAML 1.1's scalar rules, the first value that
/// does not fit refused with what was expected and where.
@Suite struct PlanFileReaderTests {
  static func plan(_ line: String) -> String {
    """
    plan:
      id: t
      start: 2025-09-29
    patient: { weight_kg: 70, age: 50, group: remission }
    medications:
      - drug: prednisolone
        dose_mg: 5
        \(line)
    """
  }

  func refusal(_ line: String) -> String? {
    do {
      _ = try PlanFile(text: Self.plan(line), fileName: "r.yaml")
      return nil
    } catch {
      return error.diagnostics.first.map { "\($0.diagnostic)" }
    }
  }

  @Test(arguments: [
    ("tablets_mg: 5", "medications[0].tablets_mg: expected a list, found '5'"),
    ("times: \"08:00\"", "medications[0].times: expected a list, found '08:00'"),
    ("on_days: [1, x]", "medications[0].on_days[1]: expected a whole number, found 'x'"),
    ("weekday: [monday, {a: b}]", "medications[0].weekday[1]: expected text, found a mapping"),
    ("name: [a]", "medications[0].name: expected text, found a list"),
    ("taper: 5", "medications[0].taper: expected a mapping of keys, found '5'"),
    ("taper: { steps: [{ weeks: 2 }] }", "medications[0].taper.steps[0].dose_mg: the required key `dose_mg` is missing"),
    ("days: yes", "medications[0].days: expected a whole number, found 'yes'"),
    ("set_by_specialist: \"true\"", "medications[0].set_by_specialist: expected true or false, found 'true'"),
    ("set_by_specialist: tRue", "medications[0].set_by_specialist: expected true or false, found 'tRue'"),
  ])
  func aValueOfTheWrongKindSaysWhatWasExpected(_ line: String, _ message: String) {
    #expect(refusal(line) == message)
  }

  @Test func yamlScalarRules() throws {
    // YAML 1.1's booleans in their listed spellings; a plain null leaves an optional key out.
    for (word, value) in [("yes", true), ("On", true), ("TRUE", true), ("no", false), ("Off", false), ("False", false)] {
      let file = try PlanFile(text: Self.plan("name_confirmed: \(word)"), fileName: "r.yaml")
      #expect(file.spec.medications[0].nameConfirmed == value, "\(word)")
    }
    for null in ["~", "null", "NULL", ""] {
      let file = try PlanFile(text: Self.plan("instructions: \(null)"), fileName: "r.yaml")
      #expect(file.spec.medications[0].instructions == nil, "\(null)")
    }
    // A quoted null is text; a number where text is expected is its digits.
    #expect(try PlanFile(text: Self.plan("instructions: 'null'"), fileName: "r.yaml").spec.medications[0].instructions == "null")
    #expect(try PlanFile(text: Self.plan("instructions: 15"), fileName: "r.yaml").spec.medications[0].instructions == "15")
    // A start is a plan day number or a date.
    #expect(try PlanFile(text: Self.plan("start: 15"), fileName: "r.yaml").spec.medications[0].start == .day(15))
  }

  /// Whatever YAML 1.1 reads as a number must be written as a plain decimal: one sign too many, a leading dot or
  /// a leading zero is refused by name before anything is read.
  @Test(arguments: ["days: +-1:30", "tablets_mg: [.5]", "start: -010", "days: 1_0"])
  func numbersThatAreNotPlainDecimalsAreRefused(_ line: String) {
    #expect(refusal(line)?.contains("is not a plain decimal number") == true, "\(refusal(line) ?? "accepted")")
  }

  @Test func yamlNumbers() {
    #expect(PlanFileReader.yamlInteger("1_000") == 1000)
    #expect(PlanFileReader.yamlInteger("010") == 8)
    #expect(PlanFileReader.yamlInteger("0x10") == 16)
    #expect(PlanFileReader.yamlInteger("1:30") == 90)
    #expect(PlanFileReader.yamlInteger("-7") == -7)
    #expect(PlanFileReader.yamlNumber("+-1:30") == -30)  // one sign stripped, as Yams does
    #expect(PlanFileReader.yamlNumber("-1:30") == -90)
    #expect(PlanFileReader.yamlInteger("99999999999999999999") == nil)
    #expect(PlanFileReader.yamlNumber("2.5") == 2.5)
    #expect(PlanFileReader.yamlNumber(".inf") == .infinity)
    #expect(PlanFileReader.yamlNumber("fifty") == nil)
  }
}
