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
      let path = PlanLocation.medication(m.index, .drug)
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
      } else if key == "prednisolone" || m.kind.isOtherCorticosteroid {
        // The seed's corticosteroid is "e.g., prednisolone": another systemic corticosteroid is the same option,
        // checked as prednisolone equivalents.
        programs[p].medicine.guideline =
          "\(here): corticosteroids continued and tapered gradually according to response (seed)"
      } else if m.kind == .methylprednisolone {
        warning(
          path,
          "the seed gives pulse methylprednisolone at severe line 1 (\"an initial course of pulse dosing of "
            + "intravenous corticosteroids … should be considered\" [4][72][93]); this plan is \(here)")
      } else if line > 1, let earlier = (1..<line).first(where: { lower in
        Guideline.options(group: group, line: lower).contains { $0.drugs.contains { $0.keys.contains(key) } }
      }) {
        // A drug of an earlier line carried on beside the new agent ("in combination with other
        // immunosuppressants") is not a deviation.
        notice(
          path,
          "\(m.displayName) is the seed's line-\(earlier) option for \(group.rawValue), continued at line \(line) beside "
            + "the new agent")
      } else {
        warning(
          path,
          "\(m.displayName) is not among the seed's options for \(here) (\(group.title)); the seed lists "
            + listed.joined(separator: ", "))
      }
    }
    if line >= 2, (patient.previousTreatment ?? "").trimmed.isEmpty {
      warning(
        .patient(.previousTreatment),
        "line \(line) is for patients whose earlier treatment was ineffective or not tolerated (seed); record what "
          + "failed or was not tolerated in \(keys.path(.patient(.previousTreatment)))")
    }
    if group != .remission, line == 1,
      !programs.contains(where: { [.prednisolone, .methylprednisolone].contains($0.medicine.kind) || $0.medicine.kind.isOtherCorticosteroid })
    {
      warning(
        .medications, "the seed's line-1 induction for \(group.rawValue) presentation is a corticosteroid; the plan has none")
    }
    applySeedCombinations(programs)
  }

  /// The seed's "for ALL patients" items and the combinations it offers.
  mutating func applySeedCombinations(_ programs: [Program]) {
    let patient = spec.patient
    let group = patient.group
    let line = patient.line
    let csDMARDs: [DrugKind] = [.methotrexate, .azathioprine, .mycophenolate, .mycophenolicAcid]
    // The corticosteroid the patient takes day by day: a premedication or a depot injection is not it.
    let oral = programs.filter {
      if case .corticosteroid = $0.medicine.kind { return $0.medicine.route == .oral }
      return $0.medicine.kind == .prednisolone
    }
    if group.isInitialPresentation {
      if line == 1, !programs.contains(where: { csDMARDs.contains($0.medicine.kind) }) {
        warning(
          .medications,
          "no corticosteroid-sparing DMARD: the seed's line 1 for \(group.rawValue) presentation adds "
            + (group == .severe ? "methotrexate or azathioprine or mycophenolate" : "methotrexate or azathioprine")
            + " — \"Treatment recommended for ALL patients in selected patient group\" [4][72][93]")
      }
      if let pulse = programs.first(where: { $0.medicine.kind == .methylprednisolone }), oral.isEmpty {
        warning(
          .medication(pulse.medicine.index, .drug),
          "the pulse is not followed by an oral corticosteroid: the seed says \"Following intravenous corticosteroid "
            + "treatment, patients should be converted to a high-dose oral corticosteroid (e.g., prednisolone)\" [72][93]")
      }
      if line >= 2, oral.isEmpty, !programs.contains(where: { $0.medicine.kind == .methylprednisolone }) {
        let injected = programs.filter {
          if case .corticosteroid = $0.medicine.kind { return true }
          return false
        }.map { "\($0.medicine.displayName) (\($0.medicine.route.rawValue))" }
        warning(
          .medications,
          "no \(injected.isEmpty ? "" : "daily oral ")corticosteroid at line \(line): the seed's line-\(line) options are \"+ corticosteroid\" — "
            + "\"Corticosteroids should be continued concomitantly and tapered gradually according to response\""
            + (injected.isEmpty
              ? ""
              : "; \(injected.joined(separator: " and ")) \(injected.count == 1 ? "is an injection" : "are injections") "
                + "(a premedication or a depot), not the daily oral corticosteroid"))
      }
    }
    // Combinations: given together means their days overlap.
    func overlap(_ a: Program, _ b: Program) -> Bool { a.overlaps(b) }
    // An `other` conventional DMARD (leflunomide) counts too.
    let dmards = programs.filter {
      csDMARDs.contains($0.medicine.kind) || ($0.medicine.kind == .other && $0.medicine.drugClass == .conventionalDMARD)
    }
    if dmards.count >= 3, dmards.allSatisfy({ d in dmards.allSatisfy { overlap(d, $0) } }) {
      warning(
        .medication(dmards[2].medicine.index, .drug),
        "three conventional DMARDs at once (\(dmards.map(\.medicine.displayName).joined(separator: ", "))): the seed "
          + "offers one at initial presentation and at most two in maintenance combinations [77]")
    } else {
      // Each pair given together (three that never all overlap are still pairs).
      for (j, a) in dmards.enumerated() {
        for b in dmards[(j + 1)...] where overlap(a, b) {
          let kinds = Set([a.medicine.kind, b.medicine.kind])
          let mmf = kinds.contains(.mycophenolate) || kinds.contains(.mycophenolicAcid)
          let offered = group == .remission && line == 2 && mmf && kinds.count == 2
          if !offered {
            warning(
              .medication(b.medicine.index, .drug),
              "\(a.medicine.displayName) with \(b.medicine.displayName): the seed offers two conventional "
                + "DMARDs together only as maintenance line 2 (\"methotrexate or azathioprine plus mycophenolate\", "
                + "consult a specialist) [77]")
          }
        }
      }
    }
    let cni = programs.filter { $0.medicine.kind.isCalcineurinInhibitor }
    if cni.count == 2, overlap(cni[0], cni[1]) {
      warning(
        .medication(cni[1].medicine.index, .drug),
        "ciclosporin with tacrolimus: two calcineurin inhibitors together are not a seed option (the seed gives "
          + "\"ciclosporin or tacrolimus\"); additive nephrotoxicity (BNF ciclosporin and tacrolimus interactions)")
    }
    let immunosuppressants = programs.filter {
      switch $0.medicine.kind {
      case .ivig, .folicAcid, .other: false
      default: true
      }
    }
    if let ivig = programs.first(where: { $0.medicine.kind == .ivig }), immunosuppressants.isEmpty, patient.pregnant != true {
      warning(
        .medication(ivig.medicine.index, .drug),
        "IVIG on its own: the seed gives IVIG \"concomitantly with other immunosuppressants\", and \"as monotherapy "
          + "in the settings of pregnancy, infection, or malignancy\" [4][93][95] — record the reason")
    }
  }
}
