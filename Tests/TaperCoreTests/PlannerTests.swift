import TaperCore
import TaperTestSupport
import Testing

@Suite struct PulseAndPrednisoloneTests {
  static let severe = makeSpec([
    med("methylprednisolone") { $0.days = 3 },
    med("prednisolone") {
      $0.mgPerKg = .mgPerKg(1)
      $0.taper = .rules(
        holdWeeks: 4,
        rules: [
          TaperRule(above: mg(40), reduce: mg(10), everyWeeks: 2),
          TaperRule(above: mg(20), reduce: mg(5), everyWeeks: 2),
          TaperRule(above: mg(10), reduce: mg(2.5), everyWeeks: 2),
          TaperRule(above: mg(0), reduce: mg(1), everyWeeks: 4),
        ], finalDose: mg(4))
    },
  ])

  @Test func pulseRunsDaysOneToThreeAndOralStartsTheDayAfter() throws {
    let plan = try Planner.plan(Self.severe)
    #expect(doses(plan, "methylprednisolone").map(\.0) == [d("2026-12-07"), d("2026-12-08"), d("2026-12-09")])
    #expect(dose(plan, "methylprednisolone", on: "2026-12-07") == "1000 mg")
    for day in ["2026-12-07", "2026-12-08", "2026-12-09"] {
      #expect(dose(plan, "prednisolone", on: day) == "", "no oral dose on pulse day \(day)")
    }
    #expect(doses(plan, "prednisolone").first?.0 == d("2026-12-10"))
    #expect(dose(plan, "prednisolone", on: "2026-12-10") == "70 mg")
  }

  @Test func ruleTaperStepsOnExactDates() throws {
    let plan = try Planner.plan(Self.severe)
    let steps = plan.changes.filter { $0.drug == "prednisolone" }.map { "\($0.date) \($0.to)" }
    #expect(
      steps == [
        "2027-01-07 60 mg", "2027-01-21 50 mg", "2027-02-04 40 mg", "2027-02-18 35 mg", "2027-03-04 30 mg",
        "2027-03-18 25 mg", "2027-04-01 20 mg", "2027-04-15 17.5 mg", "2027-04-29 15 mg", "2027-05-13 12.5 mg",
        "2027-05-27 10 mg", "2027-06-24 9 mg", "2027-07-22 8 mg", "2027-08-19 7 mg", "2027-09-16 6 mg",
        "2027-10-14 5 mg", "2027-11-11 4 mg",
      ])
    #expect(dose(plan, "prednisolone", on: "2027-01-06") == "70 mg")
    #expect(plan.changes.first?.summary == "Prednisolone reduces today: 70 → 60 mg")
    // Horizon: 4 weeks after the last step (2027-11-11), rounded up to whole weeks.
    #expect(plan.end == d("2027-12-12"))
    let medicine = try #require(plan.medicines.first { $0.key == "prednisolone" })
    #expect(medicine.continuation == "continue at 4 mg (once daily in the morning) until review")
    #expect(plan.days.last?.administrations.first { $0.drug == "prednisolone" }?.continuesAfterPlan == true)
  }

  @Test func startDoseIsRoundedToTabletsWithANotice() throws {
    let plan = try Planner.plan(
      makeSpec(group: .nonSevere, weight: 63.5, [med("prednisolone") { $0.mgPerKg = .mgPerKg(0.75) }]))
    #expect(dose(plan, "prednisolone", on: "2026-12-07") == "47.5 mg")
    #expect(plan.notices.contains { $0.message.contains("0.75 mg/kg × 63.5 kg = 47.625 mg, rounded to 47.5 mg") })
  }

  @Test func derivedStartAbove80IsCappedWithANotice() throws {
    let plan = try Planner.plan(makeSpec(weight: 95, [med("prednisolone") { $0.mgPerKg = .mgPerKg(1) }]))
    #expect(dose(plan, "prednisolone", on: "2026-12-07") == "80 mg")
    #expect(plan.notices.contains { $0.message.contains("capped at 80 mg") })
  }

  @Test func explicitDoseAbove80IsRefused() {
    expectRefused(
      makeSpec(weight: 120, [med("prednisolone") { $0.dose = mg(85) }]),
      "medications[0].dose_mg: 85 mg is above the seed's maximum of 80 mg/day for prednisolone")
  }

  @Test func mgPerKgOutsideTheSeedRangeIsRefused() {
    expectRefused(
      makeSpec([med("prednisolone") { $0.mgPerKg = .mgPerKg(1.5) }]),
      "medications[0].mg_per_kg: 1.5 mg/kg is outside the seed's 0.5 to 1 mg/kg/day")
  }

  @Test func oralStartOnAPulseDayIsRefused() {
    expectRefused(
      makeSpec([
        med("methylprednisolone") { $0.days = 3 },
        med("prednisolone") {
          $0.dose = mg(60)
          $0.start = .day(2)
        },
      ]), "medications[1].start", "pulse day")
  }

  @Test func pulseLimitsAreRefused() {
    expectRefused(makeSpec([med("methylprednisolone") { $0.days = 6 }]), "6 days is outside the seed's 3–5 days")
    expectRefused(
      makeSpec([med("methylprednisolone") { $0.days = 3; $0.dose = mg(1500) }]),
      "1500 mg is above the seed's (1 g daily; eTG 0.5–1 g) maximum of 1000 mg")
  }

  @Test func laterDosesThatTabletsCannotMakeAreRefused() {
    expectRefused(
      makeSpec([
        med("prednisolone") {
          $0.dose = mg(20)
          $0.tablets = [mg(5)]
          $0.taper = .rules(
            holdWeeks: 2, rules: [TaperRule(above: mg(0), reduce: mg(2.5), everyWeeks: 2)], finalDose: .zero)
        }
      ]), "medications[0].taper.rules[0]", "gives 17.5 mg, which 5 mg tablets cannot make exactly")
  }

  @Test func stepsRepeatDayByDayAndContinueAfterTheLast() throws {
    let plan = try Planner.plan(
      makeSpec(group: .remission, [
        med("prednisolone") {
          $0.taper = .steps([TaperStep(doses: [mg(10)], weeks: 1), TaperStep(doses: [mg(10), mg(7.5)], weeks: 1)])
        }
      ]))
    #expect(dose(plan, "prednisolone", on: "2026-12-13") == "10 mg")
    #expect(dose(plan, "prednisolone", on: "2026-12-14") == "10 mg")
    #expect(dose(plan, "prednisolone", on: "2026-12-15") == "7.5 mg")
    #expect(dose(plan, "prednisolone", on: "2026-12-16") == "10 mg")
    #expect(dose(plan, "prednisolone", on: "2027-02-28") != "")
  }

  @Test func stepsThatRaiseTheDoseAreRefused() {
    expectRefused(
      makeSpec(group: .remission, [
        med("prednisolone") {
          $0.taper = .steps([TaperStep(doses: [mg(10)], weeks: 2), TaperStep(doses: [mg(15)], weeks: 2)])
        }
      ]), "step 2 raises the dose", "a taper may only hold or reduce")
  }

  @Test func protocolsApplyTheirOwnCap() throws {
    let plan = try Planner.plan(
      makeSpec(weight: 78, [med("prednisolone") { $0.mgPerKg = .mgPerKg(1); $0.taper = .protocol(name: "etg", finalDose: nil) }]))
    #expect(dose(plan, "prednisolone", on: "2026-12-07") == "75 mg")
    // eTG: held 6 weeks, then −5 mg every 2 weeks to 25 mg.
    #expect(dose(plan, "prednisolone", on: "2027-01-17") == "75 mg")
    #expect(dose(plan, "prednisolone", on: "2027-01-18") == "70 mg")
    #expect(plan.notices.contains { $0.message.contains("Check local guidelines") })
    #expect(plan.medicines[0].continuation?.contains("25 mg") == true)
  }

  @Test func finalZeroStopsPrednisolone() throws {
    let plan = try Planner.plan(
      makeSpec(group: .remission, [
        med("prednisolone") {
          $0.dose = mg(3)
          $0.taper = .rules(holdWeeks: 1, rules: [TaperRule(above: .zero, reduce: mg(1), everyWeeks: 1)], finalDose: .zero)
        }
      ]))
    #expect(doses(plan, "prednisolone").last?.0 == d("2026-12-27"))
    #expect(plan.medicines[0].continuation == nil)
  }
}

@Suite struct MethotrexateTests {
  static func mtx(_ configure: (inout MedicationSpec) -> Void = { _ in }) -> MedicationSpec {
    med("methotrexate") {
      $0.dose = mg(15)
      $0.weekdays = [.monday]
      configure(&$0)
    }
  }

  @Test func onceWeeklyOnTheNamedWeekdayWithEscalation() throws {
    let plan = try Planner.plan(
      makeSpec(start: "2026-12-09", [Self.mtx { $0.increase = Escalation(by: mg(2.5), everyWeeks: 2, to: mg(20)) }]))
    let all = doses(plan, "methotrexate")
    #expect(all.allSatisfy { $0.0.weekday == .monday })
    #expect(all.first?.0 == d("2026-12-14"))
    #expect(zip(all, all.dropFirst()).allSatisfy { $0.0.days(to: $1.0) == 7 })
    #expect(dose(plan, "methotrexate", on: "2026-12-21") == "15 mg")
    #expect(dose(plan, "methotrexate", on: "2026-12-28") == "17.5 mg")
    #expect(dose(plan, "methotrexate", on: "2027-01-11") == "20 mg")
    #expect(plan.medicines[0].scheduleText == "once weekly on Monday")
    let first = try #require(plan.days.first { $0.date == d("2026-12-14") }?.administrations.first)
    #expect(first.tabletText == "6 × 2.5 mg")
  }

  @Test func dailyOrTwiceWeeklyMethotrexateIsImpossible() {
    expectRefused(makeSpec([Self.mtx { $0.everyDays = 1 }]), "medications[0].every_days", "daily methotrexate can be fatal")
    expectRefused(makeSpec([Self.mtx { $0.weekdays = [.monday, .thursday] }]), "medications[0].weekday", "2 weekdays")
    expectRefused(makeSpec([Self.mtx { $0.weekdays = nil }]), "needs exactly one `weekday`")
    expectRefused(makeSpec([Self.mtx { $0.times = [t("08:00"), t("20:00")] }]), "medications[0].times")
    expectRefused(makeSpec([Self.mtx { $0.pattern = .dailyExceptMethotrexate }]), "medications[0].pattern")
    expectRefused(makeSpec([Self.mtx { $0.everyWeeks = 2 }]), "every_weeks 2 is refused")
    expectRefused(makeSpec([Self.mtx { $0.onDays = [1, 2, 3] }]), "medications[0].on_days")
  }

  @Test func doseLimitsNameTheFieldValueAndRange() {
    expectRefused(
      makeSpec([Self.mtx { $0.dose = mg(30) }]),
      "medications[0].dose_mg: 30 mg is above the seed's maximum of 25 mg for methotrexate once weekly")
    expectRefused(makeSpec([Self.mtx { $0.dose = mg(5) }]), "5 mg is below the seed's minimum of 7.5 mg")
    expectRefused(makeSpec([Self.mtx { $0.dose = mg(12) }]), "not a multiple of 2.5 mg")
    expectRefused(
      makeSpec([Self.mtx { $0.increase = Escalation(by: mg(2.5), everyWeeks: 2, to: mg(27.5)) }]),
      "medications[0].increase.to_mg: 27.5 mg is above the seed's maximum of 25 mg once weekly")
    expectRefused(makeSpec([Self.mtx { $0.tablets = [mg(10)] }]), "2.5 mg only")
  }

  @Test func twoMethotrexatesAreRefused() {
    expectRefused(makeSpec([Self.mtx(), Self.mtx { $0.weekdays = [.thursday] }]), "medications[1].drug", "listed twice")
  }

  @Test func folicAcidIsNeverOnTheMethotrexateDay() throws {
    let plan = try Planner.plan(makeSpec([Self.mtx(), med("folic acid")]))
    let folic = doses(plan, "folic acid").map(\.0)
    #expect(!folic.isEmpty && folic.allSatisfy { $0.weekday == .tuesday })
    let daily = try Planner.plan(makeSpec([Self.mtx(), med("folic acid") { $0.pattern = .dailyExceptMethotrexate; $0.dose = mg(1) }]))
    let mtxDates = Set(doses(daily, "methotrexate").map(\.0))
    let folicDaily = doses(daily, "folic acid").map(\.0)
    #expect(folicDaily.count > 60 && folicDaily.allSatisfy { !mtxDates.contains($0) })
    expectRefused(
      makeSpec([Self.mtx(), med("folic acid") { $0.weekdays = [.monday] }]),
      "medications[1].weekday", "the methotrexate day")
  }
}

@Suite struct AzathioprineAndMycophenolateTests {
  @Test func azathioprineStartsLaterAndEscalatesToItsTarget() throws {
    let plan = try Planner.plan(
      makeSpec(group: .nonSevere, [
        med("azathioprine") {
          $0.dose = mg(50)
          $0.start = .date(d("2026-12-21"))
          $0.increase = Escalation(by: mg(25), everyWeeks: 2, to: mg(125))
        }
      ]))
    #expect(dose(plan, "azathioprine", on: "2026-12-20") == "")
    #expect(dose(plan, "azathioprine", on: "2026-12-21") == "50 mg")
    #expect(dose(plan, "azathioprine", on: "2027-01-04") == "75 mg")
    #expect(dose(plan, "azathioprine", on: "2027-01-18") == "100 mg")
    #expect(dose(plan, "azathioprine", on: "2027-02-01") == "125 mg")
    #expect(dose(plan, "azathioprine", on: "2027-02-28") == "125 mg")
    #expect(plan.end == d("2027-02-28"))
  }

  @Test func azathioprineLimits() {
    expectRefused(
      makeSpec(group: .nonSevere, [med("azathioprine") { $0.dose = mg(50); $0.increase = Escalation(by: mg(25), everyWeeks: 2, to: mg(150)) }]),
      "medications[0].increase.to_mg: 150 mg is above the seed's maximum of 2 mg/kg/day for azathioprine (140 mg at 70 kg)")
    expectRefused(
      makeSpec(group: .severe, [med("azathioprine") { $0.dose = mg(75) }]),
      "75 mg is above the seed's maximum of 50 mg for starting azathioprine at initial presentation")
    #expect(refusals(makeSpec(group: .remission, [med("azathioprine") { $0.dose = mg(100) }])).isEmpty)
  }

  @Test func mycophenolateSplitsIntoTwoDoses() throws {
    let plan = try Planner.plan(
      makeSpec(group: .remission, [med("mycophenolate mofetil") { $0.dose = mg(1500) }]))
    let first = plan.days[0].administrations.map { "\($0.time) \($0.amount)" }
    #expect(first == ["08:00 750 mg", "20:00 750 mg"])
    let unequal = try Planner.plan(
      makeSpec(group: .remission, [med("mmf") { $0.dose = mg(1500); $0.tablets = [mg(500)] }]))
    #expect(unequal.days[0].administrations.map(\.amount.description) == ["1000 mg", "500 mg"])
    let once = try Planner.plan(makeSpec(group: .severe, [med("mycophenolate") { $0.dose = mg(500) }]))
    #expect(once.days[0].administrations.map { "\($0.time) \($0.amount)" } == ["08:00 500 mg"])
  }

  @Test func mycophenolateLimits() {
    expectRefused(
      makeSpec(group: .remission, [med("mycophenolate mofetil") { $0.dose = mg(3500) }]),
      "3500 mg is above the seed's maximum of 3000 mg")
    expectRefused(
      makeSpec(group: .remission, [med("mycophenolate mofetil") { $0.dose = mg(1000); $0.time = t("08:00") }]),
      "in 2 divided doses")
    expectRefused(
      makeSpec(group: .severe, [med("mycophenolate mofetil") { $0.dose = mg(2000) }]),
      "2000 mg is above the seed's maximum of 1000 mg for starting mycophenolate")
  }
}

@Suite struct IVIGTests {
  @Test func coursesAre28DaysApartFromALeapDay() throws {
    let plan = try Planner.plan(
      makeSpec(start: "2028-02-29", [med("ivig") { $0.days = 2; $0.courses = 3 }]))
    let dates = doses(plan, "ivig").map(\.0)
    #expect(dates == [d("2028-02-29"), d("2028-03-01"), d("2028-03-28"), d("2028-03-29"), d("2028-04-25"), d("2028-04-26")])
    #expect(dose(plan, "ivig", on: "2028-02-29") == "70.0 g")
    #expect(plan.days.first?.administrations.first?.time == t("09:00"))
  }

  @Test func dosingWeightIsNeverAboveActualWeight() throws {
    // Devine IBW for a 190 cm man: 50 + 2.3 × (74.8 − 60) = 84.0 kg, above his 60 kg.
    let plan = try Planner.plan(
      makeSpec(weight: 60, height: 190, sex: .male, [med("ivig") { $0.days = 5; $0.courses = 1; $0.dosingWeight = .ideal }]))
    #expect(dose(plan, "ivig", on: "2026-12-07") == "24.0 g")
    #expect(plan.medicines[0].doseBasis?.contains("capped at the actual weight") == true)
  }

  @Test func adjustedWeightFollowsTheFormula() throws {
    // Woman, 165 cm, 100 kg: IBW = 45.5 + 2.3 × (64.96 − 60) = 56.9 kg; adjusted = 56.9 + 0.4 × 43.1 = 74.14 kg.
    let plan = try Planner.plan(
      makeSpec(weight: 100, height: 165, sex: .female, [med("ivig") { $0.days = 2; $0.courses = 1; $0.dosingWeight = .adjusted }]))
    #expect(dose(plan, "ivig", on: "2026-12-07") == "74.1 g")
  }

  @Test func ivigLimits() {
    expectRefused(makeSpec([med("ivig") { $0.days = 6; $0.courses = 1 }]), "the seed splits IVIG over 2–5 consecutive days")
    expectRefused(makeSpec([med("ivig") { $0.days = 5; $0.courses = 2; $0.everyWeeks = 3 }]), "every 3 weeks")
    expectRefused(makeSpec([med("ivig") { $0.days = 5; $0.courses = 1; $0.gPerKg = .gPerKg(2.5) }]), "2.5 g/kg")
    expectRefused(makeSpec([med("ivig") { $0.days = 5; $0.courses = 1; $0.dosingWeight = .ideal }]), "needs patient.height_cm and patient.sex")
  }
}

@Suite struct SpecialistAndOtherTests {
  @Test func specialistAgentsNeedTheSpecialistsDoseText() throws {
    let plan = try Planner.plan(
      makeSpec(group: .severe, [med("rituximab") { $0.doseText = "1 g"; $0.setBySpecialist = true; $0.onDays = [1, 15] }]))
    #expect(doses(plan, "rituximab").map { "\($0.0) \($0.1)" } == ["2026-12-07 1 g", "2026-12-21 1 g"])
    #expect(plan.medicines[0].doseChecked == false)
    expectRefused(makeSpec([med("rituximab") { $0.doseText = "1 g"; $0.onDays = [1] }]), "set_by_specialist: true")
    expectRefused(makeSpec([med("ciclosporin") { $0.dose = mg(100); $0.setBySpecialist = true }]), "never computes a dose for ciclosporin")
    expectRefused(makeSpec([med("tacrolimus") { $0.setBySpecialist = true }]), "tacrolimus needs the specialist's dose as text")
  }

  @Test func otherMedicinesAreShownNotChecked() throws {
    let plan = try Planner.plan(
      makeSpec([med("other") { $0.name = "Alendronic acid"; $0.doseText = "70 mg"; $0.weekdays = [.sunday] }]))
    #expect(doses(plan, "alendronic acid").allSatisfy { $0.0.weekday == .sunday })
    #expect(plan.medicines[0].doseChecked == false)
  }

  @Test func unknownDrugsGetASuggestion() {
    expectRefused(makeSpec([med("metotrexate") { $0.dose = mg(15) }]), "did you mean 'methotrexate'?")
  }
}

@Suite struct CalendarTests {
  @Test func aTimeSkippedBySpringForwardMovesForwardWithANotice() throws {
    let plan = try Planner.plan(
      makeSpec(start: "2027-03-27", weeks: 1, [med("azathioprine") { $0.dose = mg(50); $0.time = t("01:30") }]))
    let times = plan.days.prefix(3).map { $0.administrations.first!.time.description }
    #expect(times == ["01:30", "02:30", "01:30"])
    #expect(plan.days[1].administrations[0].scheduledTime == t("01:30"))
    #expect(plan.notices.contains { $0.message.contains("01:30 does not exist on 2027-03-28 in Europe/London") })
  }

  /// 01:30 comes twice on 2027-10-31 in London; apps disagree on which one a reminder means (RFC 5545 says
  /// the first; libical, Evolution and Thunderbird's ical.js take the second), so the clinician is told.
  @Test func aTimeRepeatedByFallBackGetsANotice() throws {
    let plan = try Planner.plan(
      makeSpec(start: "2027-10-29", weeks: 1, [med("azathioprine") { $0.dose = mg(50); $0.time = t("01:30") }]))
    #expect(plan.days.allSatisfy { $0.administrations.map(\.time) == [t("01:30")] })
    let notices = plan.notices.filter { $0.message.contains("happens twice") }
    #expect(notices.count == 1)
    #expect(
      notices.first?.message.contains(
        "01:30 happens twice on 2027-10-31 in Europe/London (the clocks go back); the dose is at the first 01:30 "
          + "(UTC+01:00), but some calendar apps (Thunderbird, Evolution) remind at the second (UTC+00:00), 60 minutes later")
        == true, "\(plan.notices)")
    // 00:30 and 02:30 happen once; Sydney's clocks go back at 03:00 to 02:00 on 2027-04-04.
    for time in ["00:30", "02:30"] {
      let once = try Planner.plan(
        makeSpec(start: "2027-10-29", weeks: 1, [med("azathioprine") { $0.dose = mg(50); $0.time = t(time) }]))
      #expect(!once.notices.contains { $0.message.contains("happens twice") }, "\(time)")
    }
    let sydney = makeSpec(
      start: "2027-04-01", timeZone: "Australia/Sydney", weeks: 1,
      [med("azathioprine") { $0.dose = mg(50); $0.time = t("02:15") }])
    #expect(
      try Planner.plan(sydney).notices.contains {
        $0.message.contains("02:15 happens twice on 2027-04-04 in Australia/Sydney") && $0.message.contains("(UTC+11:00)")
      })
  }

  @Test func dosesKeepLocalTimeAcrossBothClockChanges() throws {
    let plan = try Planner.plan(
      makeSpec(start: "2027-03-27", weeks: 32, [med("azathioprine") { $0.dose = mg(50) }]))
    #expect(plan.days.allSatisfy { $0.administrations.map(\.time) == [t("08:00")] })
    #expect(plan.days.contains { $0.date == d("2027-10-31") })
  }

  @Test func aPlanStartingOnAClockChangeDayAndCrossingTheYearHasEveryDayOnce() throws {
    let plan = try Planner.plan(
      makeSpec(start: "2027-03-28", weeks: 52, [med("azathioprine") { $0.dose = mg(50) }]))
    #expect(plan.days.count == 364)
    #expect(zip(plan.days, plan.days.dropFirst()).allSatisfy { $0.date.adding(days: 1) == $1.date })
    #expect(plan.days.map(\.number) == Array(1...364))
    #expect(plan.days.last?.date == d("2028-03-25"))
  }

  @Test func unknownTimeZonesAreRefused() {
    expectRefused(makeSpec(timeZone: "Mars/Base", [med("azathioprine") { $0.dose = mg(50) }]), "plan.timezone", "Mars/Base")
    expectRefused(makeSpec(timeZone: "GMT+5", [med("azathioprine") { $0.dose = mg(50) }]), "plan.timezone")
  }

  @Test func horizonRules() throws {
    let short = try Planner.plan(makeSpec([med("azathioprine") { $0.dose = mg(50) }]))
    #expect(short.weekCount == 12)
    let fixed = try Planner.plan(makeSpec(weeks: 20, [med("azathioprine") { $0.dose = mg(50) }]))
    #expect(fixed.end == d("2026-12-07").adding(days: 139))
    expectRefused(makeSpec(weeks: 522, [med("azathioprine") { $0.dose = mg(50) }]), "plan.weeks", "10 years")
    expectRefused(makeSpec(weeks: 0, [med("azathioprine") { $0.dose = mg(50) }]), "plan.weeks")
  }

  @Test func planIdsThatLookLikePathsAreRefused() {
    for id in ["../x", "..", ".plan1", "a/b", "", String(repeating: "x", count: 65), "name with space"] {
      var spec = makeSpec([med("azathioprine") { $0.dose = mg(50) }])
      spec.id = id
      expectRefused(spec, "plan.id")
    }
  }

  @Test func planIDRuleIsTheOneTheServerUses() {
    #expect(PlanID.isValid("demo-severe-001") && PlanID.isValid("plan.v2") && PlanID.isValid("A_1"))
    for id in ["..", ".plan1", ".", "a b", "é", ""] { #expect(!PlanID.isValid(id), "\(id)") }
    #expect(PlanID.problem(".plan1")?.contains("starts with '.'") == true)
    #expect(PlanID.problem("..")?.contains("names a folder") == true)
  }

  @Test func childrenAreRefused() {
    var spec = makeSpec([med("azathioprine") { $0.dose = mg(50) }])
    spec.patient.age = 16
    expectRefused(spec, "patient.age", "adults")
  }
}
