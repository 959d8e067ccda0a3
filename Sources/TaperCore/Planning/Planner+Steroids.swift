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
  struct SteroidSeries {
    var total: [Int]
    var pulse: [Bool]
    /// Medicines (plan indices) contributing each day.
    var contributors: [Set<Int>]

    /// The average of days `i` and `i + 1` (alternate-day regimens count as their mean).
    func level(_ i: Int) -> Int {
      guard i >= 0, i < total.count else { return 0 }
      return i + 1 < total.count ? (total[i] + total[i + 1]) / 2 : total[i]
    }
  }

  static func steroidEquivalent(_ kind: DrugKind, _ mass: Mass) -> Mass? {
    switch kind {
    case .prednisolone: mass
    case .corticosteroid(let steroid): steroid.prednisoloneEquivalent(of: mass)
    default: nil
    }
  }

  func steroidSeries(_ plan: TreatmentPlan) -> SteroidSeries {
    var series = SteroidSeries(total: [], pulse: [], contributors: [])
    for day in plan.days {
      var total = 0
      var pulse = false
      var who = Set<Int>()
      for a in day.administrations {
        let kind = plan.medicines[a.medicine].kind
        if kind == .methylprednisolone { pulse = true }
        // One-off and depot injections (premedication, an intramuscular flare dose) are not a daily level: the
        // series is the oral corticosteroid the patient takes day by day.
        if kind != .prednisolone, a.route != .oral { continue }
        if let mass = a.amount.mass, let equivalent = Self.steroidEquivalent(kind, mass) {
          total += equivalent.micrograms
          who.insert(a.medicine)
        }
      }
      series.total.append(total)
      series.pulse.append(pulse)
      series.contributors.append(who)
    }
    return series
  }

  mutating func applyPlanFlags(_ plan: TreatmentPlan) {
    let steroids = plan.medicines.indices.filter { Self.steroidEquivalent(plan.medicines[$0].kind, Mass(mg: 1)) != nil }
    guard !steroids.isEmpty else { return }
    let series = steroidSeries(plan)
    let first = plan.medicines[steroids[0]]
    let path = "medications[\(first.index)]"
    let onlyPrednisolone = steroids.allSatisfy { plan.medicines[$0].kind == .prednisolone }
    let what = onlyPrednisolone ? "prednisolone" : "the systemic corticosteroids (as prednisolone)"
    func date(_ i: Int) -> CivilDate { plan.days[i].date }
    func mg(_ micrograms: Int) -> String { Mass(micrograms: micrograms).roundedToTenthMilligram.mgText }

    // The seed's cap on the total, outside pulse days.
    if let i = series.total.indices.first(where: { !series.pulse[$0] && series.total[$0] > 80_000 }) {
      let parts = series.contributors[i].sorted().map { m in
        let doses = plan.days[i].administrations.filter { $0.medicine == m }.compactMap(\.amount.mass).reduce(
          Mass.zero, +)
        return "\(plan.medicines[m].displayName) \(doses.mgText)"
      }
      let worst = series.contributors[i].sorted().last.map { plan.medicines[$0].index } ?? first.index
      error(
        "medications[\(worst)].dose_mg",
        "on \(date(i)) the systemic corticosteroids total \(mg(series.total[i])) of prednisolone equivalents ("
          + parts.joined(separator: " + ") + ", BNF equivalence), above the seed's maximum of 80 mg/day")
    }
    // Two systemic corticosteroids on the same days.
    if let i = series.contributors.indices.first(where: { series.contributors[$0].count > 1 }) {
      let names = series.contributors[i].sorted().map { plan.medicines[$0].displayName }
      warning(
        "medications[\(plan.medicines[series.contributors[i].sorted()[1]].index)].drug",
        "\(names.joined(separator: " and ")) are given on the same days (from \(date(i))): the seed tapers one oral "
          + "corticosteroid; Taper checks their total as prednisolone equivalents")
    }

    // Steroid emergency card: 5 mg/day or more for 4 weeks (alternate days averaged, pulse days counted), or 40 mg
    // or more for more than a week.
    var run5 = 0
    var run40 = 0
    var longest5 = 0
    var longest40 = 0
    for i in series.total.indices {
      let level = series.pulse[i] ? Int.max : series.level(i)
      run5 = level >= 5_000 ? run5 + 1 : 0
      run40 = level >= 40_000 ? run40 + 1 : 0
      longest5 = max(longest5, run5)
      longest40 = max(longest40, run40)
    }
    if longest5 >= 28 || longest40 > 7 {
      notice(
        "\(path).drug",
        onlyPrednisolone && longest5 >= 28
          ? "steroid emergency card: prednisolone runs at 5 mg/day or more for 4 weeks or longer — issue a steroid "
            + "emergency card and advise sick-day rules"
          : "steroid emergency card: \(what) \(onlyPrednisolone ? "runs" : "run") at "
            + (longest5 >= 28 ? "5 mg/day or more for 4 weeks or longer" : "40 mg/day or more for more than a week")
            + " — issue a steroid emergency card and advise sick-day rules (NatPSA 2020)")
    }

    // Steep reductions while the dose is above 5 mg/day: more than 40 % at once.
    var i = 2
    while i + 1 < series.total.count {
      defer { i += 1 }
      let window = (i - 2)...min(i + 1, series.total.count - 1)
      guard !window.contains(where: { series.pulse[$0] }) else { continue }
      let old = (series.total[i - 2] + series.total[i - 1]) / 2
      let new = series.level(i)
      // Only where the day's dose changes: the two days before against the day and the next (alternate days
      // averaged), so a step is measured once, from its old level to its new one.
      guard series.total[i] != series.total[i - 1], old > 5_000, new > 0, new * 10 < old * 6 else { continue }
      warning(
        "\(path).taper",
        "\(what) falls from \(mg(old)) to \(mg(new)) a day on \(date(i)), a cut of "
          + "\((old - new) * 100 / old)% while above 5 mg/day: reduce by at most 40% at a time (\(Self.withdrawalSource))"
      )
      i += 2
    }

    // A stop after 3 weeks or more of treatment.
    let continues = steroids.contains { plan.medicines[$0].continuation != nil }
    if !continues, let last = series.total.indices.last(where: { series.total[$0] > 0 }), last + 1 < series.total.count,
      let firstDay = series.total.indices.first(where: { series.total[$0] > 0 || series.pulse[$0] })
    {
      let weeks = (last - firstDay + 1) / 7
      let before = max(firstDay, last - 27)...last
      let lowForFourWeeks = last - firstDay >= 27 && before.allSatisfy { series.level($0) < 3_000 || $0 == last }
      let alternateDays = last - firstDay >= 27 && before.filter { series.total[$0] == 0 }.count >= 12
      if last - firstDay + 1 >= 21 || longest40 > 7, !lowForFourWeeks, !alternateDays {
        warning(
          "\(path).taper",
          "\(what) stops after \(date(last)) (from \(mg(series.level(max(last - 1, 0)))) a day) after \(weeks) weeks of "
            + "treatment: after 3 weeks or more (or more than a week at 40 mg/day or more), stop only after at least 4 weeks below 3 mg/day or an alternate-day "
            + "wean, and issue a steroid card (\(Self.withdrawalSource))")
      }
    }

    // Still above the usual maintenance dose at the end of a long plan.
    let end = series.total.count - 1
    if continues, end >= 26 * 7 - 1, spec.patient.group != .remission, series.level(max(end - 1, 0)) > 7_500,
      series.level(end - 28) <= series.level(max(end - 1, 0))
    {
      warning(
        "\(path).taper",
        "\(what) still \(onlyPrednisolone ? "runs" : "run") at \(mg(series.level(max(end - 1, 0)))) a day after "
          + "\((end + 1) / 7) weeks: the seed's \"usual maintenance dose <5 mg/day\" — the aim is to reduce the "
          + "corticosteroid burden")
    }
    // High-dose maintenance in remission: the seed's "usual maintenance dose < 5 mg/day".
    if spec.patient.group == .remission {
      var run = 0
      var longest = 0
      for i in series.total.indices {
        // A taper in progress is not maintenance: the run restarts at every reduction.
        let level = series.level(i)
        run = level > 5_000 ? (i > 0 && level < series.level(i - 1) ? 1 : run + 1) : 0
        longest = max(longest, run)
      }
      if longest >= 12 * 7 {
        warning(
          "\(path).drug",
          "\(what) stays above 5 mg/day for \(longest / 7) weeks in a remission plan: the seed's aim is to \"either stop "
            + "the oral corticosteroid or maintain a low maintenance dose\", \"usual maintenance dose <5 mg/day\"")
      }
    }
  }
}
