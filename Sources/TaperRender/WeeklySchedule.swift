public import TaperCore

/// The plan cut into calendar weeks for printing: a column per day, a row per medicine and time.
///
/// The PDF, the HTML page and `taper week` all draw this one model, so they cannot disagree. It copies
/// doses and tablets from the plan's administrations and never computes one.
public struct WeeklySchedule: Hashable, Sendable {
  /// Every calendar week that holds at least one day of the plan, in order.
  public var weeks: [Week]

  public init(_ plan: TreatmentPlan, weekStart: WeekStart = .monday) {
    let offset = (plan.start.weekday.isoIndex - weekStart.weekday.isoIndex + 7) % 7
    let firstDay = plan.start.adding(days: -offset)
    let count = firstDay.days(to: plan.end) / 7 + 1
    let planDays = Dictionary(plan.days.map { ($0.date, $0) }, uniquingKeysWith: { a, _ in a })
    let changes = Dictionary(grouping: plan.changes, by: \.date)
    let tests = Dictionary(grouping: plan.monitoring, by: \.date)
    var weeks: [Week] = []
    weeks.reserveCapacity(count)
    for n in 0..<count {
      let dates = (0..<7).map { firstDay.adding(days: n * 7 + $0) }
      weeks.append(
        Week(
          number: n + 1, count: count, dates: dates, plan: plan, planDays: planDays, changes: changes,
          tests: tests, isLast: n == count - 1))
    }
    self.weeks = weeks
  }
}

extension WeeklySchedule {
  /// One printed week: seven days, whether or not each falls inside the plan.
  public struct Week: Hashable, Sendable {
    /// 1 for the week holding the plan's first day.
    public var number: Int
    /// How many weeks the schedule has.
    public var count: Int
    /// Always seven days, from the week-start day.
    public var days: [Day]
    /// One row per medicine and time that has a dose this week, in the order of `medications:`.
    public var rows: [Row]
    /// The dose changes that fall in this week, by date.
    public var changes: [DoseChange]
    /// On the plan's last week: "Prednisolone: continue at 4 mg (once daily in the morning) until review".
    public var continuations: [String]

    public var first: CivilDate { days[0].date }
    public var last: CivilDate { days[6].date }
    /// The first and last days of the week that are inside the plan.
    public var planFirst: CivilDate { days.first(where: \.inPlan)?.date ?? first }
    public var planLast: CivilDate { days.last(where: \.inPlan)?.date ?? last }

    /// "Week 2 of 54".
    public var title: String { "Week \(number) of \(count)" }
    /// "Mon 14 Dec 2026 – Sun 20 Dec 2026".
    public var rangeText: String { "\(WeeklyText.dayText(first)) – \(WeeklyText.dayText(last))" }

    init(
      number: Int, count: Int, dates: [CivilDate], plan: TreatmentPlan, planDays: [CivilDate: PlanDay],
      changes: [CivilDate: [DoseChange]], tests: [CivilDate: [MonitoringEvent]], isLast: Bool
    ) {
      self.number = number
      self.count = count
      self.changes = dates.flatMap { changes[$0] ?? [] }

      // Rows: (medicine, scheduled time, occurrence) in the order of `medications:`, then time.
      struct Key: Hashable, Comparable {
        var medicine: Int
        var time: LocalTime
        var occurrence: Int
        static func < (a: Key, b: Key) -> Bool {
          (a.medicine, a.time.minutesSinceMidnight, a.occurrence) < (b.medicine, b.time.minutesSinceMidnight, b.occurrence)
        }
      }
      var byKey: [Key: [Int: Administration]] = [:]
      var days: [Day] = []
      for (column, date) in dates.enumerated() {
        let planDay = planDays[date]
        let administrations = planDay?.administrations ?? []
        var seen: [Key: Int] = [:]
        for a in administrations {
          var key = Key(medicine: a.medicine, time: a.scheduledTime, occurrence: 0)
          key.occurrence = seen[key, default: 0]
          seen[Key(medicine: a.medicine, time: a.scheduledTime, occurrence: 0), default: 0] += 1
          byKey[key, default: [:]][column] = a
        }
        let methotrexate = administrations.contains { plan.medicines[$0.medicine].kind == .methotrexate }
        days.append(
          Day(
            date: date, inPlan: planDay != nil, changes: changes[date] ?? [],
            hasInfusion: administrations.contains { $0.route == .intravenous },
            isMethotrexateDay: methotrexate,
            tests: planDay == nil ? [] : (tests[date] ?? []).map { Test(title: $0.title, detail: $0.detail) }))
      }
      self.days = days

      var rows: [Row] = byKey.keys.sorted().map { key in
        let medicine = plan.medicines[key.medicine]
        let isMethotrexate = medicine.kind == .methotrexate
        let cells: [Cell] = (0..<7).map { column in
          guard days[column].inPlan else { return .outsidePlan }
          guard let a = byKey[key]?[column] else { return isMethotrexate ? .noMethotrexate : .empty }
          let change = days[column].changes.first { $0.medicine == a.medicine }
          return .dose(
            Dose(
              amount: a.amount.description, tablets: a.tabletText, note: a.note,
              movedFrom: a.time != a.scheduledTime ? a.scheduledTime : nil, time: a.time, change: change,
              isInfusion: a.route == .intravenous, isMethotrexate: isMethotrexate,
              continues: a.continuesAfterPlan && isLast && days[column].date == plan.end))
        }
        return Row(
          medicine: key.medicine, name: medicine.displayName, time: key.time, route: medicine.route,
          isMethotrexate: isMethotrexate, doseChecked: medicine.doseChecked, isMonitoring: false, cells: cells)
      }
      if days.contains(where: { !$0.tests.isEmpty }) {
        rows.append(
          Row(
            medicine: -1, name: "Blood tests", time: LocalTime(hour: 0, minute: 0)!, route: .unspecified,
            isMethotrexate: false, doseChecked: true, isMonitoring: true,
            cells: days.map { !$0.inPlan ? .outsidePlan : ($0.tests.isEmpty ? .empty : .tests($0.tests)) }))
      }

      self.rows = rows
      continuations = isLast ? plan.medicines.compactMap { m in m.continuation.map { "\(m.displayName): \($0)" } } : []
    }
  }

  /// One day column.
  public struct Day: Hashable, Sendable {
    public var date: CivilDate
    /// False for the days of the first and last weeks that fall outside the plan.
    public var inPlan: Bool
    /// Dose changes on this day (highlighted).
    public var changes: [DoseChange]
    /// An intravenous dose is given on this day (highlighted).
    public var hasInfusion: Bool
    /// Methotrexate is taken on this day.
    public var isMethotrexateDay: Bool
    /// Blood tests planned for this day (monitoring).
    public var tests: [Test]

    /// "Mon", "Tue".
    public var weekdayText: String { date.weekday.shortName }
    /// "14 Dec".
    public var dateText: String { "\(date.day) \(WeeklyText.monthNames[date.month - 1])" }
  }

  /// A monitoring appointment on a day: "Blood test", "full blood count, renal and liver function (…)".
  public struct Test: Hashable, Sendable {
    public var title: String
    public var detail: String
    /// The detail without its parenthesised reason: "full blood count, renal and liver function".
    public var shortDetail: String {
      String(detail.prefix { $0 != "(" }).trimmingSuffixSpaces
    }
  }

  /// One medicine at one time of day across the week, or the week's blood tests.
  public struct Row: Hashable, Sendable {
    /// Index into ``TreatmentPlan/medicines``; -1 for the blood-test row.
    public var medicine: Int
    public var name: String
    /// The plan's time for this dose.
    public var time: LocalTime
    public var route: Route
    public var isMethotrexate: Bool
    /// False for specialist and `other` medicines: Taper did not check their doses.
    public var doseChecked: Bool
    /// The row of blood tests (monitoring), not a medicine; its `time` means nothing.
    public var isMonitoring: Bool
    /// Seven cells, one per day.
    public var cells: [Cell]
  }

  /// What one day shows for one row.
  public enum Cell: Hashable, Sendable {
    /// The day is before the plan's first day or after its last.
    case outsidePlan
    /// No dose of this medicine at this time today.
    case empty
    /// The methotrexate row on any day but the methotrexate day.
    case noMethotrexate
    /// A dose to take, with a tick box.
    case dose(Dose)
    /// Blood tests on this day, with a tick box.
    case tests([Test])
  }

  /// A dose in a cell, with everything copied from the plan's administration.
  public struct Dose: Hashable, Sendable {
    /// "35 mg", "28.0 g", "1 g".
    public var amount: String
    /// "7 × 5 mg"; empty when there are no tablets.
    public var tablets: String
    /// "IVIG course 1 of 3, day 1 of 5".
    public var note: String?
    /// The scheduled time when the clock skipped it and the dose moved (spring forward).
    public var movedFrom: LocalTime?
    /// When the dose is taken.
    public var time: LocalTime
    /// The dose changes today.
    public var change: DoseChange?
    public var isInfusion: Bool
    public var isMethotrexate: Bool
    /// The plan's last dose of a medicine that goes on after the plan.
    public var continues: Bool

    /// "35 mg — 7 × 5 mg", or "28.0 g" when there are no tablets.
    public var text: String { tablets.isEmpty ? amount : "\(amount) — \(tablets)" }

    /// "▼ from 40 mg", "▲ from 15 mg".
    public var changeText: String? {
      change.map { "\($0.isReduction ? "▼" : "▲") from \($0.from)" }
    }

    /// Short lines printed under the dose: the change, the note, a moved time, "then continue".
    public var details: [String] {
      var lines: [String] = []
      if let changeText { lines.append(changeText) }
      if let note, !isMethotrexate { lines.append(note) }
      if let movedFrom { lines.append("at \(time) (clocks go forward; planned \(movedFrom))") }
      if continues { lines.append("then continue until review") }
      return lines
    }
  }
}

extension String {
  var trimmingSuffixSpaces: String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}
