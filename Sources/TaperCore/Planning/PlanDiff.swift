/// What changed between two revisions of a plan, in words a patient understands ("From Monday 22 February 2027:
/// prednisolone goes back up to 30 mg a day, …"), found by comparing the two day-by-day plans, never the files.
public struct PlanDiff: Hashable, Sendable {
  public var from: Int
  public var to: Int
  /// The first day whose doses differ; every day before it is the same in both.
  public var firstChange: CivilDate?
  /// The revisions after `from` up to `to`, oldest first.
  public var revisions: [RevisionRecord]
  public var patientChanges: [String]
  public var items: [Item]

  /// One medicine's change.
  public struct Item: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
      case starts, stops, dose, weekday, time
      /// Doses differ in another way (tablets, a note, an infusion day).
      case other
    }
    public var date: CivilDate
    public var drug: String
    public var kind: Kind
    /// "prednisolone goes back up to 30 mg a day (it was 20 mg), holds it for 2 weeks, then …".
    public var text: String
  }

  /// Compares `old` and `new`, two revisions of one plan.
  public static func between(_ old: TreatmentPlan, _ new: TreatmentPlan) -> PlanDiff {
    var diff = PlanDiff(
      from: old.revision, to: new.revision, firstChange: nil,
      revisions: new.revisions.filter { $0.number > old.revision && $0.effective != nil }, patientChanges: [],
      items: [])
    diff.patientChanges = patientChanges(old.patient, new.patient)
    if old.status != new.status {
      diff.patientChanges.append(new.status == .approved ? "the plan is approved (it was a draft)" : "the plan is a draft again")
    }
    let oldDoses = doses(old)
    let newDoses = doses(new)
    var drugs: [String] = []
    for m in new.medicines + old.medicines where !drugs.contains(m.key) { drugs.append(m.key) }
    let last = max(old.end, new.end)
    for drug in drugs {
      let a = oldDoses[drug] ?? [:]
      let b = newDoses[drug] ?? [:]
      // The first date whose doses of the drug differ, inside both plans (a longer plan is no change by itself).
      let common = min(old.end, new.end)
      var date = min(old.start, new.start)
      var changed: CivilDate?
      while date <= common {
        if !same(a[date] ?? [], b[date] ?? []) {
          changed = date
          break
        }
        date = date.adding(days: 1)
      }
      if changed == nil, a.isEmpty, let first = b.keys.min() { changed = first }
      guard let day = changed else { continue }
      diff.items.append(item(drug, from: day, old: old, new: new, a: a, b: b, last: last))
    }
    diff.items.sort { ($0.date, drugs.firstIndex(of: $0.drug) ?? 0) < ($1.date, drugs.firstIndex(of: $1.drug) ?? 0) }
    diff.firstChange = diff.items.map(\.date).min()
    return diff
  }

  /// The diff in plain words, one paragraph per date.
  public var text: String {
    var out: [String] = []
    for revision in revisions {
      var head = "Revision \(revision.number)"
      if let written = revision.written { head += ", written \(written.longDescription)" }
      if let author = revision.author { head += " by \(author)" }
      head += revision.correction ? " (a correction)" : ""
      out.append(head + (revision.reason.map { ": \($0)" } ?? "."))
      if let days = revision.correctedDays, let written = revision.written {
        let range = days.lowerBound == days.upperBound
          ? days.lowerBound.longDescription : "\(days.lowerBound.longDescription) to \(days.upperBound.longDescription)"
        out.append("It corrects days before \(written.longDescription), when it was written: \(range).")
      }
    }
    if !patientChanges.isEmpty {
      let line = patientChanges.joined(separator: "; ")
      out.append((line.hasPrefix("the plan") ? "" : "Patient: ") + line + ".")
    }
    if items.isEmpty {
      out.append("No dose changes between revision \(from) and revision \(to).")
      return out.joined(separator: "\n") + "\n"
    }
    var dates: [CivilDate] = []
    for item in items where !dates.contains(item.date) { dates.append(item.date) }
    for date in dates {
      out.append("From \(date.longDescription):")
      for item in items where item.date == date { out.append("- \(item.text)") }
    }
    if let first = firstChange {
      out.append("Every day before \(first.longDescription) is as in revision \(from).")
    }
    return out.joined(separator: "\n") + "\n"
  }

  // MARK: - Pieces

  typealias Doses = [CivilDate: [Administration]]

  static func doses(_ plan: TreatmentPlan) -> [String: Doses] {
    var out: [String: Doses] = [:]
    for day in plan.days {
      for a in day.administrations { out[a.drug, default: [:]][day.date, default: []].append(a) }
    }
    return out
  }

  static func same(_ a: [Administration], _ b: [Administration]) -> Bool {
    a.count == b.count
      && zip(a, b).allSatisfy { x, y in
        x.amount == y.amount && x.time == y.time && x.tablets == y.tablets && x.route == y.route && x.note == y.note
      }
  }

  static func total(_ doses: [Administration]) -> Mass? {
    let masses = doses.compactMap(\.amount.mass)
    return masses.isEmpty ? nil : masses.reduce(.zero, +)
  }

  static func amountText(_ mass: Mass, like doses: [Administration]) -> String {
    if case .grams? = doses.first?.amount { return DoseAmount.grams(mass).description }
    return mass.mgText
  }

  static func item(
    _ drug: String, from day: CivilDate, old: TreatmentPlan, new: TreatmentPlan, a: Doses, b: Doses, last: CivilDate
  ) -> Item {
    let name = (new.medicines.first { $0.key == drug } ?? old.medicines.first { $0.key == drug })?.displayName ?? drug
    let before = a.keys.filter { $0 < day }.max()
    let newDates = b.keys.filter { $0 >= day }.sorted()
    let oldDates = a.keys.filter { $0 >= day }.sorted()
    if a.isEmpty, let first = newDates.first, let medicine = new.medicines.first(where: { $0.key == drug }) {
      let dose = b[first].map { doses in total(doses).map { amountText($0, like: doses) } ?? doses[0].amount.description } ?? ""
      return Item(
        date: first, drug: drug, kind: .starts,
        text: "\(name) starts on \(first.longDescription): \(dose), \(medicine.scheduleText)")
    }
    guard let firstNew = newDates.first else {
      let lastDose = b.keys.filter { $0 < day }.max()
      return Item(
        date: day, drug: drug, kind: .stops,
        text: "\(name) stops" + (lastDose.map { ": the last dose is on \($0.longDescription)" } ?? ""))
    }
    let newDoses = b[firstNew] ?? []
    // The weekday of a weekly medicine.
    if let firstOld = oldDates.first, let lastOld = before ?? a.keys.max(),
      isWeekly(a), isWeekly(b), firstOld.weekday != firstNew.weekday
    {
      let gap = b.keys.filter({ $0 < day }).max().map { $0.days(to: firstNew) } ?? lastOld.days(to: firstNew)
      let lastOldDose = b.keys.filter { $0 < day }.max() ?? lastOld
      return Item(
        date: day, drug: drug, kind: .weekday,
        text: "\(name) moves from \(lastOldDose.weekday.name) to \(firstNew.weekday.name): the last "
          + "\(lastOldDose.weekday.name) dose is on \(lastOldDose.longDescription), the first \(firstNew.weekday.name) "
          + "dose on \(firstNew.longDescription), \(gap) days later")
    }
    let was = (before.flatMap { a[$0] }) ?? (oldDates.first.flatMap { a[$0] }) ?? []
    let oldOnDay = a[firstNew] ?? was
    let newTotal = total(newDoses)
    let oldTotal = total(was)
    if let newTotal, let oldTotal, newTotal != oldTotal || total(oldOnDay) != newTotal {
      let unit = isWeekly(b) ? "a week" : (newDoses.first.map { if case .grams = $0.amount { true } else { false } } == true ? "a day on infusion days" : "a day")
      let amount = "\(amountText(newTotal, like: newDoses)) \(unit)"
      var text: String
      if newTotal > oldTotal {
        text = "\(name) goes back up to \(amount) (it was \(amountText(oldTotal, like: was)))"
      } else if newTotal < oldTotal {
        text = "\(name) goes down to \(amount) (it was \(amountText(oldTotal, like: was)))"
      } else {
        let planned = total(oldOnDay).map { amountText($0, like: oldOnDay) } ?? "no dose"
        text = "\(name) stays at \(amount) (revision \(old.revision) had \(planned) from this day)"
      }
      if let steps = stepsText(drug, after: firstNew, plan: new) { text += ", " + steps }
      return Item(date: firstNew, drug: drug, kind: .dose, text: text)
    }
    // A dose taken as written (a specialist's, an `other` medicine's): its words.
    if newTotal == nil || oldTotal == nil, let n = newDoses.first, let o = was.first, n.amount != o.amount {
      return Item(
        date: firstNew, drug: drug, kind: .dose,
        text: "\(name) changes to \(n.amount) (it was \(o.amount))"
          + (n.scheduledTime != o.scheduledTime ? ", at \(n.scheduledTime) instead of \(o.scheduledTime)" : ""))
    }
    if let n = newDoses.first, let o = was.first, n.scheduledTime != o.scheduledTime {
      return Item(
        date: firstNew, drug: drug, kind: .time,
        text: "\(name) is taken at \(n.scheduledTime) instead of \(o.scheduledTime)")
    }
    // The same first dose, a different regimen after it (a new taper from the current dose).
    if let steps = stepsText(drug, after: firstNew, plan: new), let newTotal {
      return Item(
        date: firstNew, drug: drug, kind: .dose,
        text: "\(name) stays at \(amountText(newTotal, like: newDoses)) a day, " + steps)
    }
    return Item(date: day, drug: drug, kind: .other, text: "\(name): the doses from \(day.longDescription) change (see the plan)")
  }

  static func isWeekly(_ doses: Doses) -> Bool {
    let dates = doses.keys.sorted()
    guard dates.count >= 2 else { return false }
    return zip(dates, dates.dropFirst()).allSatisfy { $0.days(to: $1) >= 7 }
  }

  /// "holds it for 2 weeks, then comes down by 5 mg every 2 weeks to 10 mg, then by 2.5 mg every 2 weeks to 5 mg".
  static func stepsText(_ drug: String, after start: CivilDate, plan: TreatmentPlan) -> String? {
    let steps = plan.changes.filter { $0.drug == drug && $0.date > start }.sorted { $0.date < $1.date }
    guard let first = steps.first else { return nil }
    func weeks(_ days: Int) -> String {
      days % 7 == 0 ? (days == 7 ? "every week" : "every \(days / 7) weeks") : "every \(days) days"
    }
    var parts: [String] = []
    let hold = start.days(to: first.date)
    parts.append(
      hold % 7 == 0
        ? "holds it for " + (hold == 7 ? "1 week" : "\(hold / 7) weeks")
        : "holds it until \(first.date.adding(days: -1).longDescription)")
    // Runs of equal steps at equal intervals.
    var i = 0
    var previousDate = start
    var firstRun = true
    while i < steps.count {
      let delta = steps[i].fromDaily.micrograms - steps[i].toDaily.micrograms
      var j = i
      var interval = j == 0 ? nil : previousDate.days(to: steps[j].date)
      while j + 1 < steps.count,
        steps[j + 1].fromDaily.micrograms - steps[j + 1].toDaily.micrograms == delta,
        interval == nil || steps[j].date.days(to: steps[j + 1].date) == interval
      {
        interval = steps[j].date.days(to: steps[j + 1].date)
        j += 1
      }
      let amount = Mass(micrograms: abs(delta))
      let verb = delta > 0 ? "comes down" : "goes up"
      let every = interval.map(weeks) ?? ""
      let lead = firstRun ? "then \(verb) by" : "then by"
      parts.append("\(lead) \(amount.mgText)\(every.isEmpty ? "" : " \(every)") to \(steps[j].to)")
      firstRun = false
      previousDate = steps[j].date
      i = j + 1
    }
    return parts.joined(separator: ", ")
  }

  static func patientChanges(_ a: PatientSpec, _ b: PatientSpec) -> [String] {
    var out: [String] = []
    if a.weight != b.weight { out.append("weight \(b.weight) (was \(a.weight))") }
    if a.egfr != b.egfr { out.append("eGFR \(b.egfr.map(String.init) ?? "not given") (was \(a.egfr.map(String.init) ?? "not given"))") }
    if a.group != b.group { out.append("group \(b.group.rawValue) (was \(a.group.rawValue))") }
    if a.line != b.line { out.append("line \(b.line) (was \(a.line))") }
    if a.tpmt != b.tpmt { out.append("TPMT \(b.tpmt?.rawValue ?? "not given") (was \(a.tpmt?.rawValue ?? "not given"))") }
    if a.pregnant != b.pregnant { out.append("pregnant: \(b.pregnant == true ? "yes" : "no")") }
    if a.allopurinol != b.allopurinol { out.append("allopurinol: \(b.allopurinol == true ? "yes" : "no")") }
    return out
  }
}

extension CivilDate {
  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]

  /// "Monday 22 February 2027".
  public var longDescription: String { "\(weekday.name) \(day) \(Self.monthNames[month - 1]) \(year)" }
}
