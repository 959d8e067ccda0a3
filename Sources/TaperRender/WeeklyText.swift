public import TaperCore

/// One printed week as terminal text (`taper week`): a block per day, a line per dose with a tick box.
public enum WeeklyText {
  /// The week numbered `number` (1-based) of `schedule`, or `nil` when there is no such week.
  public static func render(_ plan: TreatmentPlan, schedule: WeeklySchedule, week number: Int) -> String? {
    guard schedule.weeks.indices.contains(number - 1) else { return nil }
    let week = schedule.weeks[number - 1]
    var out: [String] = []
    out.append("\(plan.title) — \(week.title), \(week.rangeText)\(plan.status == .draft ? " — DRAFT" : "")")
    out.append("Plan \(plan.id), revision \(plan.revision); times in \(plan.timeZone)")
    let nameWidth = week.rows.map(\.name.count).max() ?? 0
    for (column, day) in week.days.enumerated() {
      out.append("")
      var head = "\(day.weekdayText) \(day.dateText)"
      if !day.inPlan {
        out.append(head + "  (not in the plan)")
        continue
      }
      var marks: [String] = []
      if day.isMethotrexateDay { marks.append("METHOTREXATE DAY") }
      if day.hasInfusion { marks.append("infusion day") }
      if !day.changes.isEmpty { marks.append("dose change") }
      if !day.tests.isEmpty { marks.append("blood test") }
      if !marks.isEmpty { head += "  [" + marks.joined(separator: ", ") + "]" }
      out.append(head)
      var any = false
      // By time of day, then in the order of `medications:`.
      let ordered = week.rows.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
      for (_, row) in ordered {
        switch row.cells[column] {
        case .dose(let dose):
          any = true
          let name = row.name + String(repeating: " ", count: nameWidth - row.name.count)
          var line = "  [ ] \(dose.time)  \(name)  \(dose.text)"
          let details = dose.details
          if !details.isEmpty { line += "  (" + details.joined(separator: "; ") + ")" }
          out.append(line)
        case .tests(let tests):
          any = true
          for t in tests { out.append("  [ ] \(t.title): \(t.detail)") }
        case .noMethotrexate:
          let name = row.name + String(repeating: " ", count: nameWidth - row.name.count)
          out.append("   –  \(row.time)  \(name)  no methotrexate today")
        case .empty, .outsidePlan:
          break
        }
      }
      if !any { out.append("      nothing to take") }
    }
    if !week.changes.isEmpty {
      out.append("")
      out.append("Changes this week:")
      for c in week.changes { out.append("  \(dayText(c.date)): \(c.summary)") }
    }
    if !week.continuations.isEmpty {
      out.append("")
      out.append("After the plan:")
      for c in week.continuations { out.append("  \(c)") }
    }
    return out.joined(separator: "\n") + "\n"
  }

  static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// "Mon 14 Dec 2026".
  public static func dayText(_ date: CivilDate) -> String {
    "\(date.weekday.shortName) \(date.day) \(monthNames[date.month - 1]) \(date.year)"
  }
}
