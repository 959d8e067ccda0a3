public import TaperCore

/// What changed between two revisions of a plan, in words a patient understands: doses and dates, read from
/// the two planned schedules (never recomputed).
public enum PlanChanges {
  /// The most sentences listed; the rest are counted.
  static let limit = 12

  /// Sentences such as "Prednisolone from Mon 4 January to Sun 17 January 2027: 25 mg at 08:00 each day
  /// (was 30 mg at 08:00)."; empty when the doses and dates are the same.
  public static func describe(from old: TreatmentPlan, to new: TreatmentPlan) -> [String] {
    var lines: [String] = []
    if old.start != new.start {
      lines.append("The plan now starts on \(words(new.start)) (was \(words(old.start))).")
    }
    if old.end != new.end {
      lines.append("The plan now ends on \(words(new.end)) (was \(words(old.end))).")
    }
    let oldDoses = doses(old)
    let newDoses = doses(new)
    let names = Set(oldDoses.keys).union(newDoses.keys).sorted()
    for name in names {
      let before = oldDoses[name] ?? [:]
      let after = newDoses[name] ?? [:]
      if before.isEmpty {
        if let first = after.keys.min() { lines.append("\(name) is new: it starts on \(words(first)).") }
        continue
      }
      if after.isEmpty {
        lines.append("\(name) is no longer in the plan.")
        continue
      }
      // Runs of changed days with the same old and new dose; unchanged days in between do not break a run
      // (a weekly medicine changes on one day a week).
      var run: (first: CivilDate, last: CivilDate, count: Int, was: String, now: String)?
      func flush() {
        guard let r = run else { return }
        let when =
          r.count == 1
          ? "on \(words(r.first))"
          : "from \(words(r.first)) to \(words(r.last)) (on \(r.count) days)"
        let change =
          if r.was.isEmpty { "\(r.now) (new)" } else if r.now.isEmpty { "no \(name) (was \(r.was))" } else {
            "\(r.now) (was \(r.was))"
          }
        lines.append("\(name) \(when): \(change).")
        run = nil
      }
      for date in Set(before.keys).union(after.keys).sorted() {
        let was = before[date] ?? ""
        let now = after[date] ?? ""
        if was == now { continue }
        if let r = run, r.was == was, r.now == now {
          run = (r.first, date, r.count + 1, was, now)
        } else {
          flush()
          run = (date, date, 1, was, now)
        }
      }
      flush()
    }
    if lines.count > limit {
      let more = lines.count - limit
      lines = Array(lines.prefix(limit)) + ["… and \(more) more change\(more == 1 ? "" : "s")."]
    }
    return lines
  }

  /// For each medicine's display name: date → "25 mg at 08:00" (several doses joined with " and ").
  static func doses(_ plan: TreatmentPlan) -> [String: [CivilDate: String]] {
    var result: [String: [CivilDate: String]] = [:]
    for day in plan.days {
      var parts: [String: [String]] = [:]
      for a in day.administrations {
        let name = plan.medicines.indices.contains(a.medicine) ? plan.medicines[a.medicine].displayName : a.drug
        parts[name, default: []].append("\(a.amount) at \(a.time)")
      }
      for (name, texts) in parts { result[name, default: [:]][day.date] = texts.joined(separator: " and ") }
    }
    return result
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
  ]

  /// "Mon 4 January 2027".
  public static func words(_ date: CivilDate) -> String {
    "\(date.weekday.shortName) \(date.day) \(monthNames[date.month - 1]) \(date.year)"
  }
}
