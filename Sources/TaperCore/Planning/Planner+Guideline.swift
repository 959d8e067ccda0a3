/// How each medicine relates to the seed for the patient's group and line, and the clinical flags that
/// follow from the patient's facts. Deviations warn; dose limits (elsewhere) refuse.
extension PlanContext {
  /// The guideline key of a drug kind, as ``GuidelineDrug/keys`` spells it.
  static func guidelineKey(_ kind: DrugKind) -> String? {
    switch kind {
    case .methylprednisolone: "methylprednisolone"
    case .prednisolone: "prednisolone"
    case .methotrexate: "methotrexate"
    case .azathioprine: "azathioprine"
    case .mycophenolate, .mycophenolicAcid: "mycophenolate"
    case .corticosteroid(let steroid): steroid.rawValue
    case .ivig: "ivig"
    case .specialist(let agent): agent.rawValue
    case .folicAcid, .other: nil
    }
  }

  /// Matches every medicine to an option of the patient's group and line; warns on deviations.
  mutating func applyGuideline(_ programs: inout [Program]) {
    let patient = spec.patient
    let group = patient.group
    let line = patient.line
    guard (1...3).contains(line) else { return }
    let options = Guideline.options(group: group, line: line)
    let listed = options.flatMap { $0.drugs.map(\.name) }
    let here = "\(group.rawValue) line \(line)"
    for p in programs.indices {
      let m = programs[p].medicine
      let path = "medications[\(m.index)].drug"
      guard let key = Self.guidelineKey(m.kind) else {
        if m.kind == .folicAcid {
          programs[p].medicine.guideline = "supportive: folic acid supplementation is recommended with methotrexate [72]"
        }
        continue
      }
      let match = options.lazy.compactMap { option in
        option.drugs.first { $0.keys.contains(key) }.map { (option, $0) }
      }.first
      if let (option, drug) = match {
        let kindText =
          switch option.kind {
          case .plus: "plus (ALL patients)"
          case .consider: "consider (SOME patients)"
          case .induction: "induction"
          case .maintenance: "maintenance"
          }
        programs[p].medicine.guideline =
          "\(here) · \(kindText): \(option.title) — \(drug.choice.rawValue) option \(option.referenceText)"
        if m.kind == .mycophenolate && group == .severe && line == 1 {
          notice(
            path,
            patient.ild == true
              ? "mycophenolate may be considered first-line for severe IIM with interstitial lung disease [4][94]"
              : "mycophenolate is a secondary option at severe line 1 (the seed's primary options are methotrexate "
                + "or azathioprine; first-line for associated ILD [4][94])")
        }
      } else if key == "prednisolone" {
        programs[p].medicine.guideline =
          "\(here): corticosteroids continued and tapered gradually according to response (seed)"
      } else if m.kind == .methylprednisolone {
        warning(
          path,
          "the seed gives pulse methylprednisolone at severe line 1 (\"an initial course of pulse dosing of "
            + "intravenous corticosteroids … should be considered\" [4][72][93]); this plan is \(here)")
      } else {
        warning(
          path,
          "\(m.displayName) is not among the seed's options for \(here) (\(group.title)); the seed lists "
            + listed.joined(separator: ", "))
      }
    }
    if line >= 2, (patient.previousTreatment ?? "").trimmed.isEmpty {
      warning(
        "patient.previous_treatment",
        "line \(line) is for patients whose earlier treatment was ineffective or not tolerated (seed); record what "
          + "failed or was not tolerated in patient.previous_treatment")
    }
    if group != .remission, line == 1, !programs.contains(where: { $0.medicine.kind == .prednisolone }),
      !programs.contains(where: { $0.medicine.kind == .methylprednisolone })
    {
      warning(
        "medications", "the seed's line-1 induction for \(group.rawValue) presentation is a corticosteroid; the plan has none")
    }
  }

  /// Flags from the patient's facts and combinations of medicines.
  mutating func applyClinicalFlags(_ programs: [Program]) {
    let patient = spec.patient
    func find(_ kind: DrugKind) -> Program? { programs.first { $0.medicine.kind == kind } }
    if let aza = find(.azathioprine) {
      let path = "medications[\(aza.medicine.index)].drug"
      switch patient.tpmt {
      case .absent:
        error("patient.tpmt", "azathioprine with absent TPMT activity is refused (contraindicated)")
      case .low:
        warning(path, "TPMT activity is low: azathioprine needs a reduced dose (check local guidance)")
      case .unknown, nil:
        warning(path, "TPMT result not recorded: await TPMT before prescribing azathioprine")
      case .normal:
        break
      }
      if patient.allopurinol == true {
        warning(
          path, "allopurinol with azathioprine: reduce the azathioprine dose to one quarter, or avoid the combination")
      }
    }
    if let mmf = find(.mycophenolate), let egfr = patient.egfr, egfr < 30 {
      let highest = (0..<Planner.maximumDays).lazy.map { mmf.first.adding(days: $0) }
        .prefix(while: { $0 <= mmf.settled.adding(days: 7) })
        .map { date in mmf.slots(date).compactMap(\.amount.mass).reduce(Mass.zero, +) }.max() ?? .zero
      if highest > Mass(mg: 2000) {
        warning(
          "medications[\(mmf.medicine.index)].dose_mg",
          "mycophenolate reaches \(highest.mgText) a day with eGFR \(egfr) (< 30): at most 1 g twice daily in severe renal impairment")
      }
    }
    if patient.pregnant == true {
      for program in programs {
        switch program.medicine.kind {
        case .methotrexate, .mycophenolate, .specialist(.cyclophosphamide):
          error(
            "medications[\(program.medicine.index)].drug",
            "\(program.medicine.displayName) is refused in pregnancy (teratogenic); the seed notes IVIG may be used "
              + "as monotherapy in pregnancy [4][93][95]")
        default: break
        }
      }
      if find(.ivig) == nil {
        notice("patient.pregnant", "the seed notes IVIG may be used as monotherapy in pregnancy [4][93][95]")
      }
    }
    if let mtx = find(.methotrexate) {
      if find(.folicAcid) == nil {
        warning(
          "medications[\(mtx.medicine.index)].drug",
          "methotrexate without folic acid: the seed recommends folic acid supplementation [72]")
      }
      for other in programs where other.medicine.kind == .other {
        if other.medicine.drugClass == .antifolateAntibacterial {
          warning(
            "medications[\(other.medicine.index)].name",
            "\(other.medicine.displayName) with methotrexate: risk of serious bone-marrow toxicity; avoid or monitor closely")
        }
      }
    }
  }

  /// Flags that need the finished plan: the steroid emergency card and abrupt prednisolone reductions.
  mutating func applyPlanFlags(_ plan: TreatmentPlan) {
    guard let p = plan.medicines.firstIndex(where: { $0.kind == .prednisolone }) else { return }
    let path = "medications[\(plan.medicines[p].index)]"
    var run = 0
    var longest = 0
    for day in plan.days {
      let dose = day.administrations.filter { $0.medicine == p }.compactMap(\.amount.mass).reduce(Mass.zero, +)
      run = dose >= Mass(mg: 5) ? run + 1 : 0
      longest = max(longest, run)
    }
    if longest >= 28 {
      notice(
        "\(path).drug",
        "steroid emergency card: prednisolone runs at 5 mg/day or more for 4 weeks or longer — issue a steroid "
          + "emergency card and advise sick-day rules")
    }
    for change in plan.changes where change.medicine == p && change.isReduction {
      let from = Self.firstMass(change.from), to = Self.firstMass(change.to)
      guard let from else { continue }
      if from > Mass(mg: 5), to == nil || to == .zero {
        warning(
          "\(path).taper",
          "prednisolone stops on \(change.date) from \(from.mgText): below 7.5 mg the SmPC asks for slower reduction to let the adrenal axis recover")
      } else if let to, from < Mass(micrograms: 7500), to.micrograms * 2 <= from.micrograms {
        warning(
          "\(path).taper",
          "prednisolone halves on \(change.date) from \(from.mgText) to \(to.mgText): below 7.5 mg the SmPC asks for slower reduction")
      }
    }
    // A stop that is not a dose change event (the last dose, then nothing).
    if plan.medicines[p].continuation == nil, let last = plan.medicines[p].lastDate, last < plan.end,
      let day = plan.days.first(where: { $0.date == last }),
      let lastDose = day.administrations.first(where: { $0.medicine == p })?.amount.mass, lastDose > Mass(mg: 5)
    {
      warning(
        "\(path).taper",
        "prednisolone stops after \(last) from \(lastDose.mgText): the SmPC asks for gradual withdrawal after more than 3 weeks")
    }
  }

  static func firstMass(_ text: String) -> Mass? {
    let number = text.prefix { $0.isNumber || $0 == "." }
    return Double(number).flatMap(Mass.mg)
  }
}
