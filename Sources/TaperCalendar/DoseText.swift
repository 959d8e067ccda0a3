public import TaperCore

/// The words on a dose event: a short `SUMMARY` that fits a phone screen, and the full `DESCRIPTION`.
public enum DoseText {
  /// The longest summary that still shows whole on a phone notification.
  public static let summaryLimit = 30

  /// "Prednisolone 35 mg (7 × 5 mg)", "Methotrexate 15 mg WEEKLY", "IVIG 28.0 g".
  ///
  /// Drug and dose lead; the tablets follow only while the whole fits in ``summaryLimit`` characters.
  public static func summary(_ administration: Administration, medicine: Medicine) -> String {
    var base = "\(medicine.displayName) \(administration.amount)"
    if medicine.kind == .methotrexate { base += " WEEKLY" }
    let tablets = administration.tabletText
    if !tablets.isEmpty {
      let long = "\(base) (\(tablets))"
      if long.count <= summaryLimit { return long }
    }
    return base
  }

  /// "35 mg by mouth: 7 × 5 mg tablets."
  static func doseLine(_ administration: Administration, medicine: Medicine) -> String {
    var line = "\(medicine.displayName) \(administration.amount), \(administration.route.phrase)"
    if !administration.tabletText.isEmpty { line += ": \(administration.tabletText) tablets" }
    if medicine.kind == .methotrexate { line += ". ONCE A WEEK, never daily" }
    return line + "."
  }

  /// The description of a dose event (a series or a single dose).
  static func description(
    _ administrations: [Administration], dates: [CivilDate], recurrence: Recurrence?, medicine: Medicine,
    plan: TreatmentPlan, includesLastDose: Bool, includePatientLabel: Bool
  ) -> String {
    guard let first = administrations.first, let firstDate = dates.first, let lastDate = dates.last else {
      return ""
    }
    var lines: [String] = [doseLine(first, medicine: medicine)]
    if let recurrence {
      lines.append(
        "At \(first.scheduledTime) \(recurrence.phrase), \(firstDate) to \(lastDate) (\(dates.count) doses).")
    } else {
      lines.append("At \(first.scheduledTime) on \(firstDate).")
    }
    let notes = administrations.compactMap(\.note)
    if let firstNote = notes.first, let lastNote = notes.last {
      let text = firstNote == lastNote ? "\(firstNote)." : "\(firstNote) … \(lastNote)."
      lines.append(text.prefix(1).uppercased() + text.dropFirst())
    }
    if let minutes = medicine.durationMinutes, medicine.route == .intravenous {
      lines.append("Infusion of about \(durationText(minutes)).")
    }
    lines += medicine.instructions
    lines += medicine.safetyNotes
    if !medicine.doseChecked {
      lines.append("Dose as written by the prescriber; Taper did not check it.")
    }
    if includePatientLabel, let basis = medicine.doseBasis { lines.append("Dose: \(basis).") }
    if includesLastDose {
      if let continuation = medicine.continuation {
        lines.append("At the end of this plan (\(lastDate)): \(continuation).")
      } else {
        lines.append("Last dose of this plan.")
      }
    }
    lines += footer(plan, includePatientLabel: includePatientLabel)
    return lines.joined(separator: "\n")
  }

  /// The description of a dose-change event.
  static func changeDescription(_ change: DoseChange, plan: TreatmentPlan, includePatientLabel: Bool) -> String {
    var lines = ["\(change.summary).", "From \(change.from) to \(change.to) from \(change.date) on."]
    lines += footer(plan, includePatientLabel: includePatientLabel)
    return lines.joined(separator: "\n")
  }

  /// "Blood test: full blood count, renal and liver function (…)" and the plan footer.
  static func monitoringDescription(_ test: MonitoringEvent, plan: TreatmentPlan, includePatientLabel: Bool) -> String {
    var lines = ["\(test.title): \(test.detail).", "Book it with the surgery or clinic; bring this calendar entry."]
    lines += footer(plan, includePatientLabel: includePatientLabel)
    return lines.joined(separator: "\n")
  }

  /// Revision and status; the patient only when asked for.
  static func footer(_ plan: TreatmentPlan, includePatientLabel: Bool) -> [String] {
    var lines: [String] = []
    if includePatientLabel {
      var who = "Patient: "
      if let label = plan.patient.label { who += "\(label), " }
      who += "\(plan.patient.weight), group \(plan.patient.group.rawValue)."
      lines.append(who)
    }
    lines.append(
      "Plan revision \(plan.revision)" + (plan.status == .draft ? " (DRAFT, not yet approved)." : "."))
    return lines
  }

  /// "4 hours", "90 minutes", "1 hour 30 minutes".
  static func durationText(_ minutes: Int) -> String {
    let h = minutes / 60
    let m = minutes % 60
    if h == 0 { return "\(m) minutes" }
    let hours = h == 1 ? "1 hour" : "\(h) hours"
    return m == 0 ? hours : "\(hours) \(m) minutes"
  }
}
