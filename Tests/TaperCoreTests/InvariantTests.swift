import TaperTestSupport
import PropertyBased
import TaperCore
import Testing

/// Property-based checks: for plans built from random but in-range choices, the invariants always hold.
@Suite struct InvariantTests {
  /// A severe or non-severe regimen chosen from the generator's numbers; valid by construction.
  static func spec(
    weight: Int, group: Int, startOffset: Int, weekday: Int, mtxSteps: Int, mgPerKgPercent: Int
  ) -> PlanSpec {
    let g: PatientGroup = [.severe, .nonSevere, .remission][group]
    let start = CivilDate(iso: "2026-01-01")!.adding(days: startOffset)
    let w = Double(weight)
    let azaTarget = Mass(micrograms: (2 * weight * 1000) / 25_000 * 25_000)
    var meds: [MedicationSpec] = []
    if g == .severe { meds.append(med("methylprednisolone") { $0.days = 3 + group % 3 }) }
    meds.append(
      med("prednisolone") {
        $0.mgPerKg = MassPerKilogram(microgramsPerKilogram: mgPerKgPercent * 10)
        $0.taper = .protocol(name: ["bands", "etg", "neuromuscular-review"][weekday % 3], finalDose: nil)
      })
    meds.append(
      med("methotrexate") {
        $0.dose = Mass(micrograms: 2500 * mtxSteps)
        $0.weekdays = [Weekday.allCases[weekday]]
        $0.increase = Escalation(by: mg(2.5), everyWeeks: 1 + weekday % 3, to: mg(25))
      })
    meds.append(med("folic acid") { $0.pattern = weekday % 2 == 0 ? .dailyExceptMethotrexate : nil })
    meds.append(
      med("azathioprine") {
        $0.dose = mg(g == .remission ? 50 : 25)
        $0.increase = Escalation(by: mg(25), everyWeeks: 2, to: max(azaTarget, mg(50)))
      })
    meds.append(med("mycophenolate mofetil") { $0.dose = mg(1000); $0.increase = Escalation(by: mg(500), everyWeeks: 1, to: mg(3000)) })
    meds.append(med("ivig") { $0.days = 2 + weekday % 4; $0.courses = 1 + mtxSteps % 4 })
    return makeSpec(group: g, weight: w, start: "\(start)", meds)
  }

  @Test func invariantsHoldForRandomPlans() async {
    await propertyCheck(
      count: 60,
      input: Gen.int(in: 40...200), Gen.int(in: 0...2), Gen.int(in: 0...1500), Gen.int(in: 0...6),
      Gen.int(in: 3...10), Gen.int(in: 50...100)
    ) { weight, group, startOffset, weekday, mtxSteps, percent in
      let spec = Self.spec(
        weight: weight, group: group, startOffset: startOffset, weekday: weekday, mtxSteps: mtxSteps,
        mgPerKgPercent: percent)
      let plan: TreatmentPlan
      do {
        plan = try Planner.plan(spec)
      } catch {
        Issue.record("refused a valid plan: \(error)")
        return
      }
      Self.checkInvariants(plan, weekday: Weekday.allCases[weekday])
    }
  }

  static func checkInvariants(_ plan: TreatmentPlan, weekday: Weekday) {
    let weight = plan.patient.weight
    var lastMtx: CivilDate?
    var predDoses: [Mass] = []
    for day in plan.days {
      // Exactly one dose per medicine and time on a date.
      let keys = day.administrations.map { "\($0.medicine) \($0.scheduledTime)" }
      #expect(Set(keys).count == keys.count, "duplicate dose on \(day.date)")
      var mmfTotal = Mass.zero
      for a in day.administrations {
        let amount = a.amount.mass ?? .zero
        switch plan.medicines[a.medicine].kind {
        case .prednisolone:
          #expect(amount <= Mass(mg: 80))
          predDoses.append(amount)
        case .methotrexate:
          #expect(day.date.weekday == weekday, "methotrexate on \(day.date)")
          #expect(amount >= Mass(micrograms: 7500) && amount <= Mass(mg: 25))
          if let last = lastMtx { #expect(last.days(to: day.date) == 7) }
          lastMtx = day.date
        case .folicAcid:
          #expect(day.date.weekday != weekday, "folic acid on the methotrexate day \(day.date)")
        case .azathioprine:
          #expect(amount <= MassPerKilogram(microgramsPerKilogram: 2000) * weight)
        case .mycophenolate:
          mmfTotal = mmfTotal + amount
        case .ivig:
          let perCourse = MassPerKilogram(microgramsPerKilogram: 2_000_000) * weight
          #expect(amount * 2 <= perCourse + Mass(micrograms: 100_000))
        case .methylprednisolone:
          #expect(amount <= Mass(mg: 1000))
          #expect(!day.administrations.contains { plan.medicines[$0.medicine].kind == .prednisolone })
        default: break
        }
      }
      #expect(mmfTotal <= Mass(mg: 3000))
    }
    // A taper never increases from one step to the next.
    #expect(zip(predDoses, predDoses.dropFirst()).allSatisfy { $1 <= $0 })
    #expect(plan.changes.filter { $0.drug == "prednisolone" }.allSatisfy { $0.isReduction })
  }
}
