import TaperUnicode

extension PlanContext {
  /// Fields every medicine takes.
  static var commonFields: Set<MedicationSpec.Field> { DrugKind.commonFields }

  /// An `other` medicine's name as the prescriber wrote it ("Septra DS", "Adcal-D3"), with a capital first letter.
  static func shownName(_ name: String) -> String {
    let t = name.trimmed
    return t.prefix(1).uppercased() + t.dropFirst()
  }

  mutating func makeProgram(index i: Int, pulseEnd: CivilDate?, methotrexate: MethotrexateFacts?) -> Program? {
    let m = spec.medications[i]
    guard let identified = identities[i] else {
      error(.medication(i, .drug), DrugCatalog.unknownDrugMessage(m.drug))
      return nil
    }
    let kind = identified.kind
    var key = identified.key
    var comedication: DrugEntry?
    var localForm: String?
    if kind == .other {
      let name = m.name ?? ""
      key = name.lowercased().trimmed
      guard let resolution = otherNames[i] else { return nil }
      if let match = resolution.checkedMatch {
        let shown = "'\(visible(name.prefix(80)))'"
        let what: String
        switch match.how {
        case .exact where match.name == match.entry.id && NameFolding.nfkcCasefold(name).trimmed == match.entry.id:
          what = "\(shown) is a drug Taper checks"
        case .exact:
          let kind = match.entry.names.first { $0.text == match.name }?.kindText ?? "the generic name"
          what = "\(shown) is \(match.entry.displayName) ('\(match.name)', \(kind)), a drug Taper checks"
        case .withoutFormWords:
          what = "\(shown) is \(match.entry.displayName) ('\(match.name)' with strength, form or route words), a drug Taper checks"
        case .contained, .nearMiss:
          what = "\(shown) names \(match.entry.displayName) ('\(match.name)'), a drug Taper checks"
        }
        error(
          .medication(i, .name),
          what + ": give it as `drug: \(match.entry.id)` so its dose limits and schedule rules apply, not as an "
            + "`other` medicine")
        return nil
      }
      if let near = resolution.nearMiss, m.nameConfirmed == true {
        notice(
          .medication(i, .nameConfirmed),
          "'\(visible(name.prefix(80)))' is confirmed as a different medicine from \(near.entry.displayName)")
      } else if let near = resolution.nearMiss {
        error(
          .medication(i, .name),
          "'\(visible(name.prefix(80)))' is not a name Taper knows, and it is close to '\(near.name)' "
            + "(\(near.entry.displayName)), a drug Taper checks: did you mean `drug: \(near.entry.id)`? If it is "
            + "another medicine, check its spelling, or add `\(keys.key(.nameConfirmed)): true` (`taper drugs NAME` shows what a name resolves to)")
        return nil
      }
      comedication = resolution.entry
      localForm = resolution.localForm
      // A misspelt interaction partner counts as that partner, so its interactions still apply.
      if comedication == nil, let near = resolution.nearPartner, m.nameConfirmed != true {
        comedication = near.entry
        warning(
          .medication(i, .name),
          "'\(visible(name.prefix(80)))' is not a name Taper knows; it is close to '\(near.name)' and is taken as "
            + "\(near.entry.displayName) for the interaction rules — correct the spelling, or add "
            + "`\(keys.key(.nameConfirmed)): true` if it is another medicine")
      }
    }
    if let dose = m.dose, dose.micrograms <= 0 {
      error(.medication(i, .dose), "\(dose.mgText) is not a dose: it must be above 0")
      return nil
    }
    var ctx = MedicationContext(
      index: i, spec: m, kind: kind, key: key,
      identifiedName: kind == .other ? Self.shownName(m.name ?? "") : identified.displayName, dictionaryEntry: identified.entry ?? comedication,
      localForm: localForm)
    let before = diagnostics.count
    let program: Program?
    switch kind {
    case .methylprednisolone: program = pulseProgram(&ctx)
    case .prednisolone: program = prednisoloneProgram(&ctx, pulseEnd: pulseEnd)
    case .methotrexate: program = methotrexateProgram(&ctx)
    case .folicAcid: program = folicAcidProgram(&ctx, methotrexate: methotrexate)
    case .azathioprine: program = azathioprineProgram(&ctx)
    case .mycophenolate: program = mycophenolateProgram(&ctx)
    case .ivig: program = ivigProgram(&ctx)
    case .mycophenolicAcid: program = mycophenolateProgram(&ctx)
    case .corticosteroid(let steroid): program = corticosteroidProgram(&ctx, steroid)
    case .specialist, .other: program = textDoseProgram(&ctx)
    }
    let failed = diagnostics[before...].contains { $0.severity == .error }
    guard !failed, var program else { return nil }
    // A regimen of a revised plan gives only its own days: the one before it and the one after take the rest.
    if let segment = m.segment {
      if let from = segment.from { program.first = max(program.first, from) }
      if let until = segment.until { program.stop = min(program.stop ?? until, until) }
    }
    return program
  }

  // MARK: - Shared pieces

  /// Refuses keys the drug does not take; methotrexate gets its own, sharper, wording.
  mutating func allowKeys(_ ctx: MedicationContext) {
    let allowed = ctx.kind.fields
    for field in ctx.spec.presentFields where !allowed.contains(field) && !Self.commonFields.contains(field) {
      let at = PlanLocation.medication(ctx.index, field)
      if ctx.kind == .methotrexate, let message = methotrexateKeyMessage(field, ctx.spec) {
        error(at, message)
        continue
      }
      if ctx.kind.isSpecialist, [.dose, .mgPerKg, .gPerKg, .increase, .tablets].contains(field) {
        error(
          at,
          "Taper never computes a dose for \(ctx.key) (seed: consult specialist for guidance on dose); "
            + "enter the specialist's dose as text in `\(keys.key(.doseText))` and set `\(keys.key(.setBySpecialist)): true`")
        continue
      }
      let alternatives = allowed.subtracting(Self.commonFields).map { keys.key($0) }.sorted().joined(separator: ", ")
      error(at, "`\(keys.key(field))` does not apply to \(ctx.key) (it takes: \(alternatives))")
    }
  }

  func methotrexateKeyMessage(_ field: MedicationSpec.Field, _ m: MedicationSpec) -> String? {
    let never = "methotrexate is taken once weekly on one named weekday (seed; MHRA 2020)"
    switch field {
    case .times: return "\(never): one `\(keys.key(.time))`, never several times a day"
    case .everyDays:
      return "\(never): an interval of \(m.everyDays ?? 0) day(s) is refused — daily methotrexate can be fatal"
    case .pattern: return "\(never): pattern '\(m.pattern?.rawValue ?? "")' is refused"
    case .onDays: return "\(never): give `\(keys.key(.weekdays))`, not `\(keys.key(.onDays))`"
    case .everyWeeks:
      return m.everyWeeks == 1
        ? nil : "\(never): \(keys.key(.everyWeeks)) \(m.everyWeeks ?? 0) is refused; the interval is always 7 days"
    case .doseText:
      return "methotrexate's dose is checked against the seed: give it as `\(keys.key(.dose))` "
        + "(\(DoseLimits.methotrexate.weeklyDose.mgText) once weekly)"
    default: return nil
    }
  }

  /// The medicine's first day: `start` if given (a date or a plan day number), else `fallback`.
  mutating func startDate(_ ctx: MedicationContext, default fallback: CivilDate) -> CivilDate {
    switch ctx.spec.start {
    case nil: return fallback
    case .date(let d):
      if d < spec.start {
        error(.medication(ctx.index, .start), "\(d) is before the plan starts (\(spec.start))")
      }
      return d
    case .day(let n):
      guard (1...Planner.maximumDays).contains(n) else {
        error(.medication(ctx.index, .start), "day \(n) is not a day of the plan (day 1 is \(spec.start))")
        return fallback
      }
      return date(ofDay: n)
    }
  }

  /// Applies `stop` and `pauses` checks; returns them for the program.
  mutating func window(_ ctx: MedicationContext, first: CivilDate) -> (stop: CivilDate?, pauses: [Pause]) {
    if let stop = ctx.spec.stop, stop < first {
      error(.medication(ctx.index, .stop), "\(stop) is before the medicine starts (\(first))")
    }
    for (j, pause) in ctx.spec.pauses.enumerated() where pause.to < pause.from {
      error(.pause(ctx.index, pause: j, .to), "\(pause.to) is before the pause begins (\(pause.from))")
    }
    if ctx.kind == .prednisolone || ctx.kind.isOtherCorticosteroid, !ctx.spec.pauses.isEmpty {
      warning(
        .medication(ctx.index, .pauses),
        "pausing \(ctx.kind == .prednisolone ? "prednisolone" : ctx.displayName) stops it suddenly; after more than 3 weeks of treatment that risks adrenal "
          + "insufficiency (SmPC) — check this is intended")
    }
    return (ctx.spec.stop, ctx.spec.pauses)
  }

  /// The one time of a once-a-day medicine.
  mutating func singleTime(_ ctx: MedicationContext, default fallback: LocalTime) -> LocalTime {
    ctx.spec.time ?? fallback
  }

  /// A tablet box from `tablets_mg`, or the default; refuses empty or non-positive strengths.
  mutating func tabletBox(_ ctx: MedicationContext, default fallback: [Mass]) -> TabletBox {
    guard let given = ctx.spec.tablets else { return TabletBox(fallback) }
    if given.isEmpty || given.count > 6 {
      error(.medication(ctx.index, .tablets), "give 1–6 tablet strengths in mg, for example [5, 2.5, 1]")
      return TabletBox(fallback)
    }
    if let (j, bad) = given.enumerated().first(where: {
      $0.element < Mass(micrograms: 500) || $0.element > Mass(mg: 1000) || !$0.element.isMultiple(of: Mass(micrograms: 500))
    }) {
      error(
        .item(ctx.index, .tablets, j),
        "\(bad.mgText) is not a tablet strength Taper accepts: 0.5–1000 mg in steps of 0.5 mg")
      return TabletBox(fallback)
    }
    return TabletBox(given)
  }

  /// Checks an amount against a range and refuses it with the range and its source.
  @discardableResult
  mutating func require(
    _ value: Mass, in range: ClosedRange<Mass>, _ location: PlanLocation, what: String, source: String
  ) -> Bool {
    if value < range.lowerBound {
      error(location, "\(value.mgText) is below the \(source) minimum of \(range.lowerBound.mgText) for \(what)")
      return false
    }
    if value > range.upperBound {
      error(location, "\(value.mgText) is above the \(source) maximum of \(range.upperBound.mgText) for \(what)")
      return false
    }
    return true
  }

  /// Builds escalation segments: hold `everyWeeks` (×7 days, or per administration week for weekly
  /// drugs) from the first dose, raise by `by`, land on `to`.
  mutating func escalation(
    _ ctx: MedicationContext, start dose: Mass, from first: CivilDate, box: TabletBox?, maximum: Mass,
    maximumText: String, step: Mass? = nil
  ) -> Segments {
    var segments = Segments()
    segments.append(from: first, [dose])
    guard let inc = ctx.spec.increase else { return segments }
    let p = ctx.index
    var ok = true
    if inc.by.micrograms <= 0 { error(.increase(p, .by), "\(inc.by.mgText) is not an increase: it must be above 0"); ok = false }
    if inc.everyWeeks < 1 || inc.everyWeeks > 52 {
      error(.increase(p, .everyWeeks), "\(inc.everyWeeks) is outside 1–52 weeks"); ok = false
    }
    if inc.to < dose { error(.increase(p, .to), "\(inc.to.mgText) is below the starting dose of \(dose.mgText)"); ok = false }
    if inc.to > maximum { error(.increase(p, .to), "\(inc.to.mgText) is above \(maximumText)"); ok = false }
    if let step, !inc.by.isMultiple(of: step) || !inc.to.isMultiple(of: step) {
      error(
        .medication(p, .increase),
        "\(ctx.key) doses go in steps of \(step.mgText); \(keys.key(.increase(p, .by))) and \(keys.key(.increase(p, .to))) must be multiples of it")
      ok = false
    }
    guard ok else { return segments }
    // "Increase gradually" (seed): steps faster than the sources' titration are flagged, per week of hold.
    let fastest: (Mass, String)? =
      switch ctx.kind {
      case .methotrexate: (Mass(micrograms: 2500), "Metoject SmPC: increase in steps of 2.5 mg a week")
      case .mycophenolate: (Mass(mg: 500), "NHS shared-care protocol: increase by 500 mg a week")
      case .mycophenolicAcid: (Mass(mg: 360), "500 mg of mofetil a week, converted")
      case .azathioprine: (Mass(mg: 50), "shared-care protocols: weekly steps of at most 50 mg; US label 0.5 mg/kg every 4 weeks")
      default: nil
      }
    if let (limit, source) = fastest, inc.by.micrograms > limit.micrograms * inc.everyWeeks {
      warning(
        .increase(p, .by),
        "+\(inc.by.mgText) every \(inc.everyWeeks) week\(inc.everyWeeks == 1 ? "" : "s") is faster than "
          + "\(limit.mgText) a week: the seed says \"increase gradually according to response\" (\(source))")
    }
    var current = dose
    var k = 1
    while current < inc.to {
      current = min(current + inc.by, inc.to)
      if let box, !box.canMake(current) {
        error(
          .medication(p, .increase), "the escalation reaches \(current.mgText), which \(box.text) tablets cannot make exactly")
        break
      }
      segments.append(from: first.adding(days: 7 * inc.everyWeeks * k), [current])
      k += 1
    }
    return segments
  }
}

/// Facts about the medicine entry being planned.
struct MedicationContext {
  var index: Int
  var spec: MedicationSpec
  var kind: DrugKind
  var key: String
  /// The printed name of a checked drug as the dictionary resolved it ("Methotrexate (Maxtrex)").
  var identifiedName: String?
  /// The dictionary entry: the checked drug's, or the co-medication an `other` name resolved to.
  var dictionaryEntry: DrugEntry?
  /// A local form in an `other` medicine's name ("cream", "shampoo").
  var localForm: String? = nil

  var displayName: String { identifiedName ?? DrugCatalog.displayName(kind, key: key) }

  /// A revision's later regimen of a medicine the patient already takes (no start-of-treatment limits).
  var isContinuation: Bool { spec.segment?.isContinuation == true }

  /// The weight the medicine's doses are computed on: the patient's, or, in a revised plan, the weight when its
  /// regimen began (a running taper is not re-based on a new weight).
  func weight(_ plan: PlanSpec) -> BodyWeight { spec.segment?.weight ?? plan.patient.weight }

  func medicine(route: Route, times: [LocalTime], schedule: String, instructions: [String]) -> Medicine {
    var all = instructions
    if let extra = spec.instructions, !extra.trimmed.isEmpty { all.append(extra.trimmed) }
    let checked: Bool
    switch kind {
    case .specialist, .other: checked = false
    default: checked = true
    }
    return Medicine(
      index: index, key: key, displayName: displayName, kind: kind, route: route, times: times,
      scheduleText: schedule, instructions: all, safetyNotes: DrugCatalog.safetyNotes(kind),
      doseChecked: checked, firstDate: nil, lastDate: nil, continuation: nil,
      durationMinutes: nil, doseBasis: nil, dictionaryID: dictionaryEntry?.id,
      drugClass: dictionaryEntry?.drugClass, localForm: localForm)
  }
}

extension DrugKind {
  var isSpecialist: Bool {
    if case .specialist = self { return true }
    return false
  }

  /// Ciclosporin or tacrolimus: trough levels, and never the two together.
  var isCalcineurinInhibitor: Bool { self == .specialist(.ciclosporin) || self == .specialist(.tacrolimus) }

  /// A systemic corticosteroid other than prednisolone and the pulse (dexamethasone, hydrocortisone…).
  var isOtherCorticosteroid: Bool {
    if case .corticosteroid = self { return true }
    return false
  }
}

/// "08:00 and 20:00".
func timesText(_ times: [LocalTime]) -> String {
  let t = times.map(\.description)
  guard t.count > 1 else { return t.first ?? "" }
  return t.dropLast().joined(separator: ", ") + " and " + t.last!
}
