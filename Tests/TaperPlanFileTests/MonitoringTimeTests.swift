import TaperTestSupport
import TaperCore
import TaperPlanFile
import Testing

/// `monitoring.time` (clinical review L8): every blood test has a planned time, falls on a weekday, and a
/// baseline comes before the first dose it is for.
@Suite struct MonitoringTimeTests {
  /// The review's plan p29a: methotrexate first on a Sunday at 01:15.
  static let p29a = """
    plan: { id: p29a, start: 2027-03-22, timezone: Europe/London, weeks: 33 }
    patient: { weight_kg: 70, age: 50, group: remission }
    medications:
      - drug: prednisolone
        dose_mg: 10
        time: "01:30"
        taper: { steps: [ { dose_mg: 10, weeks: 1 }, { dose_mg: 9, weeks: 32 } ] }
      - drug: methotrexate
        dose_mg: 15
        weekday: sunday
        time: "01:15"
      - drug: folic acid
        time: "02:00"
    """

  func plan(_ yaml: String) throws -> TreatmentPlan {
    try Planner.plan(try PlanFile(text: yaml, fileName: "plan.yaml").spec)
  }

  @Test func p29aBaselineIsOnTheFridayBeforeTheSundayFirstDoseAt0900() throws {
    let plan = try plan(Self.p29a)
    let methotrexate = try #require(plan.medicines.first { $0.key == "methotrexate" })
    #expect(methotrexate.firstDate == CivilDate(iso: "2027-03-28"))
    // Every test (due on a Sunday, the methotrexate day) is on the Friday before, at 09:00.
    #expect(
      plan.monitoring.map(\.date.description) == [
        "2027-03-26", "2027-04-09", "2027-04-23", "2027-05-07", "2027-06-04", "2027-07-02", "2027-07-30",
        "2027-10-22",
      ])
    #expect(plan.monitoring.allSatisfy { $0.date.weekday == .friday && $0.time.description == "09:00" })
    let baseline = try #require(plan.monitoring.first)
    #expect(baseline.detail.contains("baseline, before the first dose"))
    #expect(!baseline.detail.contains("take the blood test before"))
    #expect(baseline.date < methotrexate.firstDate!)
  }

  @Test func aCustomTimeIsUsedForEveryTest() throws {
    let plan = try plan(Self.p29a + "\nmonitoring: { time: \"07:30\" }\n")
    #expect(!plan.monitoring.isEmpty)
    #expect(plan.monitoring.allSatisfy { $0.time == LocalTime(hour: 7, minute: 30) })
  }

  @Test(arguments: ["\"25:00\"", "\"9am\"", "\"09:00:00\""])
  func aBadTimeIsRefusedNamingTheKey(_ value: String) throws {
    do {
      _ = try PlanFile(text: Self.p29a + "\nmonitoring: { time: \(value) }\n", fileName: "plan.yaml")
      Issue.record("\(value) was accepted")
    } catch {
      #expect(error.description.contains("monitoring.time"), "\(error)")
      #expect(error.description.contains("is not a time"), "\(error)")
    }
  }
}
