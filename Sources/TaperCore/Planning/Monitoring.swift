/// How often DMARD blood tests are planned: the common shared-care rhythm, configurable per plan.
public struct MonitoringRhythm: Hashable, Sendable {
  /// Every 2 weeks until the dose has been stable this long.
  public var fortnightlyUntilStableWeeks: Int
  /// Then this many monthly (4-weekly) tests.
  public var monthlyCount: Int
  /// Then every this many weeks.
  public var thenEveryWeeks: Int
  /// Whether monitoring dates are planned at all.
  public var enabled: Bool
  /// The time every blood test is planned for (09:00 by default); tests fall on weekdays.
  public var time: LocalTime

  /// The default blood-test time, 09:00.
  public static let defaultTime = LocalTime(hour: 9, minute: 0)!

  /// Every 2 weeks until stable for 6 weeks, then monthly for 3 months, then every 3 months
  /// (NHS shared-care protocols, e.g. NHS Dumfries & Galloway azathioprine).
  public static let sharedCare = MonitoringRhythm(
    fortnightlyUntilStableWeeks: 6, monthlyCount: 3, thenEveryWeeks: 12, enabled: true)

  public init(
    fortnightlyUntilStableWeeks: Int, monthlyCount: Int, thenEveryWeeks: Int, enabled: Bool,
    time: LocalTime = MonitoringRhythm.defaultTime
  ) {
    self.fortnightlyUntilStableWeeks = fortnightlyUntilStableWeeks
    self.monthlyCount = monthlyCount
    self.thenEveryWeeks = thenEveryWeeks
    self.enabled = enabled
    self.time = time
  }
}

/// A monitoring appointment that belongs in the plan: a blood test, a trough level.
public struct MonitoringEvent: Hashable, Sendable {
  /// A weekday (Monday–Friday), except a baseline that has no weekday before its first dose in the plan.
  public var date: CivilDate
  /// The planned time (``MonitoringRhythm/time``); the patient books the appointment for it.
  public var time: LocalTime
  /// "Blood test".
  public var title: String
  /// "full blood count, renal and liver function (methotrexate, azathioprine)".
  public var detail: String
  /// Indices into ``TreatmentPlan/medicines`` the test is for.
  public var medicines: [Int]
}

extension PlanContext {
  /// The DMARDs the seed and shared-care protocols monitor with bloods.
  static func isMonitored(_ kind: DrugKind) -> Bool {
    switch kind {
    case .methotrexate, .azathioprine, .mycophenolate, .mycophenolicAcid, .specialist(.ciclosporin),
      .specialist(.tacrolimus):
      true
    default: false
    }
  }

  mutating func checkRhythm() -> MonitoringRhythm {
    let r = spec.monitoring
    if !(2...52).contains(r.fortnightlyUntilStableWeeks) {
      error(.monitoring(.fortnightlyUntilStableWeeks), "\(r.fortnightlyUntilStableWeeks) is outside 2–52 weeks")
    }
    if !(0...24).contains(r.monthlyCount) {
      error(.monitoring(.monthlyCount), "\(r.monthlyCount) is outside 0–24 monthly tests")
    }
    if !(4...52).contains(r.thenEveryWeeks) {
      error(.monitoring(.thenEveryWeeks), "\(r.thenEveryWeeks) is outside 4–52 weeks")
    }
    return r
  }

  /// A DMARD started this many days or fewer after another shares its baseline blood test.
  static let sharedBaselineDays = 7

  /// Blood-test dates for the plan's DMARDs, with trough levels for ciclosporin and tacrolimus.
  func monitoring(_ plan: TreatmentPlan, rhythm: MonitoringRhythm) -> [MonitoringEvent] {
    guard rhythm.enabled else { return [] }
    let monitored = plan.medicines.indices.filter { Self.isMonitored(plan.medicines[$0].kind) }
    // Each DMARD's first dose starts the rhythm again (its own baseline, then fortnightly until stable):
    // a medicine started part-way through the plan is monitored as a new start (BSR 2017; shared care).
    // DMARDs started within a week of each other share one baseline, before the first of them.
    // A revision's later regimen of a DMARD the patient takes is no new start: no baseline of its own.
    let starts = monitored.filter { spec.medications[plan.medicines[$0].index].segment?.isContinuation != true }
    var anchors: [CivilDate] = []
    for start in Set(starts.compactMap { plan.medicines[$0].firstDate }).sorted() {
      if let previous = anchors.last, previous.days(to: start) <= Self.sharedBaselineDays { continue }
      anchors.append(start)
    }
    guard !anchors.isEmpty else { return [] }
    let lastNeeded = monitored.compactMap { i -> CivilDate? in
      plan.medicines[i].continuation != nil ? plan.end : plan.medicines[i].lastDate
    }.max() ?? plan.end
    var dates: [(CivilDate, String)] = []
    for (k, start) in anchors.enumerated() {
      let next = k + 1 < anchors.count ? anchors[k + 1] : nil
      let stable =
        plan.changes.filter { change in
          monitored.contains(change.medicine) && change.date >= start && (next.map { change.date < $0 } ?? true)
        }
        .map(\.date).max() ?? start
      let starting = starts.filter { i in
        plan.medicines[i].firstDate.map { start <= $0 && start.days(to: $0) <= Self.sharedBaselineDays } ?? false
      }.map { plan.medicines[$0].displayName.lowercased() }
      var segment: [(CivilDate, String)] = [
        (start, k == 0 ? "baseline, before the first dose" : "baseline, before the first dose of \(starting.joined(separator: ", "))")
      ]
      var date = start.adding(days: 14)
      while date <= stable.adding(days: 7 * rhythm.fortnightlyUntilStableWeeks) {
        segment.append((date, "every 2 weeks until the dose has been stable for \(rhythm.fortnightlyUntilStableWeeks) weeks"))
        date = date.adding(days: 14)
      }
      date = segment.last!.0
      for _ in 0..<rhythm.monthlyCount {
        date = date.adding(days: 28)
        segment.append((date, "monthly for \(rhythm.monthlyCount) months"))
      }
      while true {
        date = date.adding(days: 7 * rhythm.thenEveryWeeks)
        guard date <= lastNeeded else { break }
        segment.append((date, "every \(rhythm.thenEveryWeeks) weeks"))
      }
      dates += segment.filter { d in next.map { d.0 < $0 } ?? true }
    }
    // Each test falls on a weekday; a baseline is kept before its first dose (``baselineDay``). A test moved onto
    // another's day gives way to the baseline there.
    var events: [MonitoringEvent] = []
    for (due, rhythmText) in dates where due >= plan.start && due <= min(plan.end, lastNeeded) {
      let baseline = anchors.contains(due)
      var date = Self.weekday(for: due, planStart: plan.start)
      var note: String?
      var time = rhythm.time
      if baseline {
        // Plan days are one per date from the start, so the due day is found by its offset.
        let offset = plan.start.days(to: due)
        let firstDose = (plan.days.indices.contains(offset) ? plan.days[offset] : nil)?.administrations.filter {
          monitored.contains($0.medicine) && plan.medicines[$0.medicine].firstDate == due
        }.map(\.time).min()
        // A medicine a revision starts has its baseline on or after the revision's date: no day before it changes.
        let since = starts.filter { plan.medicines[$0].firstDate == due }
          .compactMap { spec.medications[plan.medicines[$0].index].segment?.since }.max()
        let floor = max(plan.start, since ?? plan.start)
        (date, note) = Self.baselineDay(due, firstDose: firstDose, time: rhythm.time, planStart: floor)
        // Kept on the first dose's day with the dose at or before the usual time: the test comes before the dose.
        if note != nil, let firstDose { time = min(time, Self.before(firstDose)) }
      }
      guard date <= plan.end else { continue }
      // The DMARDs the test is for: started (or starting within the week, for a shared baseline) and not stopped.
      let active = monitored.filter { i in
        let m = plan.medicines[i]
        guard let first = m.firstDate, first <= (baseline ? due.adding(days: Self.sharedBaselineDays) : date) else {
          return false
        }
        return m.continuation != nil || (m.lastDate.map { date <= $0 } ?? false)
      }
      guard !active.isEmpty else { continue }
      let names = active.map { plan.medicines[$0].displayName.lowercased() }
      let trough = active.contains { plan.medicines[$0].kind.isCalcineurinInhibitor }
      var detail = "full blood count, renal and liver function"
      if trough {
        // A trough level is drawn before the morning dose: the test is planned before the calcineurin
        // inhibitor's first time of day (a level after the dose is no trough).
        let morning = active.filter { plan.medicines[$0].kind.isCalcineurinInhibitor }
          .compactMap { plan.medicines[$0].times.min() }.min()
        if let morning {
          time = min(time, Self.before(morning))
          detail += ", and a trough level before the morning dose at \(morning)"
        } else {
          detail += ", and a trough level before the morning dose"
        }
      }
      detail += " (\(names.joined(separator: ", ")); \(rhythmText))"
      if let note { detail += "; \(note)" }
      let event = MonitoringEvent(
        date: date, time: time, title: trough ? "Blood test and trough level" : "Blood test", detail: detail,
        medicines: active)
      if let j = events.firstIndex(where: { $0.date == date }) {
        if baseline { events[j] = event }
      } else {
        events.append(event)
      }
    }
    return events.sorted { $0.date < $1.date }
  }

  /// Half an hour before `dose` (not before midnight): a blood test that must come before a dose.
  static func before(_ dose: LocalTime) -> LocalTime {
    let minutes = max(0, dose.minutesSinceMidnight - 30)
    return LocalTime(hour: minutes / 60, minute: minutes % 60)!
  }

  /// The day a test due on `due` is planned for: a Saturday or Sunday moves to the Friday before, or to the
  /// Monday after when that Friday is before the plan's start.
  static func weekday(for due: CivilDate, planStart: CivilDate) -> CivilDate {
    switch due.weekday {
    case .saturday, .sunday:
      let friday = due.adding(days: due.weekday == .saturday ? -1 : -2)
      return friday >= planStart ? friday : due.adding(days: due.weekday == .saturday ? 2 : 1)
    default: return due
    }
  }

  /// The day of a baseline due on its first dose's day `due`, and a note for its detail: it stays on `due` when
  /// that is a weekday and the first dose (`firstDose`) comes after the test `time`; otherwise it moves to the
  /// latest weekday before `due` on or after the plan's start. With no such weekday it stays on `due`, and the
  /// note says to take the blood test before the first dose (when that dose is at or before the test time).
  static func baselineDay(
    _ due: CivilDate, firstDose: LocalTime?, time: LocalTime, planStart: CivilDate
  ) -> (CivilDate, String?) {
    let doseFirst = firstDose.map { $0 <= time } ?? false
    if !due.weekday.isWeekend && !doseFirst { return (due, nil) }
    var day = due.adding(days: -1)
    while day >= planStart {
      if !day.weekday.isWeekend { return (day, nil) }
      day = day.adding(days: -1)
    }
    guard let firstDose, doseFirst else { return (due, nil) }
    return (due, "take the blood test before the first dose at \(firstDose)")
  }
}

extension Weekday {
  /// Saturday or Sunday: no blood tests are planned on these.
  fileprivate var isWeekend: Bool { self == .saturday || self == .sunday }
}
