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

  /// The parts of a medicine's descriptions that are the same for every one of its events, built once per
  /// export: instructions, safety notes, the unchecked-dose line, and the plan footer.
  struct Fixed {
    /// Instructions, safety notes and the unchecked-dose line, joined.
    var notes: String
    /// The plan footer, joined.
    var footer: String
    /// The infusion line, when there is one.
    var infusion: String?
    /// Summaries and dose lines by amount and tablets, built once per distinct dose.
    var summaries: [DoseKey: String] = [:]
    var doseLines: [DoseKey: String] = [:]

    /// Builds the summary and dose line of every distinct dose among `administrations`.
    mutating func prepare(_ administrations: [Administration], medicine: Medicine) {
      for a in administrations where summaries[DoseKey(a)] == nil {
        summaries[DoseKey(a)] = DoseText.summary(a, medicine: medicine)
        doseLines[DoseKey(a)] = DoseText.doseLine(a, medicine: medicine)
      }
    }

    init(medicine: Medicine, plan: TreatmentPlan, includePatientLabel: Bool) {
      var lines = medicine.instructions + medicine.safetyNotes
      if !medicine.doseChecked { lines.append("Dose as written by the prescriber; Taper did not check it.") }
      if includePatientLabel, let basis = medicine.doseBasis { lines.append("Dose: \(basis).") }
      notes = lines.joined(separator: "\n")
      footer = DoseText.footer(plan, includePatientLabel: includePatientLabel).joined(separator: "\n")
      if let minutes = medicine.durationMinutes, medicine.route == .intravenous {
        infusion = "Infusion of about \(durationText(minutes))."
      }
    }
  }

  /// What makes two doses' texts the same: the amount and the tablets.
  struct DoseKey: Hashable {
    var amount: DoseAmount
    var tablets: [TabletCount]
    init(_ a: Administration) {
      amount = a.amount
      tablets = a.tablets
    }
  }

  /// The description of a dose event (a series or a single dose).
  static func description(
    _ administrations: [Administration], dates: [CivilDate], recurrence: Recurrence?, medicine: Medicine,
    plan: TreatmentPlan, includesLastDose: Bool, includePatientLabel: Bool
  ) -> String {
    description(
      administrations, dates: dates, recurrence: recurrence, medicine: medicine, includesLastDose: includesLastDose,
      fixed: Fixed(medicine: medicine, plan: plan, includePatientLabel: includePatientLabel))
  }

  /// The description of a dose event, with the medicine's fixed parts already built.
  static func description(
    _ administrations: [Administration], dates: [CivilDate], recurrence: Recurrence?, medicine: Medicine,
    includesLastDose: Bool, fixed: Fixed
  ) -> String {
    guard let first = administrations.first, let firstDate = dates.first, let lastDate = dates.last else {
      return ""
    }
    var text = fixed.doseLines[DoseKey(first)] ?? doseLine(first, medicine: medicine)
    text.reserveCapacity(fixed.notes.utf8.count + fixed.footer.utf8.count + 256)
    if let recurrence {
      text += "\nAt \(first.scheduledTime) \(recurrence.phrase), \(firstDate) to \(lastDate) (\(dates.count) doses)."
    } else {
      text += "\nAt \(first.scheduledTime) on \(firstDate)."
    }
    if let firstNote = administrations.first(where: { $0.note != nil })?.note,
      let lastNote = administrations.last(where: { $0.note != nil })?.note
    {
      let line = firstNote == lastNote ? "\(firstNote)." : "\(firstNote) … \(lastNote)."
      text += "\n" + line.prefix(1).uppercased() + line.dropFirst()
    }
    if let infusion = fixed.infusion { text += "\n" + infusion }
    if !fixed.notes.isEmpty { text += "\n" + fixed.notes }
    if includesLastDose {
      if let continuation = medicine.continuation {
        text += "\nAt the end of this plan (\(lastDate)): \(continuation)."
      } else {
        text += "\nLast dose of this plan."
      }
    }
    if !fixed.footer.isEmpty { text += "\n" + fixed.footer }
    return text
  }

  /// The description of a dose-change event.
  static func changeDescription(_ change: DoseChange, plan: TreatmentPlan, includePatientLabel: Bool) -> String {
    var lines = ["\(change.summary).", "From \(change.from) to \(change.to) from \(change.date) on."]
    lines += footer(plan, includePatientLabel: includePatientLabel)
    return lines.joined(separator: "\n")
  }

  /// "Blood test: full blood count, renal and liver function (…)", its planned time and the plan footer.
  static func monitoringDescription(_ test: MonitoringEvent, plan: TreatmentPlan, includePatientLabel: Bool) -> String {
    var lines = [
      "\(test.title): \(test.detail).", "Planned for \(test.time) — book the appointment with the surgery or clinic; "
        + "bring this calendar entry.",
    ]
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
      "Plan revision \(plan.revision)" + (plan.latestRevision?.effective.map { " (changes from \($0))" } ?? "")
        + (plan.status == .draft ? " (DRAFT, not yet approved)." : "."))
    // A correction rewrote days already planned: every entry says so, the corrected past ones included.
    for correction in plan.corrections {
      if let text = correction.correctionText { lines.append(text.prefix(1).uppercased() + text.dropFirst() + ".") }
    }
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
