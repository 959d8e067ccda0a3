extension PlanContext {
  mutating func prednisoloneProgram(_ ctx: inout MedicationContext, pulseEnd: CivilDate?) -> Program? {
    allowKeys(ctx)
    let p = ctx.index
    let box = tabletBox(ctx, default: [Mass(mg: 5), Mass(micrograms: 2500), Mass(mg: 1)])
    let limits = DoseLimits.prednisolone
    let seedCap = limits.maximumDaily
    let seedCapText = "the seed's maximum of \(seedCap.mgText)/day"
    var chosen: TaperProtocol?
    if case .protocol(let name, _) = ctx.spec.taper {
      chosen = TaperProtocol.named(name)
      if chosen == nil {
        let hint = suggestion(for: name, among: TaperProtocol.all.map(\.name))
        error(
          .taper(p, .protocol),
          "'\(name)' is not a taper protocol Taper knows (\(TaperProtocol.all.map(\.name).joined(separator: ", ")))"
            + (hint.map { "; did you mean '\($0)'?" } ?? ""))
        return nil
      }
    }
    let cap = min(seedCap, chosen?.cap ?? seedCap)
    let capSource =
      cap < seedCap
      ? "the \(chosen!.name) protocol's cap of \(cap.mgText) (and the seed's \(seedCap.mgText)/day)" : seedCapText
    let weight = ctx.weight(spec)

    // The starting dose.
    var start: Mass?
    if ctx.spec.mgPerKg != nil && ctx.spec.dose != nil {
      error(.medication(p, .mgPerKg), "give either `\(keys.key(.mgPerKg))` or `\(keys.key(.dose))`, not both")
      return nil
    }
    if let rate = ctx.spec.mgPerKg {
      let range = limits.startPerKilogram
      guard range.contains(rate) else {
        error(
          .medication(p, .mgPerKg),
          "\(rate.mgPerKgText) is outside the seed's "
            + "\(Mass.decimalText(range.lowerBound.microgramsPerKilogram, scale: 1000)) to "
            + "\(range.upperBound.mgPerKgText)/day for prednisolone")
        return nil
      }
      let exact = rate * weight
      guard let rounded = box.nearestDose(to: exact) else {
        error(.medication(p, .tablets), "\(box.text) tablets cannot make a dose near \(exact.mgText)")
        return nil
      }
      if rounded != exact {
        notice(
          .medication(p, .mgPerKg),
          "\(rate.mgPerKgText) × \(weight) = \(exact.mgText), rounded to \(rounded.mgText), the nearest dose "
            + "\(box.text) tablets make")
      }
      start = rounded
      if rounded > cap {
        var capped = cap
        while capped > .zero && !box.canMake(capped) { capped = capped - Mass(micrograms: 500) }
        start = capped
        notice(
          .medication(p, .mgPerKg),
          "starting dose capped at \(capped.mgText): \(rounded.mgText) is above \(capSource)")
      }
    } else if let dose = ctx.spec.dose {
      if dose > seedCap {
        error(.medication(p, .dose), "\(dose.mgText) is above \(seedCapText) for prednisolone")
        return nil
      }
      if dose > cap {
        error(.medication(p, .dose), "\(dose.mgText) is above \(capSource)")
        return nil
      }
      if dose.micrograms <= 0 {
        error(.medication(p, .dose), "\(dose.mgText) is not a dose")
        return nil
      }
      let perKg = Double(dose.micrograms) / weight.kilograms / 1000
      // The 0.5–1 mg/kg range is for starting; a revision's new regimen (a re-escalation for a flare among them)
      // keeps the 80 mg/day cap and every other rule.
      if perKg > limits.startPerKilogram.upperBound.mgPerKgValue + 0.0001 && !ctx.isContinuation {
        error(
          .medication(p, .dose),
          "\(dose.mgText) is \(perKg.rounded(toPlaces: 2)) mg/kg at \(weight), above the seed's "
            + "\(limits.startPerKilogram.upperBound.mgPerKgText)/day for prednisolone")
        return nil
      }
      // The initial 0.5–1 mg/kg range is for starting at line 1; at lines 2–3 corticosteroids are "continued
      // concomitantly and tapered" from wherever they are (seed), so a lower dose there is no deviation.
      if perKg < limits.startPerKilogram.lowerBound.mgPerKgValue - 0.0001 && spec.patient.group.isInitialPresentation
        && spec.patient.line == 1 && !ctx.isContinuation
      {
        warning(
          .medication(p, .dose),
          "\(dose.mgText) is \(perKg.rounded(toPlaces: 2)) mg/kg at \(weight), below the seed's initial "
            + "\(limits.startPerKilogram.mgPerKgText)/day")
      }
      if !box.canMake(dose) {
        error(.medication(p, .dose), "\(dose.mgText) cannot be made from \(box.text) tablets")
        return nil
      }
      start = dose
    }

    // The first oral day: never on a pulse day.
    let first: CivilDate
    if let pulseEnd {
      let dayAfter = pulseEnd.adding(days: 1)
      first = startDate(ctx, default: dayAfter)
      if ctx.spec.start != nil && first <= pulseEnd {
        error(
          .medication(p, .start),
          "\(first) is a pulse day: oral prednisolone starts after the methylprednisolone course is completed "
            + "(seed), on \(dayAfter) or later")
        return nil
      }
    } else {
      first = startDate(ctx, default: spec.start)
    }
    let window = window(ctx, first: first)

    // The taper.
    var segments = Segments()
    switch ctx.spec.taper {
    case nil:
      guard let start else {
        error(.medication(p, .mgPerKg), "prednisolone needs `\(keys.key(.mgPerKg))` (\(Self.startRangeText), seed) or `\(keys.key(.dose))`")
        return nil
      }
      segments.append(from: first, [start])
      if spec.patient.group.isInitialPresentation {
        warning(
          .medication(p, .taper),
          "no taper: the seed tapers prednisolone according to response; the plan holds \(start.mgText) throughout")
      }
    case .rules(let hold, let rules, let final):
      guard let start else {
        error(
          .medication(p, .mgPerKg),
          "a rule taper needs the starting dose: `\(keys.key(.mgPerKg))` (\(Self.startRangeText), seed) or `\(keys.key(.dose))`")
        return nil
      }
      guard checkRules(p, rules: rules, hold: hold, final: final, box: box),
        let s = ruleSegments(p, start: start, first: first, hold: hold, rules: rules, final: final, box: box)
      else { return nil }
      segments = s
    case .protocol(_, let finalOverride):
      guard let start, let chosen else {
        error(
          .medication(p, .mgPerKg),
          "a taper protocol needs the starting dose: `\(keys.key(.mgPerKg))` (\(Self.startRangeText), seed) or `\(keys.key(.dose))`")
        return nil
      }
      let final = finalOverride ?? chosen.finalDose
      if final.micrograms < 0 || (final > .zero && !box.canMake(final)) {
        error(.taper(p, .finalDose), "\(final.mgText) cannot be made from \(box.text) tablets")
        return nil
      }
      notice(
        .taper(p, .protocol),
        "taper protocol '\(chosen.name)': \(chosen.title). Source: \(chosen.source). Check local guidelines: "
          + "the seed says corticosteroid regimens vary")
      if final > limits.usualMaintenanceBelow {
        notice(
          .taper(p, .protocol),
          "protocol '\(chosen.name)' never goes below \(final.mgText): the seed's usual maintenance dose is "
            + "<\(limits.usualMaintenanceBelow.mgText)/day and "
            + "its aim is to \"either stop the oral corticosteroid or maintain a low maintenance dose\" — plan the "
            + "reduction below \(final.mgText) at review")
      }
      guard
        let s = ruleSegments(
          p, start: start, first: first, hold: chosen.holdWeeks, rules: chosen.rules, final: final, box: box)
      else { return nil }
      segments = s
    case .steps(let steps):
      guard let s = stepSegments(p, steps: steps, start: start, first: first, cap: cap, capSource: capSource, box: box)
      else { return nil }
      segments = s
    }

    let time = singleTime(ctx, default: LocalTime(hour: 8, minute: 0)!)
    let medicine = ctx.medicine(
      route: .oral, times: [time], schedule: "once daily in the morning",
      instructions: ["Take as a single dose in the morning, with breakfast."])
    var program = dailyProgram(medicine, first: first, window: window, segments: segments, box: box, time: time)
    if segments.stops { program.settled = segments.settled ?? first }
    return program
  }

  /// "0.5–1": the seed's starting mg/kg, as the messages that ask for `mg_per_kg` write it.
  static var startRangeText: String {
    let range = DoseLimits.prednisolone.startPerKilogram
    return Mass.decimalText(range.lowerBound.microgramsPerKilogram, scale: 1000) + "–"
      + Mass.decimalText(range.upperBound.microgramsPerKilogram, scale: 1000)
  }

  mutating func checkRules(_ p: Int, rules: [TaperRule], hold: Int, final: Mass, box: TabletBox) -> Bool {
    var ok = true
    if rules.isEmpty {
      error(.taper(p, .rules), "a rule taper needs at least one rule")
      ok = false
    }
    if !(1...52).contains(hold) {
      error(.taper(p, .holdWeeks), "\(hold) weeks is outside 1–52 weeks for holding the starting dose")
      ok = false
    }
    let maximum = DoseLimits.prednisolone.maximumDaily
    if final.micrograms < 0 || final > maximum {
      error(.taper(p, .finalDose), "\(final.mgText) is outside 0–\(maximum.mgText)")
      ok = false
    } else if final > .zero && !box.canMake(final) {
      error(.taper(p, .finalDose), "\(final.mgText) cannot be made from \(box.text) tablets")
      ok = false
    }
    for (j, rule) in rules.enumerated() {
      if rule.above.micrograms < 0 { error(.taperRule(p, rule: j, .above), "\(rule.above.mgText) is below 0"); ok = false }
      if rule.reduce.micrograms <= 0 {
        error(.taperRule(p, rule: j, .reduce), "\(rule.reduce.mgText) is not a reduction: it must be above 0")
        ok = false
      }
      if !(1...52).contains(rule.everyWeeks) {
        error(.taperRule(p, rule: j, .everyWeeks), "\(rule.everyWeeks) weeks is outside 1–52 weeks")
        ok = false
      }
      if j > 0 && rule.above >= rules[j - 1].above {
        error(
          .taperRule(p, rule: j, .above),
          "rules go from the highest dose band to the lowest: \(rule.above.mgText) is not below \(rules[j - 1].above.mgText)")
        ok = false
      }
    }
    return ok
  }

  /// "While the dose is above X: hold it N weeks, then reduce by S, never below X (nor below the final dose)."
  mutating func ruleSegments(
    _ p: Int, start: Mass, first: CivilDate, hold: Int, rules: [TaperRule], final: Mass, box: TabletBox
  ) -> Segments? {
    var segments = Segments()
    segments.append(from: first, [start])
    var dose = start
    var date = first.adding(days: 7 * hold)
    var steps = 0
    while dose > final, let (j, rule) = rules.enumerated().first(where: { $0.element.above < dose }) {
      let next = max(dose - rule.reduce, rule.above, final)
      guard next < dose else { break }
      if next > .zero && !box.canMake(next) {
        error(
          .taperRule(p, rule: j),
          "the reduction on \(date) from \(dose.mgText) by \(rule.reduce.mgText) gives \(next.mgText), which "
            + "\(box.text) tablets cannot make exactly")
        return nil
      }
      segments.append(from: date, [next])
      dose = next
      steps += 1
      if steps > 1000 || first.days(to: date) > Planner.maximumDays {
        error(.medication(p, .taper), "the taper does not reach its final dose within 10 years")
        return nil
      }
      guard let hold = rules.first(where: { $0.above < dose }) else { break }
      date = date.adding(days: 7 * hold.everyWeeks)
    }
    if dose > final {
      let lowest = rules.map(\.above).min() ?? .zero
      error(
        .taper(p, .finalDose),
        "the taper stops at \(dose.mgText), above \(keys.key(.taper(p, .finalDose))) \(final.mgText): no rule reduces below \(lowest.mgText); "
          + "add a rule with a lower \(keys.key(.taperRule(p, rule: 0, .above))), or set \(keys.key(.taper(p, .finalDose))) to \(dose.mgText)")
      return nil
    }
    return segments
  }

  mutating func stepSegments(
    _ p: Int, steps: [TaperStep], start: Mass?, first: CivilDate, cap: Mass, capSource: String, box: TabletBox
  ) -> Segments? {
    guard !steps.isEmpty else {
      error(.taper(p, .steps), "give at least one step")
      return nil
    }
    var segments = Segments()
    var date = first
    var ok = true
    for (j, step) in steps.enumerated() {
      if !(1...260).contains(step.weeks) {
        error(.taperStep(p, step: j, .weeks), "\(step.weeks) weeks is outside 1–260 weeks for a step")
        ok = false
        continue
      }
      if step.doses.isEmpty || step.doses.count > 7 {
        error(.taperStep(p, step: j, .doses), "give 1–7 doses for a step (several doses repeat day by day)")
        ok = false
        continue
      }
      for d in step.doses {
        if d.micrograms < 0 {
          error(.taperStep(p, step: j, .doses), "\(d.mgText) is not a dose")
          ok = false
        } else if d > cap {
          error(.taperStep(p, step: j, .doses), "\(d.mgText) is above \(capSource)")
          ok = false
        } else if d > .zero && !box.canMake(d) {
          error(.taperStep(p, step: j, .doses), "step \(j + 1) needs \(d.mgText), which \(box.text) tablets cannot make exactly")
          ok = false
        }
      }
      // 0 mg on its own is the stop (the last step); inside a pattern it is a day off ([5, 0]: an alternate-day
      // wean), which needs at least one dosing day.
      if step.doses == [.zero] && j != steps.count - 1 {
        error(.taperStep(p, step: j, .doses), "0 mg on its own (stop) can only be the last step")
        ok = false
      } else if step.doses.count > 1 && step.doses.allSatisfy({ $0 == .zero }) {
        error(.taperStep(p, step: j, .doses), "a step of only 0 mg days is a stop: give it as the last step, `\(keys.key(.dose)): 0`")
        ok = false
      }
      if j > 0 {
        let previous = steps[j - 1].doses
        if let pmax = previous.max(), let pmin = previous.min(), let cmax = step.doses.max(),
          let cmin = step.doses.min(), cmax > pmax || cmin > pmin
        {
          error(
            .taperStep(p, step: j, .doses),
            "step \(j + 1) raises the dose (\(step.doses.map(\.mgText).joined(separator: " / ")) after "
              + "\(previous.map(\.mgText).joined(separator: " / "))); a taper may only hold or reduce")
          ok = false
        }
      }
      if j == 0, let start, step.doses.max() != start {
        error(
          .taperStep(p, step: j, .doses),
          "the first step (\(step.doses.map(\.mgText).joined(separator: " / "))) differs from the starting dose "
            + "\(start.mgText); leave out \(keys.key(.mgPerKg))/\(keys.key(.dose)) or make them agree")
        ok = false
      }
      segments.append(from: date, step.doses)
      date = date.adding(days: 7 * step.weeks)
    }
    let segment = spec.medications[p].segment
    if ok, start == nil, segment?.isContinuation != true, let first = steps.first?.doses.max() {
      let weight = segment?.weight ?? spec.patient.weight
      let perKg = Double(first.micrograms) / weight.kilograms / 1000
      let most = DoseLimits.prednisolone.startPerKilogram.upperBound
      if perKg > most.mgPerKgValue + 0.0001 {
        error(
          .taperStep(p, step: 0, .doses),
          "\(first.mgText) is \(perKg.rounded(toPlaces: 2)) mg/kg at \(weight), above the seed's "
            + "\(most.mgPerKgText)/day for prednisolone")
        ok = false
      }
    }
    // The regimen settles when the last step ends (or, for a final stop, when it begins).
    if ok, let last = steps.last, last.doses != [.zero] { segments.settledDate = date }
    return ok ? segments : nil
  }
}
