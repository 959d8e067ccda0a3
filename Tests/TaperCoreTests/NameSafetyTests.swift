import TaperTestSupport
import TaperCore
import Testing

/// Issue 10 in the planner: a drug is the same drug under any name, and nothing is scheduled that the
/// clinician did not choose. Each test runs the mechanism over every dictionary name, not one example.
@Suite struct NameSafetyTests {
  static let checked = DrugDictionary.all.filter { if case .checked = $0.plannedAs { true } else { false } }

  /// Any name of a checked drug, given as an `other` medicine, is refused at `name` with the `drug:` to use.
  @Test func everyCheckedNameIsRefusedAsOther() {
    for entry in Self.checked {
      for name in entry.allNames {
        let spec = makeSpec(
          group: .remission,
          [
            med("other") {
              $0.name = name
              $0.doseText = "10 mg"
              $0.times = [t("08:00")]
            }
          ])
        let errors = refusals(spec)
        #expect(
          errors.contains { $0.hasPrefix("medications[0].name:") && $0.contains("`drug: \(entry.id)`") },
          "\(name): \(errors)")
      }
    }
  }

  /// Every methotrexate name as the `drug:` key gets every methotrexate rule: twice a day, daily and on
  /// several weekdays are refused; once weekly is planned 7 days apart.
  @Test func everyMethotrexateNameKeepsTheWeeklyRule() throws {
    let names = DrugDictionary.entry(id: "methotrexate")!.allNames
    for name in names {
      expectRefused(
        makeSpec(
          group: .remission,
          [
            med(name) {
              $0.dose = mg(15)
              $0.times = [t("08:00"), t("20:00")]
            }
          ]), "once weekly")
      expectRefused(
        makeSpec(
          group: .remission,
          [
            med(name) {
              $0.dose = mg(15)
              $0.everyDays = 1
            }
          ]), "daily methotrexate can be fatal")
      expectRefused(
        makeSpec(
          group: .remission,
          [
            med(name) {
              $0.dose = mg(15)
              $0.weekdays = [.monday, .thursday]
            }
          ]))
      let plan = try Planner.plan(
        makeSpec(
          group: .remission,
          [
            med(name) {
              $0.dose = mg(15)
              $0.weekdays = [.monday]
            }, med("folic acid"),
          ]))
      let dates = plan.days.filter { day in
        day.administrations.contains { plan.medicines[$0.medicine].kind == .methotrexate }
      }
      .map(\.date)
      #expect(zip(dates, dates.dropFirst()).allSatisfy { $0.days(to: $1) == 7 }, "\(name)")
      #expect(plan.medicines[0].displayName.hasPrefix("Methotrexate"))
    }
  }

  @Test func aBrandIsShownWithItsGenericName() throws {
    let plan = try Planner.plan(
      makeSpec(
        group: .remission,
        [
          weekly("Maxtrex", 15, .monday), med("folic acid"),
        ]))
    #expect(plan.medicines[0].displayName == "Methotrexate (Maxtrex)")
    #expect(plan.medicines[0].key == "methotrexate")
  }

  /// A bidirectional control in any text field of the plan is refused, with that field named.
  @Test func bidiControlsAreRefusedInEveryTextField() {
    let rlo = "\u{202E}"
    let cases: [(String, (inout PlanSpec) -> Void)] = [
      ("plan.title", { $0.title = "Plan \(rlo)x" }),
      ("clinic.name", { $0.clinic = Clinic(name: "Clinic \(rlo)") }),
      ("clinic.phone", { $0.clinic = Clinic(phone: "0123\(rlo)") }),
      ("clinic.prescriber", { $0.clinic = Clinic(prescriber: "Dr \(rlo)A") }),
      ("patient.label", { $0.patient.label = "J\(rlo) Smith" }),
      ("patient.previous_treatment", { $0.patient.previousTreatment = "AZA\(rlo)" }),
      ("medications[0].drug", { $0.medications[0].drug = "prednisolone\(rlo)" }),
      ("medications[1].name", { $0.medications[1].name = "omeprazole \(rlo)5.0 gm" }),
      ("medications[1].dose", { $0.medications[1].doseText = "20 \(rlo)mg" }),
      ("medications[1].instructions", { $0.medications[1].instructions = "before food \(rlo)" }),
      (
        "medications[0].pauses[0].reason",
        {
          $0.medications[0].pauses = [Pause(from: d("2027-01-10"), to: d("2027-01-11"), reason: "x\(rlo)")]
        }
      ),
    ]
    for scalar in [
      "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
      "\u{200E}", "\u{200F}", "\u{061C}",
    ] {
      var spec = Self.base
      spec.title = "Plan \(scalar)"
      #expect(refusals(spec).contains { $0.hasPrefix("plan.title:") && $0.contains("bidirectional control") })
    }
    for (path, change) in cases {
      var spec = Self.base
      change(&spec)
      #expect(refusals(spec).contains { $0.hasPrefix("\(path):") && $0.contains("bidirectional control") }, "\(path)")
    }
  }

  @Test func formatCharactersAreRefusedInDrugNamesButJoinersStayInProse() throws {
    var spec = Self.base
    spec.medications[1].name = "ome\u{200D}prazole"
    #expect(refusals(spec).contains { $0.hasPrefix("medications[1].name:") && $0.contains("U+200D") })
    spec = Self.base
    spec.medications[1].instructions = "قبل\u{200C}الأكل"  // a zero-width non-joiner inside Arabic prose
    spec.patient.label = "क्\u{200D}ष"
    _ = try Planner.plan(spec)
  }

  static var base: PlanSpec {
    makeSpec(
      group: .remission,
      [
        med("prednisolone") { $0.dose = mg(5) },
        other("omeprazole", "20 mg", at: "08:00"),
      ])
  }

  // MARK: - Nothing the clinician did not choose

  @Test func specialistAndOtherMedicinesNeedASchedule() {
    for drug in SpecialistAgent.allCases.map(\.rawValue) + ["other"] {
      let entry = med(drug) {
        $0.doseText = "1 g"
        if drug == "other" { $0.name = "alendronic acid" } else { $0.setBySpecialist = true }
      }
      expectRefused(makeSpec(group: .remission, line: 3, [entry]), "has no schedule, and Taper does not choose one")
      var timed = entry
      timed.time = t("09:00")
      expectRefused(makeSpec(group: .remission, line: 3, [timed]), "`time` says when, not how often")
      var daily = entry
      daily.times = [t("09:00")]
      #expect(refusals(makeSpec(group: .remission, line: 3, [daily])).isEmpty, "\(drug)")
    }
  }

  @Test func aDailyInfusionIsFlagged() throws {
    let plan = try Planner.plan(
      makeSpec(
        group: .remission, line: 3,
        [
          med("rituximab") {
            $0.doseText = "1 g"
            $0.setBySpecialist = true
            $0.route = .systemic(.intravenous)
            $0.times = [t("09:00")]
          }
        ]))
    #expect(
      plan.notices.contains {
        $0.severity == .warning && $0.message.contains("specialist infusions are given on set days")
      })
  }

  @Test func anEmptyOrMissingWeekdayIsAnErrorNotACrash() {
    for weekdays in [[Weekday](), nil] {
      let spec = makeSpec(
        group: .remission, line: 3,
        [
          med("rituximab") {
            $0.doseText = "1 g"
            $0.setBySpecialist = true
            $0.weekdays = weekdays
            $0.everyWeeks = 2
          }
        ])
      expectRefused(spec, "medications[0].weekday", "needs its `weekday`")
    }
  }

  @Test func aNearMissCanBeConfirmedAsAnotherMedicineButAMatchCannot() throws {
    let near = other("Metotrexat", "1 tablet", at: "08:00")
    expectRefused(makeSpec(group: .remission, [near]), "did you mean `drug: methotrexate`?")
    var confirmed = near
    confirmed.nameConfirmed = true
    _ = try Planner.plan(makeSpec(group: .remission, [confirmed]))
    var exact = confirmed
    exact.name = "Maxtrex"
    expectRefused(makeSpec(group: .remission, [exact]), "give it as `drug: methotrexate`")
  }

  @Test func thePlanNeverEndsInsideACourse() {
    var spec = Self.ivig { $0.start = .day(5) }
    spec.weeks = 1
    expectRefused(spec, "plan.weeks", "inside IVIG course 1 (2026-12-11 to 2026-12-15)")
  }

  // MARK: - Infusion courses are never cut short

  static func ivig(_ configure: (inout MedicationSpec) -> Void) -> PlanSpec {
    makeSpec(
      group: .severe, height: 175, sex: .male,
      [
        med("ivig") {
          $0.days = 5
          $0.courses = 3
          configure(&$0)
        }
      ])
  }

  @Test func aStopOrPauseInsideAnIVIGCourseIsRefused() throws {
    // Courses start 2026-12-07, 2027-01-04 and 2027-02-01 (every 28 days), 5 days each.
    expectRefused(
      Self.ivig { $0.stop = d("2027-01-05") },
      "stop 2027-01-05 cuts IVIG course 2 of 3 (2027-01-04 to 2027-01-08) after 2 of its 5 days")
    expectRefused(Self.ivig { $0.stop = d("2027-01-20") }, "comes before IVIG course 3 of 3 (2027-02-01 to 2027-02-05)")
    expectRefused(
      Self.ivig { $0.pauses = [Pause(from: d("2027-01-07"), to: d("2027-01-12"))] },
      "medications[0].pauses[0]", "removes 2 of the 5 days of IVIG course 2 of 3")
    // A pause over a whole course omits it, with a warning; a stop after the last course is fine.
    let skipped = try Planner.plan(Self.ivig { $0.pauses = [Pause(from: d("2027-01-03"), to: d("2027-01-09"))] })
    #expect(skipped.notices.contains { $0.message.contains("omits IVIG course 2 of 3") })
    _ = try Planner.plan(Self.ivig { $0.stop = d("2027-02-05") })
  }

  @Test func aStopOrPauseInsideThePulseIsRefused() {
    let pulse = { (configure: (inout MedicationSpec) -> Void) in
      makeSpec([
        med("methylprednisolone") {
          $0.days = 5
          configure(&$0)
        },
        med("prednisolone") {
          $0.mgPerKg = .mgPerKg(1)
          $0.taper = .protocol(name: "bands", finalDose: nil)
        },
      ])
    }
    expectRefused(
      pulse { $0.stop = d("2026-12-08") },
      "stop 2026-12-08 cuts the pulse (2026-12-07 to 2026-12-11) after 2 of its 5 days")
    expectRefused(
      pulse { $0.pauses = [Pause(from: d("2026-12-08"), to: d("2026-12-08"))] }, "removes 1 of the 5 days of the pulse")
    expectRefused(
      pulse { $0.pauses = [Pause(from: d("2026-12-01"), to: d("2026-12-31"))] }, "removes 5 of the 5 days of the pulse")
  }

  // MARK: - IVIG per day and per course

  @Test func ivigPerDayIsMultipliedByTheDays() throws {
    let plan = try Planner.plan(
      Self.ivig {
        $0.days = 2
        $0.gPerKgPerDay = .gPerKg(1)
      })
    #expect(dose(plan, "ivig", on: "2026-12-07") == "70.0 g")
    #expect(dose(plan, "ivig", on: "2026-12-08") == "70.0 g")
    #expect(plan.medicines[0].doseBasis?.hasPrefix("1 g/kg a day × 2 days = 2 g/kg per course × 70 kg") == true)
    #expect(!plan.notices.contains { $0.message.contains("not the seed's 2 g/kg") })
    expectRefused(
      Self.ivig {
        $0.days = 5
        $0.gPerKgPerDay = .gPerKg(1)
      }, "1 g/kg a day × 5 days = 5 g/kg per course")
    expectRefused(
      Self.ivig {
        $0.gPerKgPerDay = .gPerKg(0.4)
        $0.gPerKg = .gPerKg(2)
      }, "give the dose once")
    let half = try Planner.plan(
      Self.ivig {
        $0.days = 2
        $0.gPerKg = .gPerKg(1)
      })
    #expect(
      half.notices.contains {
        $0.severity == .notice && $0.message.contains("totals 1 g/kg") && $0.message.contains("g_per_kg_per_day")
      })
  }

  // MARK: - Other corticosteroids and mycophenolic acid are checked drugs

  @Test func otherCorticosteroidsAreCheckedEntries() throws {
    let plan = try Planner.plan(
      makeSpec(
        group: .nonSevere,
        [
          med("prednisolone") { $0.dose = mg(40) },
          med("Decadron") {
            $0.dose = mg(4)
            $0.route = .systemic(.oral)
            $0.times = [t("08:00")]
          },
        ]))
    #expect(plan.medicines[1].kind == .corticosteroid(.dexamethasone))
    #expect(plan.notices.contains { $0.message.contains("26.7 mg of prednisolone per dose") })
    // (drug, mg, route, daily times, what the refusal says)
    let refused: [(String, Double, String?, [String]?, [String])] = [
      ("dexamethasone", 16, "oral", ["08:00"], ["106.7 mg of prednisolone", "80 mg/day"]),
      ("hydrocortisone", 20, nil, ["08:00"], ["needs its `route`"]),
      ("hydrocortisone", 20, "topical", ["08:00"], ["is not systemic"]),
      ("deflazacort", 6, "oral", nil, ["has no schedule"]),
    ]
    for (drug, dose, route, times, says) in refused {
      let spec = makeSpec([
        med(drug) {
          $0.dose = mg(dose)
          $0.route = route.flatMap { RouteSpec(written: $0) }
          $0.times = times?.map(t)
        }
      ])
      for text in says { expectRefused(spec, text) }
    }
  }

  @Test func mycophenolicAcidHasItsOwnConvertedLimits() throws {
    let plan = try Planner.plan(makeSpec(group: .severe, [med("Myfortic") { $0.dose = mg(720) }]))
    #expect(plan.days[0].administrations.map(\.amount.description) == ["360 mg", "360 mg"])
    expectRefused(makeSpec(group: .remission, [med("mycophenolic acid") { $0.dose = mg(3000) }]), "maximum of 2160 mg")
    expectRefused(
      makeSpec(
        group: .remission, [med("mycophenolate mofetil") { $0.dose = mg(1000) }, med("Myfortic") { $0.dose = mg(720) }]),
      "listed twice")
  }

  // MARK: - Free text that names a drug

  @Test func freeTextNamingACheckedDrugIsFlagged() throws {
    var spec = Self.base
    spec.medications[1].instructions = "Take with Maxtrex on Mondays"
    let plan = try Planner.plan(spec)
    #expect(plan.notices.contains { $0.path == "medications[1].instructions" && $0.message.contains("Methotrexate") })
    spec.medications[1].instructions = "Also take Maxtrex 15 mg every day"
    expectRefused(spec, "medications[1].instructions", "the instructions give methotrexate a daily frequency")
    spec.medications[1].instructions = nil
    spec.medications[1].doseText = "MTX15mg"
    expectRefused(spec, "medications[1].dose", "the dose text gives Methotrexate an amount")
    // A mention without an amount only warns: "20 mg while on prednisolone" is omeprazole's dose.
    spec.medications[1].doseText = "20 mg while on prednisolone"
    #expect(try Planner.plan(spec).notices.contains { $0.path == "medications[1].dose" })
    // Methotrexate's own instructions never give a daily frequency; folic acid's may say "except".
    expectRefused(
      makeSpec(
        group: .remission,
        [
          med("methotrexate") {
            $0.dose = mg(15)
            $0.weekdays = [.monday]
            $0.instructions = "Take 6 tablets every day"
          }, med("folic acid"),
        ]),
      "methotrexate's instructions give a daily frequency")
    _ = try Planner.plan(
      makeSpec(
        group: .remission,
        [
          weekly("methotrexate", 15, .monday),
          med("folic acid") {
            $0.pattern = .dailyExceptMethotrexate
            $0.instructions = "Take daily except on the methotrexate day"
          },
        ]))
    // Folic acid is defined by the methotrexate day: its instructions may say so.
    let folic = try Planner.plan(
      makeSpec(
        group: .remission,
        [
          weekly("methotrexate", 15, .monday),
          med("folic acid") { $0.instructions = "Never on the methotrexate day" },
        ]))
    #expect(!folic.notices.contains { $0.path == "medications[1].instructions" })
  }
}

func makeSpec(group: PatientGroup, line: Int, _ medications: [MedicationSpec]) -> PlanSpec {
  var spec = makeSpec(group: group, medications)
  spec.patient.line = line
  spec.patient.previousTreatment = "azathioprine ineffective"
  return spec
}
