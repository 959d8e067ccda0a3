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
}
