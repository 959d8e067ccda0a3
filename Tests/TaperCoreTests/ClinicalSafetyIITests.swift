import TaperTestSupport
import TaperCore
import Testing

/// Issue 11: interactions, the whole corticosteroid series, kidneys, pregnancy and the seed's "for ALL patients".
@Suite struct ClinicalSafetyIITests {
  func findings(_ spec: PlanSpec) -> [String] { Planner.check(spec).map { "\($0.severity.rawValue): \($0)" } }

  /// The withdrawal rule must not flag any named protocol, at any weight or start.
  @Test(arguments: ["bands", "etg", "neuromuscular-review"])
  func namedProtocolsAreNeverFlagged(_ name: String) {
    for weight in [40.0, 55, 70, 85, 100, 130] {
      for perKg in [0.5, 0.75, 1.0] {
        let spec = makeSpec(
          group: .nonSevere, weight: weight,
          [
            med("prednisolone") {
              $0.mgPerKg = .mgPerKg(perKg)
              $0.taper = .protocol(name: name, finalDose: nil)
            },
            med("azathioprine") { $0.dose = mg(50) },
          ])
        let flagged = findings(spec).filter {
          $0.contains("falls from") || $0.contains("stops after") && $0.hasPrefix("warning")
        }
        #expect(flagged.isEmpty, "\(name) \(weight) kg \(perKg) mg/kg: \(flagged)")
      }
    }
  }

  @Test func steepCutsAndStopsAreFlaggedOnTheWholeSeries() {
    let steps = { (doses: [Double]) in
      makeSpec(
        group: .remission,
        [med("prednisolone") { $0.taper = .steps(doses.map { TaperStep(doses: [mg($0)], weeks: 4) }) }])
    }
    #expect(
      findings(steps([40, 10, 5])).contains {
        $0.contains("falls from 40 mg to 10 mg a day on 2027-01-04, a cut of 75%")
      })
    #expect(findings(steps([7.5, 2.5])).contains { $0.contains("falls from 7.5 mg to 2.5 mg") })
    #expect(
      !findings(steps([5, 2.5])).contains { $0.contains("falls from") }, "at 5 mg the 40% rule no longer applies")
    #expect(findings(steps([5, 0])).contains { $0.contains("stops after 2027-01-03") })
    #expect(
      !findings(steps([5, 2, 1, 1, 0])).contains { $0.contains("stops after") && $0.hasPrefix("warning") },
      "4 weeks below 3 mg")
    // An alternate-day regimen averaging 6 mg a day (10 mg and 2 mg) earns the steroid card (L13).
    let alternate = makeSpec(
      group: .remission, [med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(10), mg(2)], weeks: 8)]) }])
    #expect(findings(alternate).contains { $0.contains("steroid emergency card") })
  }

  @Test func interactionPartnersAreFoundUnderAnyName() {
    var spec = makeSpec(
      group: .remission,
      [
        med("Imuran") { $0.dose = mg(25) },
        other("Zyloric 100mg", "100 mg", at: "08:00"),
      ])
    spec.patient.tpmt = .normal
    #expect(findings(spec).contains { $0.hasPrefix("notice: medications[0].drug: Azathioprine (Imuran) with Zyloric") })
    spec.medications[0].dose = mg(50)
    #expect(findings(spec).contains { $0.hasPrefix("error: medications[0].dose_mg:") && $0.contains("0.5 mg/kg/day") })
    spec.medications[1].name = "Adenuric"
    #expect(findings(spec).contains { $0.hasPrefix("error:") && $0.contains("is refused: febuxostat") })
  }

  @Test func kidneysArePartOfTheMethotrexateAndIVIGRules() {
    var spec = makeSpec(
      group: .remission,
      [
        weekly("methotrexate", 15, .monday), med("folic acid"),
      ])
    spec.patient.egfr = 45
    #expect(findings(spec).contains { $0.hasPrefix("warning: medications[0].dose_mg: methotrexate with eGFR 45") })
    spec.patient.egfr = 25
    #expect(findings(spec).contains { $0.hasPrefix("error: medications[0].drug: methotrexate with eGFR 25") })
  }

  @Test func pregnancyTiersAndThePreventionPrompt() {
    var spec = makeSpec(
      group: .remission, line: 3,
      [
        med("rituximab") {
          $0.doseText = "1 g"
          $0.setBySpecialist = true
          $0.onDays = [1, 15]
        }, med("azathioprine") { $0.dose = mg(50) },
      ])
    spec.patient.pregnant = true
    spec.patient.tpmt = .normal
    #expect(
      findings(spec).contains { $0.hasPrefix("warning: medications[0].drug: Rituximab in pregnancy: limited data") })
    #expect(
      findings(spec).contains { $0.hasPrefix("notice: medications[1].drug: Azathioprine is compatible with pregnancy") }
    )
    var woman = makeSpec(group: .remission, sex: .female, [med("mycophenolate") { $0.dose = mg(1000) }])
    woman.patient.age = 30
    #expect(findings(woman).contains { $0.contains("woman of child-bearing age") })
    woman.patient.contraception = true
    #expect(!findings(woman).contains { $0.contains("woman of child-bearing age") })
  }

  @Test func theSeedsAllPatientsItemsAndCombinations() {
    #expect(
      findings(
        makeSpec(
          group: .severe,
          [
            med("prednisolone") {
              $0.mgPerKg = .mgPerKg(1)
              $0.taper = .protocol(name: "bands", finalDose: nil)
            }
          ])
      )
      .contains { $0.contains("no corticosteroid-sparing DMARD") })
    let twoCNI = makeSpec(
      group: .remission, line: 2,
      [
        med("ciclosporin") {
          $0.doseText = "100 mg"
          $0.setBySpecialist = true
          $0.times = [t("08:00"), t("20:00")]
        },
        med("tacrolimus") {
          $0.doseText = "2 mg"
          $0.setBySpecialist = true
          $0.times = [t("08:00"), t("20:00")]
        },
      ])
    #expect(findings(twoCNI).contains { $0.contains("ciclosporin with tacrolimus") })
    // The seed's own remission line-2 combination is not flagged.
    var offered = makeSpec(
      group: .remission, line: 2,
      [
        weekly("methotrexate", 15, .monday), med("folic acid"), med("mycophenolate") { $0.dose = mg(1000) },
      ])
    offered.patient.tpmt = .normal
    #expect(!findings(offered).contains { $0.contains("the seed offers two conventional DMARDs") })
  }

  @Test func aDMARDStartedPartWayGetsItsOwnBaseline() throws {
    let plan = try Planner.plan(
      makeSpec(
        group: .remission, weeks: 40,
        [
          weekly("methotrexate", 15, .monday), med("folic acid"),
          med("mycophenolate") {
            $0.dose = mg(1000)
            $0.start = .date(d("2027-04-05"))
          },
        ]))
    let dates = plan.monitoring.map(\.date.description)
    // Its baseline is on the Friday before its first dose (Monday 2027-04-05, before the 09:00 test time).
    #expect(dates.contains("2027-04-02") && dates.contains("2027-04-19") && dates.contains("2027-05-03"))
  }

  @Test func monitoringEndsWithTheDrugAndSharesABaselineWithinAWeek() throws {
    let plan = try Planner.plan(
      makeSpec(
        group: .remission, weeks: 40,
        [
          med("methotrexate") {
            $0.dose = mg(15)
            $0.weekdays = [.monday]
            $0.stop = d("2027-03-01")
          }, med("folic acid"),
          med("azathioprine") {
            $0.dose = mg(50)
            $0.start = .date(d("2026-12-10"))
          },
        ]))
    // One baseline on the first start covers azathioprine three days later.
    let baselines = plan.monitoring.filter { $0.detail.contains("baseline") }
    #expect(baselines.map(\.date.description) == ["2026-12-07"])
    #expect(baselines.first?.detail.contains("azathioprine") == true)
    // After the methotrexate stop its name leaves the blood tests; azathioprine's go on.
    let after = plan.monitoring.filter { $0.date > d("2027-03-01") }
    #expect(!after.isEmpty)
    #expect(after.allSatisfy { !$0.detail.contains("methotrexate") && $0.detail.contains("azathioprine") })
  }

  @Test func anAlternateDayWeanIsAStepAndEndsWithoutAWarning() throws {
    let spec = makeSpec(
      group: .remission,
      [
        med("prednisolone") {
          $0.taper = .steps([
            TaperStep(doses: [mg(5)], weeks: 8), TaperStep(doses: [mg(5), .zero], weeks: 4),
            TaperStep(doses: [.zero], weeks: 1),
          ])
        }
      ])
    let plan = try Planner.plan(spec)
    #expect(dose(plan, "prednisolone", on: "2027-02-01") == "5 mg")
    #expect(dose(plan, "prednisolone", on: "2027-02-02") == "")
    #expect(plan.changes.contains { $0.to == "5 mg on alternate days" })
    #expect(!findings(spec).contains { $0.hasPrefix("warning") && $0.contains("stops after") })
    // A step of only days off is a stop written the long way.
    let off = makeSpec(
      group: .remission,
      [med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(5)], weeks: 4), TaperStep(doses: [.zero, .zero], weeks: 4)]) }])
    #expect(findings(off).contains { $0.contains("a step of only 0 mg days is a stop") })
  }

  @Test func cardAndStopAreJudgedOnTheSeriesPastThePlan() {
    // 28 days at 5 mg is 4 weeks: the card, and the stop rule.
    let fourWeeks = makeSpec(
      group: .remission,
      [med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(5)], weeks: 4), TaperStep(doses: [.zero], weeks: 1)]) }])
    #expect(findings(fourWeeks).contains { $0.contains("steroid emergency card") })
    #expect(findings(fourWeeks).contains { $0.hasPrefix("warning") && $0.contains("stops after 2027-01-03") })
    // 27 days is not.
    let short = makeSpec(
      group: .remission,
      [med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(20)], weeks: 2), TaperStep(doses: [.zero], weeks: 1)]) }])
    #expect(!findings(short).contains { $0.contains("steroid emergency card") || $0.contains("stops after 2026-12-20 (") })
    // A cut the plan leaves for after its end.
    let cut = makeSpec(
      group: .remission, weeks: 4,
      [med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(40)], weeks: 6), TaperStep(doses: [mg(10)], weeks: 4)]) }])
    #expect(findings(cut).contains { $0.contains("falls from 40 mg to 10 mg a day on 2027-01-18 (after the plan's last day") })
    // A steroid that starts after the plan's end does not hide an earlier stop.
    let later = makeSpec(
      group: .remission, weeks: 12,
      [
        med("prednisolone") { $0.taper = .steps([TaperStep(doses: [mg(10)], weeks: 6), TaperStep(doses: [.zero], weeks: 1)]) },
        med("dexamethasone") {
          $0.dose = mg(0.5)
          $0.route = .systemic(.oral)
          $0.times = [t("08:00")]
          $0.start = .date(d("2027-06-07"))
        },
      ])
    #expect(findings(later).contains { $0.hasPrefix("warning") && $0.contains("stops after 2027-01-17") })
  }

  @Test func interactionsOnlyWhileThePartnerIsGivenAndNotForCreams() {
    func aza(_ partner: MedicationSpec, weight: Double = 75, dose: Double = 100) -> [String] {
      var spec = makeSpec(
        group: .remission, weight: weight,
        [
          partner,
          med("azathioprine") {
            $0.dose = mg(dose)
            $0.start = .date(d("2027-01-04"))
          },
        ])
      spec.patient.tpmt = .normal
      return findings(spec)
    }
    let stopped = { (stop: String) in
      med("other") {
        $0.name = "allopurinol"
        $0.doseText = "100 mg"
        $0.times = [t("08:00")]
        $0.stop = d(stop)
      }
    }
    #expect(!aza(stopped("2026-12-20")).contains { $0.contains("Azathioprine with") })
    #expect(aza(stopped("2026-12-30")).contains { $0.hasPrefix("error") && $0.contains("Azathioprine with Allopurinol") })
    // Below 50 kg the smallest tablet is allowed, with a warning; 50 mg is not.
    let light = stopped("2027-12-31")
    #expect(aza(light, weight: 44, dose: 25).contains { $0.hasPrefix("warning") && $0.contains("less than the smallest dose (25 mg)") })
    #expect(aza(light, weight: 44, dose: 50).contains { $0.hasPrefix("error") && $0.contains("the smallest dose, 25 mg, is the most") })
    // A cream is not an interaction partner; the oral gel is.
    func tacrolimus(_ name: String) -> [String] {
      var spec = makeSpec(
        group: .remission,
        [
          med("tacrolimus") {
            $0.doseText = "2 mg twice daily"
            $0.setBySpecialist = true
            $0.times = [t("08:00"), t("20:00")]
          },
          med("other") {
            $0.name = name
            $0.doseText = "as directed"
            $0.times = [t("08:00")]
          },
        ])
      spec.patient.line = 2
      spec.patient.previousTreatment = "azathioprine"
      return findings(spec).filter { $0.contains("CYP3A4") }
    }
    #expect(tacrolimus("miconazole cream").isEmpty)
    #expect(tacrolimus("miconazole oral gel").count == 1)
    #expect(tacrolimus("Nizoral").count == 1)
    #expect(tacrolimus("ketoconazole shampoo").isEmpty)
  }

  @Test func eGFROutsideItsRangeIsRefused() {
    for egfr in [0, 201, 500] {
      var spec = makeSpec(group: .remission, [med("azathioprine") { $0.dose = mg(50) }])
      spec.patient.egfr = egfr
      #expect(findings(spec).contains { $0.hasPrefix("error") && $0.contains("patient.egfr") })
    }
  }

  @Test func methotrexateReadsItsRouteLikeEveryOtherDrug() throws {
    func plan(_ route: String) throws -> TreatmentPlan {
      try Planner.plan(
        makeSpec(
          group: .remission,
          [
            med("methotrexate") {
              $0.dose = mg(15)
              $0.weekdays = [.monday]
              $0.route = RouteSpec(written: route)
            }, med("folic acid"),
          ]))
    }
    #expect(try plan("SC").medicines[0].route == .subcutaneous)
    #expect(try plan("s/c").medicines[0].route == .subcutaneous)
    #expect(try plan("IM").medicines[0].route == .intramuscular)
    #expect(throws: PlanRefusal.self) { try plan("IV") }
  }
}
