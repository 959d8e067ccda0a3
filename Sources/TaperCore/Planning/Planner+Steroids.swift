/// The whole systemic corticosteroid series of a plan, read from the finished plan's typed doses: every
/// prednisolone, prednisone and other systemic corticosteroid dose summed per day as prednisolone equivalents
/// (BNF equivalence), outside the intravenous pulse days. One rule set reads it: the seed's 80 mg/day cap on the
/// total, two steroids at once, the steroid emergency card, steep reductions, stops, and high-dose maintenance.
extension PlanContext {
  /// Sources of the withdrawal rule.
  static let withdrawalSource =
    "NICE NG243 (adrenal insufficiency); BNF glucocorticoid therapy; prednisolone SmPC: gradual withdrawal after "
    + "more than 3 weeks"

  /// The day-by-day series: prednisolone-equivalent micrograms per day, and whether the day has a pulse dose.
  /// It runs past the plan's last day for as long as a corticosteroid's regimen is still changing (and 4 weeks
  /// on), so a cut or a stop the plan leaves for after its end is judged like one inside it.
  struct SteroidSeries {
    var total: [Int]
    var pulse: [Bool]
    /// Each day's prednisolone equivalents by medicine (plan index).
    var byMedicine: [[Int: Int]]
    /// Days inside the plan; the rest are the regimens' planned continuation.
    var planDays: Int
    /// Days a corticosteroid that counts as a level is given (a spread depot or weekly dose covers more days than
    /// this; a one-off intravenous dose, like a pulse day, is not one).
    var administered: [Bool]

    var count: Int { total.count }
    func contributors(_ i: Int) -> [Int] { byMedicine[i].keys.sorted() }

    /// The average of days `i` and `i + 1` (alternate-day regimens count as their mean).
    func level(_ i: Int) -> Int {
      guard i >= 0, i < total.count else { return 0 }
      return i + 1 < total.count ? (total[i] + total[i + 1]) / 2 : total[i]
    }

    /// The day's level for "runs at X for N days": the higher of the pair averages the day belongs to, so the
    /// last day of a daily run counts, and each day of an alternate-day regimen counts at the mean.
    /// The most consecutive days in `days` whose ``runLevel(_:)`` is at least `level` micrograms.
    func longestRun(atLeast level: Int, in days: Range<Int>) -> Int {
      var run = 0
      var longest = 0
      for i in days {
        run = runLevel(i) >= level ? run + 1 : 0
        longest = max(longest, run)
      }
      return longest
    }

    func runLevel(_ i: Int) -> Int {
      if pulse[i] { return Int.max }
      return max(level(i), i > 0 ? (total[i - 1] + total[i]) / 2 : total[i])
    }
  }

  static func steroidEquivalent(_ kind: DrugKind, _ mass: Mass) -> Mass? {
    switch kind {
    case .prednisolone: mass
    case .corticosteroid(let steroid): steroid.prednisoloneEquivalent(of: mass)
    default: nil
    }
  }

  /// Whether doses of `kind` count in the series as prednisolone equivalents (not the pulse).
  static func countsAsSteroidLevel(_ kind: DrugKind) -> Bool { steroidEquivalent(kind, Mass(mg: 1)) != nil }

  static func isSystemicSteroid(_ kind: DrugKind) -> Bool { kind == .methylprednisolone || countsAsSteroidLevel(kind) }

  /// `programs` are the plan's, in the order of `plan.medicines`.
  func steroidSeries(_ plan: TreatmentPlan, _ programs: [Program]) -> SteroidSeries {
    typealias Dose = (medicine: Int, kind: DrugKind, route: Route, amount: DoseAmount)
    var days: [[Dose]] = plan.days.map { day in
      day.administrations.map { a in (a.medicine, plan.medicines[a.medicine].kind, a.route, a.amount) }
    }
    // On past the end: until every corticosteroid's regimen has settled (or stopped) and 4 weeks more, at most
    // a year, and at least 2 days so a stop on the last day shows.
    let steroids = programs.indices.filter { Self.isSystemicSteroid(programs[$0].medicine.kind) }
    let wanted = steroids.map { p in max(programs[p].settled, programs[p].stop ?? programs[p].settled).adding(days: 28) }
      .max() ?? plan.end
    let through = min(max(wanted, plan.end.adding(days: 2)), plan.end.adding(days: 366))
    var date = plan.end.adding(days: 1)
    while date <= through {
      var doses: [Dose] = []
      for p in steroids where programs[p].isActive(on: date) {
        for slot in programs[p].slots(date) {
          doses.append((p, programs[p].medicine.kind, programs[p].medicine.route, slot.amount))
        }
      }
      days.append(doses)
      date = date.adding(days: 1)
    }
    // The days each corticosteroid is given, to tell a daily regimen from a weekly one, a one-off or a depot.
    var givenDays: [Int: [Int]] = [:]
    for (i, doses) in days.enumerated() {
      for d in Set(doses.filter { Self.countsAsSteroidLevel($0.kind) }.map(\.medicine)) {
        givenDays[d, default: []].append(i)
      }
    }
    var series = SteroidSeries(
      total: Array(repeating: 0, count: days.count), pulse: Array(repeating: false, count: days.count),
      byMedicine: Array(repeating: [:], count: days.count), planDays: plan.days.count,
      administered: Array(repeating: false, count: days.count))
    func add(_ micrograms: Int, _ medicine: Int, on i: Int) {
      series.total[i] += micrograms
      series.byMedicine[i][medicine, default: 0] += micrograms
    }
    func spread(_ micrograms: Int, _ medicine: Int, from i: Int, over interval: Int) {
      let span = max(1, min(interval, Self.depotDays))
      for j in i..<min(i + span, days.count) { add(micrograms / span, medicine, on: j) }
    }
    // Each medicine's next and previous dosing day, once (the given days are in order).
    var neighbours: [Int: [Int: (previous: Int?, next: Int?)]] = [:]
    for (medicine, given) in givenDays {
      for (k, day) in given.enumerated() {
        neighbours[medicine, default: [:]][day] = (
          k > 0 ? given[k - 1] : nil, k + 1 < given.count ? given[k + 1] : nil
        )
      }
    }
    for (i, doses) in days.enumerated() {
      for a in doses {
        if a.kind == .methylprednisolone { series.pulse[i] = true }
        guard let mass = a.amount.mass, let equivalent = Self.steroidEquivalent(a.kind, mass)?.micrograms else {
          continue
        }
        let around = neighbours[a.medicine]?[i]
        let next = around?.next.map { $0 - i }
        let previous = around?.previous.map { i - $0 }
        let nearest = [next, previous].compactMap { $0 }.min()
        // The interval a dose covers: to the next one, or for the last the one before it (the regimen goes on).
        let interval = next ?? previous ?? Self.depotDays
        let oral = a.route == .oral || a.kind == .prednisolone
        // Intravenous doses further apart than a week (premedication on infusion days 1 and 15) are one-offs;
        // tablets and depots repeat over up to 3 weeks.
        let repeatsWithin = a.route == .intravenous && !oral ? 7 : Self.depotDays
        if !(a.route == .intravenous && !oral && (nearest ?? .max) > repeatsWithin) { series.administered[i] = true }
        if let nearest, nearest <= (oral ? 2 : 1) {
          // Daily (or alternate-day, by mouth): a level on its own day.
          add(equivalent, a.medicine, on: i)
        } else if let nearest, nearest <= repeatsWithin {
          // Weekly or every few weeks: the dose spread over its interval, so 48 mg a week is about 7 mg a day
          // for the card, the cap and the withdrawal rule.
          spread(equivalent, a.medicine, from: i, over: interval)
        } else if oral {
          add(equivalent, a.medicine, on: i)
        } else if a.route == .intravenous {
          // A lone intravenous dose (a premedication, a flare dose) is treated like a pulse day: treatment, but
          // outside the daily cap.
          series.pulse[i] = true
        } else {
          // A lone intramuscular or subcutaneous dose is a depot: its equivalent is spread over the weeks it acts.
          spread(equivalent, a.medicine, from: i, over: Self.depotDays)
        }
      }
    }
    return series
  }

  /// The longest a depot corticosteroid injection is counted for (BNF: triamcinolone acetonide and
  /// methylprednisolone acetate intramuscular depots act for about 2–3 weeks).
  static let depotDays = 21

  /// The corticosteroid findings over the whole plan; returns the steroid emergency card's criterion when met.
  mutating func applyPlanFlags(_ plan: TreatmentPlan, _ programs: [Program]) -> SteroidCard? {
    let steroids = plan.medicines.indices.filter { Self.countsAsSteroidLevel(plan.medicines[$0].kind) }
    guard !steroids.isEmpty else { return nil }
    let series = steroidSeries(plan, programs)
    let onlyPrednisolone = steroids.allSatisfy { plan.medicines[$0].kind == .prednisolone }
    // One subject, singular either way: "prednisolone falls", "the total corticosteroid dose … falls".
    let what = onlyPrednisolone ? "prednisolone" : "the total corticosteroid dose (as prednisolone)"
    func date(_ i: Int) -> String {
      let d = plan.start.adding(days: i)
      return i < series.planDays ? "\(d)" : "\(d) (after the plan's last day, \(plan.end): the regimen's planned next step)"
    }
    func mg(_ micrograms: Int) -> String { Mass(micrograms: micrograms).roundedToTenthMilligram.mgText }
    /// Where a finding about medicine `m`'s course belongs in the plan file.
    func key(_ m: Int) -> PlanLocation {
      let index = plan.medicines[m].index
      let entry = spec.medications[index]
      return .medication(index, entry.taper != nil ? .taper : entry.stop != nil ? .stop : .dose)
    }
    let first = steroids[0]

    // The seed's cap on the total, outside pulse days.
    let cap = DoseLimits.corticosteroidPrednisoloneEquivalent
    if let i = series.total.indices.first(where: { !series.pulse[$0] && series.total[$0] > cap.micrograms }) {
      let parts = series.contributors(i).map { m in
        let doses = (i < series.planDays ? plan.days[i].administrations.filter { $0.medicine == m } : [])
          .compactMap(\.amount.mass).reduce(Mass.zero, +)
        let equivalent = mg(series.byMedicine[i][m] ?? 0)
        return plan.medicines[m].kind == .prednisolone || doses == .zero
          ? "\(plan.medicines[m].displayName) \(equivalent)"
          : "\(plan.medicines[m].displayName) \(doses.mgText) ≈ \(equivalent) prednisolone"
      }
      let worst = series.contributors(i).last.map { plan.medicines[$0].index } ?? plan.medicines[first].index
      error(
        .medication(worst, .dose),
        "on \(date(i)) the systemic corticosteroids total \(mg(series.total[i])) of prednisolone equivalents ("
          + parts.joined(separator: " + ") + ", BNF equivalence), above the seed's maximum of \(cap.mgText)/day")
    }
    // Two systemic corticosteroids on the same days.
    if let i = series.byMedicine.indices.first(where: { series.byMedicine[$0].count > 1 }) {
      let who = series.contributors(i)
      warning(
        .medication(plan.medicines[who[1]].index, .drug),
        "\(who.map { plan.medicines[$0].displayName }.joined(separator: " and ")) are given on the same days (from "
          + "\(date(i))): the seed tapers one oral corticosteroid; Taper checks their total as prednisolone equivalents")
    }

    // Steroid emergency card: 5 mg/day or more for 4 weeks (alternate days averaged, pulse days counted), or 40 mg
    // or more for more than a week.
    let longest5 = series.longestRun(atLeast: 5_000, in: series.total.indices)
    let longest40 = series.longestRun(atLeast: 40_000, in: series.total.indices)
    var card: SteroidCard? = nil
    if longest5 >= 28 || longest40 > 7 {
      let from = steroids.compactMap { plan.medicines[$0].firstDate }.min() ?? plan.start
      card = SteroidCard(criterion: longest5 >= 28 ? .fiveMilligramsForFourWeeks : .fortyMilligramsForMoreThanAWeek, from: from)
      notice(
        .medication(plan.medicines[first].index, .drug),
        onlyPrednisolone && longest5 >= 28
          ? "steroid emergency card: prednisolone runs at 5 mg/day or more for 4 weeks or longer — issue a steroid "
            + "emergency card and advise sick-day rules (NatPSA 2020)"
          : "steroid emergency card: \(what) runs at "
            + (longest5 >= 28 ? "5 mg/day or more for 4 weeks or longer" : "40 mg/day or more for more than a week")
            + " — issue a steroid emergency card and advise sick-day rules (NatPSA 2020)")
    }

    // Steep reductions while the dose is above 5 mg/day: more than 40 % at once.
    var i = 2
    while i + 1 < series.count {
      defer { i += 1 }
      let window = (i - 2)...(i + 1)
      guard !window.contains(where: { series.pulse[$0] }) else { continue }
      let old = (series.total[i - 2] + series.total[i - 1]) / 2
      let new = series.level(i)
      // Only where the day's dose changes: the two days before against the day and the next (alternate days
      // averaged), so a step is measured once, from its old level to its new one.
      guard series.total[i] != series.total[i - 1], old > 5_000, new > 0, new * 10 < old * 6 else { continue }
      // The medicine whose dose fell the most that day.
      let fell = Set(series.byMedicine[i - 1].keys).union(series.byMedicine[i].keys).max { a, b in
        (series.byMedicine[i - 1][a] ?? 0) - (series.byMedicine[i][a] ?? 0)
          < (series.byMedicine[i - 1][b] ?? 0) - (series.byMedicine[i][b] ?? 0)
      } ?? first
      warning(
        key(fell),
        "\(what) falls from \(mg(old)) to \(mg(new)) a day on \(date(i)), a cut of "
          + "\((old - new) * 100 / old)% while above 5 mg/day: reduce by at most 40% at a time (\(Self.withdrawalSource))"
      )
      i += 2
    }

    // Stops: a course of treatment (pulse days included; single days off, as in an alternate-day regimen, are
    // part of it) followed by two days or more with none.
    var courseStart: Int?
    var lastOn = -1
    for i in series.total.indices {
      if series.total[i] > 0 || series.pulse[i] {
        if courseStart == nil { courseStart = i }
        lastOn = i
      } else if let start = courseStart, i - lastOn >= 2 {
        if let finding = stopFinding(series, plan, from: start, last: lastOn, what: what, date: date, mg: mg, key: key) {
          warning(finding.location, finding.message)
        }
        courseStart = nil
      }
    }

    // Still above the usual maintenance dose at the end of a long plan.
    let end = series.planDays - 1
    if end >= 26 * 7 - 1, spec.patient.group != .remission, series.level(end - 1) > 7_500,
      series.level(end - 28) <= series.level(end - 1)
    {
      warning(
        .medication(plan.medicines[first].index, .taper),
        "\(what) still runs at \(mg(series.level(end - 1))) a day after \((end + 1) / 7) weeks: the seed's "
          + "\"usual maintenance dose <5 mg/day\" — the aim is to reduce the corticosteroid burden")
    }
    // High-dose maintenance in remission: the seed's "usual maintenance dose < 5 mg/day".
    if spec.patient.group == .remission {
      let usual = DoseLimits.prednisolone.usualMaintenanceBelow
      var run = 0
      var longest = 0
      for i in 0..<series.planDays {
        // A taper in progress is not maintenance: the run restarts at every reduction.
        let level = series.level(i)
        run = level > usual.micrograms ? (i > 0 && level < series.level(i - 1) ? 1 : run + 1) : 0
        longest = max(longest, run)
      }
      if longest >= 12 * 7 {
        warning(
          .medication(plan.medicines[first].index, .drug),
          "\(what) stays above \(usual.mgText)/day for \(longest / 7) weeks in a remission plan: the seed's aim is "
            + "to \"either stop "
            + "the oral corticosteroid or maintain a low maintenance dose\", \"usual maintenance dose <5 mg/day\"")
      }
    }

    // Long-term corticosteroid care, for the clinician (README, "Prompts for the clinician").
    let planDays = 0..<series.planDays
    if series.longestRun(atLeast: CarePrompts.boneProtectionLevel.micrograms, in: planDays) >= CarePrompts.boneProtectionDays {
      notice(
        .medication(plan.medicines[first].index, .drug),
        "bone protection: \(what) runs at \(CarePrompts.boneProtectionLevel.mgText)/day or more for 3 months or "
          + "longer — assess fracture risk now; if it is high, consider bone protection (calcium and vitamin D, "
          + "a bisphosphonate) from the start of treatment (\(CarePrompts.boneSource))")
    }
    if series.longestRun(atLeast: CarePrompts.pjpLevel.micrograms + 1, in: planDays) > CarePrompts.pjpDays {
      notice(
        .medication(plan.medicines[first].index, .drug),
        "PJP prophylaxis: \(what) runs above \(CarePrompts.pjpLevel.mgText)/day for more than 4 weeks — consider "
          + "prophylaxis against Pneumocystis jirovecii pneumonia (\(CarePrompts.pjpSource))"
          + CarePrompts.methotrexateInteraction(plan))
    }
    return card
  }

  /// The withdrawal rule for one course, `from` its first day to its `last` dose: after 3 weeks or more (or more
  /// than a week at 40 mg/day or more), stop only after at least 4 weeks below 3 mg/day or an alternate-day wean.
  func stopFinding(
    _ series: SteroidSeries, _ plan: TreatmentPlan, from start: Int, last: Int, what: String, date: (Int) -> String,
    mg: (Int) -> String, key: (Int) -> PlanLocation
  ) -> (location: PlanLocation, message: String)? {
    let longest40 = series.longestRun(atLeast: 40_000, in: start..<(last + 1))
    let days = last - start + 1
    guard days >= 21 || longest40 > 7 else { return nil }
    // One injection cannot be tapered: a lone depot's course is not a stop to slow down.
    guard (start...last).filter({ series.administered[$0] }).count > 1 else { return nil }
    let fourWeeks = max(start, last - 27)...last
    // Below 3 mg/day for the last 4 weeks (each day with the one before it, so alternate days count as their mean).
    let low = days >= 28 && fourWeeks.allSatisfy { i in (series.total[i] + (i > 0 ? series.total[i - 1] : 0)) / 2 < 3_000 }
    // An alternate-day wean: at least 12 days off in the last 4 weeks, at a low dose — averaging 5 mg/day or less
    // (30 mg every other day is 15 mg a day, and stopping it is as abrupt as stopping 15 mg daily).
    let alternateDays =
      days >= 28 && fourWeeks.filter { series.total[$0] == 0 && !series.pulse[$0] }.count >= 12
      && fourWeeks.map { series.total[$0] }.reduce(0, +) <= 5_000 * fourWeeks.count
    guard !low, !alternateDays else { return nil }
    let stopping = series.contributors(last).first ?? series.contributors(max(last - 1, 0)).first
    // A pause that starts the next day has its own warning (on `pauses`): one finding for one event.
    if let m = stopping, m < plan.medicines.count,
      spec.medications[plan.medicines[m].index].pauses.contains(where: { $0.from == plan.start.adding(days: last + 1) })
    {
      return nil
    }
    let level = max(series.total[last], last > 0 ? (series.total[last - 1] + series.total[last]) / 2 : 0)
    return (
      stopping.map(key) ?? .medications,
      "\(what) stops after \(date(last)) (from \(mg(level)) a day) after "
        + (days < 8 * 7 ? "\(days) days" : "\(days / 7) weeks") + " of treatment"
        + ((start...last).contains { series.pulse[$0] } ? " (pulse days included)" : "") + ": after 3 "
        + "weeks or more (or more than a week at 40 mg/day or more), stop only after at least 4 weeks below 3 mg/day "
        + "or an alternate-day wean, and issue a steroid card (\(Self.withdrawalSource))")
  }
}
