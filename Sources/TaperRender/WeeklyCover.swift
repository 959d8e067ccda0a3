public import TaperCore

/// The text of a printout's first page, shared by the PDF and the HTML page.
public struct WeeklyCover: Hashable, Sendable {
  /// The guideline Taper's rules come from, named on every printout.
  public static let guideline =
    "BMJ Best Practice: idiopathic inflammatory myopathies, treatment algorithm"

  public var title: String
  /// The patient label, printed on paper only (never put into calendars).
  public var patientLabel: String?
  public var isDraft: Bool
  /// "Plan demo-severe-001, revision 1".
  public var planLine: String
  /// ``PrintOptions/approval``.
  public var approvalLine: String?
  /// "Starts Mon 7 Dec 2026 · ends Sun 12 Dec 2027 · 54 weeks · times in Europe/London".
  public var datesLine: String
  /// Clinic, prescriber and phone, one per line.
  public var contactLines: [String]
  /// "When to get help now": the catalogue's lines for the plan's medicines, the most urgent first.
  public var helpNow: [String]
  public var medicines: [MedicineSummary]
  /// Each medicine's lines for being unwell and for a missed dose, and the words explained.
  public var advice: PatientAdvice
  /// "After the last day of this plan, keep taking your medicines as on that day until your clinic reviews
  /// them.", when a medicine taken at home runs to the plan's last day.
  public var afterPlanLine: String?
  /// "Blood tests: 14 in this plan, the first on Mon 7 Dec 2026; each is marked on its week's page."
  public var testsLine: String?
  /// "Made with Taper 0.1.0 · implements BMJ Best Practice: …".
  public var producedBy: String
  /// What the clinician reads and the patient does not: on its own page.
  public var clinician: ClinicianPage
  /// The catalogue's headings, in the patient's language.
  public var headings: PatientCatalogue.Headings

  /// A medicine as page 1 lists it: only what the patient needs.
  public struct MedicineSummary: Hashable, Sendable {
    public var name: String
    /// "once weekly on Monday, by mouth".
    public var schedule: String
    public var instructions: [String]
    /// "Your specialist sets this dose.", "After the last day of this plan, …".
    public var extra: [String]
  }

  /// The clinician page: the planner's findings, the dose arithmetic and the guideline's notes per medicine.
  public struct ClinicianPage: Hashable, Sendable {
    public var title: String
    public var note: String
    /// Planner notices and warnings, as "warning: …".
    public var notices: [String]
    public var medicines: [Medicine]
    public struct Medicine: Hashable, Sendable {
      public var name: String
      /// "Dose: 2 g/kg × 70 kg …", "Dose as written by the prescriber; not checked by Taper.", "At the end …".
      public var lines: [String]
      /// The seed's adverse effects and monitoring, with its reference numbers.
      public var safetyNotes: [String]
    }
  }

  public init(_ plan: TreatmentPlan, options: PrintOptions, weekCount: Int, catalogue: PatientCatalogue = .english) {
    title = plan.title
    patientLabel = plan.patient.label
    isDraft = plan.status == .draft
    planLine = "Plan \(plan.id), revision \(plan.revision)\(isDraft ? " — DRAFT: not yet approved for use" : "")"
    approvalLine = options.approval
    datesLine =
      "Starts \(WeeklyText.dayText(plan.start)) · ends \(WeeklyText.dayText(plan.end)) · "
      + "\(weekCount) week\(weekCount == 1 ? "" : "s") · times in \(plan.timeZone)"
    var contacts: [String] = []
    if let clinic = plan.clinic {
      if let name = clinic.name { contacts.append(name) }
      if let prescriber = clinic.prescriber { contacts.append("Prescriber: \(prescriber)") }
      if let phone = clinic.phone { contacts.append("Phone: \(phone)") }
    }
    if contacts.isEmpty { contacts.append(catalogue.headings.clinicDefault) }
    contactLines = contacts

    headings = catalogue.headings
    advice = PatientAdvice(plan, catalogue: catalogue)
    helpNow = advice.helpNow.map(\.text)
    medicines = plan.medicines.map { m in
      var extra: [String] = []
      if !m.doseChecked { extra.append(catalogue.headings.specialistDose) }
      if m.continuation != nil, m.kind == .ivig { extra.append(catalogue.headings.afterPlanInfusion) }
      return MedicineSummary(
        name: m.displayName, schedule: "\(m.scheduleText), \(m.route.phrase)", instructions: m.instructions,
        extra: extra)
    }
    afterPlanLine =
      plan.medicines.contains { $0.continuation != nil && $0.kind != .ivig } ? catalogue.headings.afterPlan : nil
    let testDates = Set(plan.monitoring.map(\.date)).sorted()
    testsLine = testDates.first.map { first in
      "Blood tests: \(testDates.count) date\(testDates.count == 1 ? "" : "s") in this plan, the first on "
        + "\(WeeklyText.dayText(first)); each is marked on its week's page."
    }
    producedBy = "Made with Taper \(options.version) · implements \(Self.guideline)"
    clinician = ClinicianPage(
      title: catalogue.headings.clinicianPage, note: catalogue.headings.clinicianNote,
      notices: plan.notices.map { "\($0.severity.rawValue): \($0.message)" },
      medicines: plan.medicines.map { m in
        var lines: [String] = []
        if let basis = m.doseBasis { lines.append("Dose: \(basis)") }
        if !m.doseChecked { lines.append("Dose as written by the prescriber; not checked by Taper.") }
        if let c = m.continuation { lines.append("At the end of this plan: \(c).") }
        return ClinicianPage.Medicine(name: m.displayName, lines: lines, safetyNotes: m.safetyNotes)
      })
  }
}
