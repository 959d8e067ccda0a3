import TaperCore
import TaperTestSupport
import Testing

/// The clinician's prompts that come with long-term immunosuppression, each exactly at its threshold, and the
/// steroid emergency card's criterion as a value the printout and the calendar use.
@Suite struct CarePromptTests {
  func findings(_ spec: PlanSpec) -> [String] { Planner.check(spec).map { "\($0.severity.rawValue): \($0)" } }
  func held(_ dose: Double, days: Int) -> PlanSpec {
    makeSpec(
      group: .remission, weeks: 30,
      [
        med("prednisolone") {
          // The dose held, then 5 mg (below both thresholds) to the end of the plan.
          $0.taper = .steps([TaperStep(doses: [mg(dose)], weeks: days / 7), TaperStep(doses: [mg(5)], weeks: 1)])
        }
      ])
  }

  @Test func boneProtectionAt7Point5MilligramsForThreeMonths() {
    // 13 weeks (91 days) at 7.5 mg/day is 3 months; 12 weeks is not, nor 13 weeks at 7 mg.
    #expect(findings(held(7.5, days: 91)).contains { $0.hasPrefix("notice: medications[0].drug: bone protection:") && $0.contains("NOGG 2021") })
    #expect(!findings(held(7.5, days: 84)).contains { $0.contains("bone protection") })
    #expect(!findings(held(7, days: 91)).contains { $0.contains("bone protection") })
  }

  @Test func pjpProphylaxisAbove15MilligramsForMoreThanFourWeeks() {
    // 5 weeks above 15 mg/day: the prompt; 4 weeks, or 5 weeks at exactly 15 mg, do not.
    #expect(findings(held(17.5, days: 35)).contains { $0.contains("PJP prophylaxis: prednisolone runs above 15 mg/day") && $0.contains("EULAR 2022") })
    #expect(!findings(held(17.5, days: 28)).contains { $0.contains("PJP") })
    #expect(!findings(held(15, days: 35)).contains { $0.contains("PJP") })
    // With methotrexate in the plan, the prompt carries the co-trimoxazole interaction.
    let withMethotrexate = makeSpec(
      group: .nonSevere, weeks: 12,
      [
        med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(20)], weeks: 6)]) },
        med("methotrexate") { $0.dose = mg(15); $0.weekdays = [.monday] },
      ])
    let pjp = findings(withMethotrexate).first { $0.contains("PJP prophylaxis") } ?? ""
    #expect(pjp.contains("with methotrexate in this plan, co-trimoxazole"), "\(pjp)")
  }

  @Test func screeningBeforeBiologicsAndBloodPressureWithCalcineurinInhibitors() {
    let spec = makeSpec(
      group: .remission, line: 3,
      [
        med("rituximab") { $0.doseText = "1 g"; $0.setBySpecialist = true; $0.onDays = [1, 15] },
        med("tocilizumab") { $0.doseText = "162 mg"; $0.setBySpecialist = true; $0.onDays = [1, 8, 15] },
        med("tacrolimus") { $0.doseText = "2 mg"; $0.setBySpecialist = true; $0.times = [t("08:00"), t("20:00")] },
      ])
    let all = findings(spec)
    #expect(all.contains { $0.hasPrefix("notice: medications[0].drug: screening before rituximab: hepatitis B") })
    #expect(all.contains { $0.hasPrefix("notice: medications[1].drug: screening before tocilizumab: latent tuberculosis") })
    #expect(all.contains { $0.contains("screening before rituximab") && $0.contains("latent tuberculosis") && $0.contains("vaccinations") })
    #expect(all.contains { $0.hasPrefix("notice: medications[2].drug: blood pressure: tacrolimus can cause hypertension") })
    // Hepatitis B before a conventional antirheumatic drug, once per plan; no biologic screening or blood pressure.
    let azathioprine = makeSpec(group: .nonSevere, [med("azathioprine") { $0.dose = mg(50) }])
    let aza = findings(azathioprine)
    #expect(!findings(makeSpec(group: .remission, [med("azathioprine") { $0.dose = mg(50) }])).contains { $0.contains("screening before") },
      "a remission plan carries a drug already started")
    #expect(aza.filter { $0.contains("screening before") } == [
      "notice: medications[0].drug: screening before azathioprine: hepatitis B (HBsAg and anti-HBc) before starting; "
        + "consider hepatitis C and latent tuberculosis (EULAR 2022)"
    ])
    #expect(!aza.contains { $0.contains("blood pressure") })
  }

  @Test func theSteroidCardIsAValueExactlyWhenItsNoticeIs() throws {
    let four = makeSpec(
      group: .remission,
      [med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(5)], weeks: 4), TaperStep(doses: [.zero], weeks: 1)]) }])
    let card = try #require(try Planner.plan(four).steroidCard)
    #expect(card.criterion == .fiveMilligramsForFourWeeks)
    #expect(card.from == d("2026-12-07"))
    let short = makeSpec(
      group: .remission,
      [med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(20)], weeks: 2), TaperStep(doses: [.zero], weeks: 1)]) }])
    #expect(try Planner.plan(short).steroidCard == nil)
    #expect(try Planner.plan(makeSpec(group: .remission, [med("azathioprine") { $0.dose = mg(50) }])).steroidCard == nil)
    // Every bundled plan: the value and the notice agree.
    for name in Fixtures.planNames {
      let plan = try Fixtures.plan(name)
      #expect((plan.steroidCard != nil) == plan.notices.contains { $0.message.hasPrefix("steroid emergency card") }, "\(name)")
    }
  }
}
