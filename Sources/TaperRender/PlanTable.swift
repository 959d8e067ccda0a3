public import TaperCore

/// The plan as a readable terminal table: one block per day, doses and tablets, dose changes marked.
public enum PlanTable {
  public static func render(_ plan: TreatmentPlan) -> String {
    var out: [String] = []
    out.append("\(plan.title) — plan \(plan.id), revision \(plan.revision)\(plan.status == .draft ? " (DRAFT)" : "")")
    out.append("\(plan.start) to \(plan.end) (\(plan.weekCount) weeks), times in \(plan.timeZone)")
    for line in RevisionText.lines(plan) { out.append(line) }
    out.append("")
    out.append("Medicines:")
    for m in plan.medicines {
      let name = m.displayName + (m.period.map { " (\($0))" } ?? "")
      out.append("  \(name): \(m.scheduleText), \(m.route.phrase)\(m.doseChecked ? "" : " [dose not checked by Taper]")")
      if let basis = m.doseBasis { out.append("    dose: \(basis)") }
      if let g = m.guideline { out.append("    guideline: \(g)") }
      if let c = m.continuation { out.append("    at the end of the plan: \(c)") }
    }
    out.append("")
    let changes = Dictionary(grouping: plan.changes, by: \.date)
    let tests = Dictionary(grouping: plan.monitoring, by: \.date)
    for day in plan.days {
      let head = "\(day.date) \(day.date.weekday.shortName) day \(day.number)"
      let pad = String(repeating: " ", count: head.count)
      let monitoring = (tests[day.date] ?? []).map { "\($0.time)  \($0.title): \($0.detail)" }
      if day.administrations.isEmpty {
        out.append("\(head)  —")
        out += monitoring.map { "\(pad)  ☐ \($0)" }
        continue
      }
      for (i, a) in day.administrations.enumerated() {
        let name = plan.medicines[a.medicine].displayName
        var line = "\(i == 0 ? head : pad)  \(a.time)  \(name) \(a.amount)"
        if !a.tablets.isEmpty { line += " (\(a.tabletText))" }
        if a.route != .oral && a.route != .unspecified { line += " \(a.route.rawValue)" }
        if let note = a.note { line += " — \(note)" }
        if a.time != a.scheduledTime { line += " [moved from \(a.scheduledTime): clocks go forward]" }
        if let change = changes[day.date]?.first(where: { $0.medicine == a.medicine }) {
          line += "  \(change.isReduction ? "▼" : "▲") \(change.from) → \(change.to)"
        }
        if a.continuesAfterPlan, let c = plan.medicines[a.medicine].continuation { line += "  → \(c)" }
        out.append(line)
      }
      out += monitoring.map { "\(pad)  ☐ \($0)" }
    }
    if !plan.notices.isEmpty {
      out.append("")
      out.append("Notices:")
      for n in plan.notices { out.append("  \(n.severity.rawValue): \(n)") }
    }
    return out.joined(separator: "\n") + "\n"
  }
}

/// The plan as CSV (RFC 4180): one row per administration.
public enum PlanCSV {
  public static func render(_ plan: TreatmentPlan) -> String {
    var rows = ["date,day,weekday,time,drug,amount,unit,route,tablets,note"]
    for day in plan.days {
      for a in day.administrations {
        let (amount, unit): (String, String) =
          switch a.amount {
          case .milligrams(let m): (Mass.init(micrograms: m.micrograms).mgText.replacingSuffix(" mg"), "mg")
          case .grams(let m): (m.gramsText.replacingSuffix(" g"), "g")
          case .text(let t): (t, "")
          }
        rows.append(
          [
            "\(day.date)", "\(day.number)", day.date.weekday.name, "\(a.time)", a.drug, amount, unit,
            a.route.rawValue, a.tabletText, a.note ?? "",
          ].map(field).joined(separator: ","))
      }
    }
    return rows.joined(separator: "\r\n") + "\r\n"
  }

  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

extension String {
  func replacingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }

  func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
