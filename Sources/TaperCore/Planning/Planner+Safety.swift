/// Flags from the patient's facts and the plan's other medicines: interactions, kidneys, pregnancy, TPMT and
/// plausibility. The tables are in ``SafetyTables``; every rule reads medicines by their dictionary entry, so a
/// brand or an `other` entry counts as the drug it is.
extension PlanContext {
  mutating func applyClinicalFlags(_ programs: [Program]) {
    let patient = spec.patient
    func find(_ kind: DrugKind) -> Program? { programs.first { $0.medicine.kind == kind } }
    func path(_ program: Program, _ field: MedicationSpec.Field = .drug) -> PlanLocation {
      .medication(program.medicine.index, field)
    }

    if let aza = find(.azathioprine) {
      switch patient.tpmt {
      case .absent:
        error(.patient(.tpmt), "azathioprine with absent TPMT activity is refused (contraindicated)")
      case .low where patient.allopurinol == true || programs.contains(where: {
        $0.medicine.dictionaryID == "allopurinol" && $0.medicine.localForm == nil
          && aza.overlaps($0, washoutDays: SafetyTables.interactionWashoutDays)
      }):
        warning(
          path(aza),
          "TPMT activity is low (heterozygous) and allopurinol is taken: both lower the safe azathioprine dose "
            + "(30–80% of a quarter of the usual dose), below the smallest tablet at any adult weight — a specialist "
            + "decision, with weekly blood counts (BNF; CPIC)")
      case .low:
        let highest = highestDailyDose(aza)
        // BNF: half the seed's maximum with low TPMT activity.
        let reduced = MassPerKilogram(
          microgramsPerKilogram: DoseLimits.azathioprine.maximumPerKilogram.microgramsPerKilogram / 2)
        let ceiling = reduced * patient.weight
        if highest.dose > ceiling {
          warning(
            path(aza),
            "TPMT activity is low (heterozygous): start at a reduced dose and escalate slowly — "
              + "\(highest.dose.mgText) a day is above \(reduced.mgPerKgText) (\(ceiling.mgText), half the usual "
              + "maximum) "
              + "(BNF; CPIC: 30–80% of the usual dose)")
        } else {
          warning(
            path(aza),
            "TPMT activity is low (heterozygous): keep the reduced dose and monitor the blood count closely (BNF; CPIC)"
          )
        }
      case .unknown, nil:
        warning(
          path(aza),
          (patient.tpmt == nil ? "TPMT result not recorded" : "TPMT result unknown")
            + ": await TPMT before prescribing azathioprine (BNF: measure TPMT before starting)")
      case .normal:
        break
      }
    }
    if let mtx = find(.methotrexate), find(.folicAcid) == nil {
      warning(path(mtx), "methotrexate without folic acid: the seed recommends folic acid supplementation [72]")
    }
    applyInteractions(programs)
    applyRenalRules(programs)
    applyPregnancyRules(programs)
    checkPlausibility(programs)
  }

  /// The highest daily total of a program's doses from `from` (its first day) up to a week after it settles, and
  /// the first day it is given.
  func highestDailyDose(_ program: Program, from: CivilDate? = nil) -> (dose: Mass, date: CivilDate) {
    let start = max(program.first, from ?? program.first)
    return Self.highest(dailyTotals(program, from: start), start: start)
  }

  /// The highest of `totals` (the first day it is reached), or zero on `start`.
  static func highest(_ totals: [(dose: Mass, date: CivilDate)], start: CivilDate) -> (dose: Mass, date: CivilDate) {
    var best = (dose: Mass.zero, date: start)
    for day in totals where day.dose > best.dose { best = day }
    return best
  }

  /// The program's daily totals on its active days from `start` until a week after it settles: the days a dose
  /// rule needs to look at (the regimen repeats after that).
  func dailyTotals(_ program: Program, from start: CivilDate) -> [(dose: Mass, date: CivilDate)] {
    var totals: [(dose: Mass, date: CivilDate)] = []
    var date = start
    let last = min(max(program.settled, start).adding(days: 7), program.first.adding(days: Planner.maximumDays))
    while date <= last {
      if program.isActive(on: date) {
        totals.append((program.slots(date).compactMap(\.amount.mass).reduce(Mass.zero, +), date))
      }
      date = date.adding(days: 1)
    }
    return totals
  }

  mutating func applyInteractions(_ programs: [Program]) {
    let patient = spec.patient
    for rule in SafetyTables.interactions {
      for affected in programs where rule.affected.contains(affected.medicine.dictionaryID ?? "") {
        // A partner counts on the days it is given, and for its washout after (allopurinol's effect outlasts its
        // last dose); a cream or a shampoo is not systemic.
        let given = programs.filter { p in
          p.medicine.index != affected.medicine.index && p.medicine.localForm == nil
            && (rule.partners.contains(p.medicine.dictionaryID ?? "")
              || (p.medicine.drugClass.map(rule.partnerClasses.contains) ?? false))
            && affected.overlaps(p, washoutDays: SafetyTables.interactionWashoutDays)
        }
        var partners = given.map { "\($0.medicine.displayName) (\(keys.path(.medication($0.medicine.index))))" }
        // The first day the two are taken together: the affected drug's doses before it are not at risk.
        var together = given.map { max($0.first, affected.first) }.min() ?? affected.first
        if rule.patientFact == "allopurinol", patient.allopurinol == true {
          partners.append("allopurinol (\(keys.path(.patient(.allopurinol))))")
          together = affected.first
        }
        guard !partners.isEmpty else { continue }
        let with = "\(affected.medicine.displayName) with \(partners.joined(separator: " and "))"
        let at = affected.medicine.index
        switch rule.effect {
        case .maximumPerKilogram(let limit, let reason, let smallestDose):
          let quarter = limit * patient.weight
          // Below the smallest dose that can be given (a light patient), the smallest dose is the ceiling, with
          // a warning: the alternative is no plan at all.
          let ceiling = max(quarter, smallestDose)
          // One walk over the days from the overlap: the highest dose, and the first day over the limit.
          let from = max(affected.first, together)
          let totals = dailyTotals(affected, from: from)
          let highest = Self.highest(totals, start: from)
          if highest.dose > ceiling {
            let key: PlanLocation = affected.spec(in: spec).dose.map { $0 > ceiling } == true ? .medication(at, .dose) : .increase(at, .to)
            // The first day over the limit, and how high it goes.
            let over = totals.first { $0.dose > ceiling } ?? highest
            let rising = over.dose < highest.dose ? ", rising to \(highest.dose.mgText)," : ""
            error(
              key,
              "\(with): \(over.dose.mgText) a day (from \(over.date))\(rising) is above \(limit.mgPerKgText)/day "
                + "(\(quarter.mgText) at \(patient.weight)"
                + (quarter < smallestDose ? "; the smallest dose, \(smallestDose.mgText), is the most" : "")
                + "), \(reason) — \(rule.risk) (\(rule.source))")
          } else if highest.dose > quarter {
            warning(
              .medication(at, .dose),
              "\(with): \(limit.mgPerKgText)/day is \(quarter.mgText) at \(patient.weight), less than the smallest "
                + "dose (\(smallestDose.mgText)); \(highest.dose.mgText) a day is the least that can be given — a "
                + "specialist decision, with weekly blood counts (\(rule.source))")
          } else {
            notice(
              .medication(at, .drug),
              "\(with): the dose is kept at or below \(quarter.mgText) a day (\(limit.mgPerKgText)/day, \(reason)) "
                + "(\(rule.source))")
          }
        case .refuse:
          error(.medication(at, .drug), "\(with) is refused: \(rule.risk) (\(rule.source))")
        case .warn:
          warning(.medication(at, .drug), "\(with): \(rule.risk) (\(rule.source))")
        case .notice:
          notice(.medication(at, .drug), "\(with): \(rule.risk) (\(rule.source))")
        }
      }
    }
  }

  /// The programs a patient fact applies to: all of them, or, for a fact a revision changed, those given on or after
  /// its date (stopping methotrexate from the day a pregnancy is known is the answer, not a refusal).
  func programs(_ programs: [Program], under field: PatientSpec.Field) -> [Program] {
    guard let from = spec.factsFrom[field] else { return programs }
    return programs.filter { $0.stop.map { $0 >= from } ?? true }
  }

  mutating func applyRenalRules(_ all: [Program]) {
    guard let egfr = spec.patient.egfr else { return }
    for program in programs(all, under: .egfr) {
      let at = program.medicine.index
      switch program.medicine.kind {
      case .methotrexate where egfr < SafetyTables.methotrexateRefusedBelow:
        error(
          .medication(at, .drug),
          "methotrexate with eGFR \(egfr) (below \(SafetyTables.methotrexateRefusedBelow)) is refused: it is cleared by "
            + "the kidneys (\(SafetyTables.methotrexateRenalSource))")
      case .methotrexate where egfr < SafetyTables.methotrexateReducedBelow:
        warning(
          .medication(at, .dose),
          "methotrexate with eGFR \(egfr) (30–59): give half the usual dose and monitor renal function "
            + "(\(SafetyTables.methotrexateRenalSource))")
      case .ivig where egfr < SafetyTables.ivigRenalWarningBelow:
        warning(
          .medication(at, .drug),
          "IVIG with eGFR \(egfr) (below \(SafetyTables.ivigRenalWarningBelow)): the seed names renal toxicity — use a "
            + "sucrose-free product, the slowest rate and hydration, or reconsider (seed [4][93][95]; IVIG SmPCs)")
      case .mycophenolate, .mycophenolicAcid:
        let highest = highestDailyDose(program).dose
        let limit = program.medicine.kind == .mycophenolate ? Mass(mg: 2000) : Mass(mg: 1440)
        if egfr < SafetyTables.mycophenolateRenalWarningBelow, highest > limit {
          warning(
            .medication(at, .dose),
            "\(program.medicine.kind == .mycophenolate ? "mycophenolate" : "mycophenolic acid") reaches "
              + "\(highest.mgText) a day with eGFR \(egfr) (< 30): at most "
              + (program.medicine.kind == .mycophenolate ? "1 g twice daily" : "720 mg twice daily")
              + " in severe renal impairment")
        }
      default: break
      }
    }
  }

  mutating func applyPregnancyRules(_ all: [Program]) {
    let programs = programs(all, under: .pregnant)
    let patient = spec.patient
    let source = SafetyTables.pregnancySource
    func tier(_ p: Program) -> SafetyTables.PregnancyTier? {
      let listed = p.medicine.dictionaryID.flatMap { SafetyTables.pregnancy[$0] }
      if case .corticosteroid = p.medicine.kind { return listed ?? .compatible }
      return listed
    }
    if patient.pregnant == true {
      for program in programs {
        let at = PlanLocation.medication(program.medicine.index, .drug)
        switch tier(program) {
        case .teratogen?:
          error(
            at,
            "\(program.medicine.displayName) is refused in pregnancy (teratogenic; \(source)); the seed notes IVIG may "
              + "be used as monotherapy in pregnancy [4][93][95]")
        case .limitedData?:
          warning(
            at,
            "\(program.medicine.displayName) in pregnancy: limited data — a specialist decision, weighing the mother's "
              + "disease against the risk to the baby (\(source))")
        case .compatible?:
          notice(at, "\(program.medicine.displayName) is compatible with pregnancy (\(source))")
        case .reachesTheBaby?:
          warning(
            at,
            "\(program.medicine.displayName) in pregnancy: a fluorinated corticosteroid crosses the placenta largely "
              + "unmetabolised (the placenta inactivates most prednisolone) — for the mother's disease prefer "
              + "prednisolone; dexamethasone is for the baby's indications (\(source); BNF)")
        case nil:
          break
        }
      }
      if !programs.contains(where: { $0.medicine.kind == .ivig }) {
        notice(.patient(.pregnant), "the seed notes IVIG may be used as monotherapy in pregnancy [4][93][95]")
      }
    } else if patient.sex != .male, patient.age <= SafetyTables.childBearingAgeUpTo, patient.contraception != true {
      for program in programs where tier(program) == .teratogen {
        warning(
          .medication(program.medicine.index, .drug),
          "\(program.medicine.displayName) in \(patient.sex == nil ? "a patient whose sex is not recorded, of child-bearing age" : "a woman of child-bearing age"), \(SafetyTables.childBearingAgeUpTo) or under unless postmenopausal (FSRH): confirm a negative pregnancy test and "
            + "highly effective contraception before the first dose, and record `patient.contraception: true` "
            + "(MHRA 2015 pregnancy-prevention advice for mycophenolate; methotrexate and cyclophosphamide SmPCs; \(source))"
        )
      }
    }
  }

  /// Facts that contradict each other or look mistyped.
  mutating func checkPlausibility(_ programs: [Program]) {
    let patient = spec.patient
    if patient.pregnant == true, patient.sex == .male {
      error(
        .patient(.pregnant), "pregnant: true with sex: male — one of the two facts is wrong; correct it before planning")
    }
    if let height = patient.height {
      let metres = height.centimetres / 100
      let bmi = patient.weight.kilograms / (metres * metres)
      let asPounds = patient.weight.kilograms / 2.204_62 / (metres * metres)
      if bmi > 50, (18.5...35).contains(asPounds) {
        warning(
          .patient(.weight),
          "\(patient.weight) at \(height) is a BMI of \(bmi.rounded(toPlaces: 1)); as pounds it would be "
            + "\((patient.weight.kilograms / 2.204_62).rounded(toPlaces: 1)) kg (BMI \(asPounds.rounded(toPlaces: 1))): "
            + "check that the weight is in kilograms")
      } else if bmi < 15 || bmi > 60 {
        warning(
          .patient(.weight),
          "\(patient.weight) at \(height) is a BMI of \(bmi.rounded(toPlaces: 1)), outside 15–60: check the weight and "
            + "height (weight-based doses depend on them)")
      }
    } else if patient.weight > BodyWeight(grams: SafetyTables.weightWithoutHeightCheckedAboveKg * 1000) {
      warning(
        .patient(.weight),
        "\(patient.weight) with no height: check that the weight is in kilograms (it would be "
          + "\((patient.weight.kilograms / 2.204_62).rounded(toPlaces: 1)) kg as pounds), and give \(keys.path(.patient(.height)))")
    }
    for ivig in programs where ivig.medicine.kind == .ivig {
      let course = highestDailyDose(ivig).dose.micrograms * (ivig.spec(in: spec).days ?? 1)
      if course > SafetyTables.ivigLargeCourse.micrograms {
        let stated = ivig.spec(in: spec).dosingWeight != nil
        warning(
          .medication(ivig.medicine.index, .dosingWeight),
          "an IVIG course of \(Mass(micrograms: course).gramsText) is very large: "
            + (stated ? "" : "state the dosing weight (ideal or adjusted for a high BMI) and ")
            + "check the product's maximum infusion rate and the patient's thrombosis risk (NHS England "
            + "immunoglobulin commissioning guidance: dose on a dose-determining weight)")
      }
    }
  }
}

extension Program {
  /// The plan-file entry the program was made from.
  func spec(in plan: PlanSpec) -> MedicationSpec { plan.medications[medicine.index] }
}
