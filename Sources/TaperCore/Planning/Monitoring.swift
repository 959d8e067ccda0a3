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

  /// Every 2 weeks until stable for 6 weeks, then monthly for 3 months, then every 3 months
  /// (NHS shared-care protocols, e.g. NHS Dumfries & Galloway azathioprine).
  public static let sharedCare = MonitoringRhythm(
    fortnightlyUntilStableWeeks: 6, monthlyCount: 3, thenEveryWeeks: 12, enabled: true)

  public init(fortnightlyUntilStableWeeks: Int, monthlyCount: Int, thenEveryWeeks: Int, enabled: Bool) {
    self.fortnightlyUntilStableWeeks = fortnightlyUntilStableWeeks
    self.monthlyCount = monthlyCount
    self.thenEveryWeeks = thenEveryWeeks
    self.enabled = enabled
  }
}

/// A monitoring appointment that belongs in the plan: a blood test, a trough level.
public struct MonitoringEvent: Hashable, Sendable {
  public var date: CivilDate
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
      error("monitoring.fortnightly_until_stable_weeks", "\(r.fortnightlyUntilStableWeeks) is outside 2–52 weeks")
    }
    if !(0...24).contains(r.monthlyCount) {
      error("monitoring.monthly_count", "\(r.monthlyCount) is outside 0–24 monthly tests")
    }
    if !(4...52).contains(r.thenEveryWeeks) {
      error("monitoring.then_every_weeks", "\(r.thenEveryWeeks) is outside 4–52 weeks")
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
    var anchors: [CivilDate] = []
    for start in Set(monitored.compactMap { plan.medicines[$0].firstDate }).sorted() {
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
      let starting = monitored.filter { i in
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
    return dates.filter { $0.0 >= plan.start && $0.0 <= min(plan.end, lastNeeded) }.compactMap { date, rhythmText in
      // The DMARDs the test is for: started (or starting within the week, for a shared baseline) and not stopped.
      let baseline = anchors.contains(date)
      let active = monitored.filter { i in
        let m = plan.medicines[i]
        guard let first = m.firstDate, first <= date.adding(days: baseline ? Self.sharedBaselineDays : 0) else {
          return false
        }
        return m.continuation != nil || (m.lastDate.map { date <= $0 } ?? false)
      }
      guard !active.isEmpty else { return nil }
      let names = active.map { plan.medicines[$0].displayName.lowercased() }
      let trough = active.contains {
        if case .specialist(let a) = plan.medicines[$0].kind { return a == .ciclosporin || a == .tacrolimus }
        return false
      }
      var detail = "full blood count, renal and liver function"
      if trough { detail += ", and a trough level before the morning dose" }
      detail += " (\(names.joined(separator: ", ")); \(rhythmText))"
      return MonitoringEvent(
        date: date, title: trough ? "Blood test and trough level" : "Blood test", detail: detail, medicines: active)
    }
  }
}
