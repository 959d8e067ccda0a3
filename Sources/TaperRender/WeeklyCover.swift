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
  /// When to call the clinic.
  public var whenToCall: [String]
  public var medicines: [MedicineSummary]
  /// Planner notices and warnings, as "warning: …".
  public var notices: [String]
  /// "Blood tests: 14 in this plan, the first on Mon 7 Dec 2026; each is marked on its week's page."
  public var testsLine: String?
  /// "Made with Taper 0.1.0 · implements BMJ Best Practice: …".
  public var producedBy: String

  /// A medicine as page 1 lists it.
  public struct MedicineSummary: Hashable, Sendable {
    public var name: String
    /// "once weekly on Monday, by mouth".
    public var schedule: String
    public var instructions: [String]
    public var safetyNotes: [String]
    /// "dose: 2 g/kg × 70 kg …", "dose set by a specialist; not checked by Taper", "continue at …".
    public var extra: [String]
  }

  public init(_ plan: TreatmentPlan, options: PrintOptions, weekCount: Int) {
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
    if contacts.isEmpty { contacts.append("Ask your clinic to write its phone number here: ______________") }
    contactLines = contacts

    let kinds = plan.medicines.map(\.kind)
    var call: [String] = []
    let immunosuppressed = kinds.contains { kind in
      switch kind {
      case .methylprednisolone, .prednisolone, .methotrexate, .azathioprine, .mycophenolate, .mycophenolicAcid,
        .corticosteroid, .specialist:
        true
      case .folicAcid, .ivig, .other: false
      }
    }
    if immunosuppressed {
      call.append(
        "A fever (38 °C or more), chills, or any sign of infection: these medicines weaken your defence against "
          + "infection. Call the same day.")
    }
    if kinds.contains(.methotrexate) {
      let day = plan.medicines.first { $0.kind == .methotrexate }?.scheduleText ?? "once weekly"
      call.append(
        "A missed methotrexate dose: do not take it on another day and never double it; call for advice. "
          + "Methotrexate is taken \(day) only.")
      call.append("Sore throat, mouth ulcers, bruising or bleeding, breathlessness or a new cough.")
    }
    if kinds.contains(.prednisolone) {
      call.append("If you cannot take prednisolone (for example vomiting): do not stop it suddenly.")
    }
    call.append("Any other worry about your medicines.")
    whenToCall = call

    medicines = plan.medicines.map { m in
      var extra: [String] = []
      if let basis = m.doseBasis { extra.append("Dose: \(basis)") }
      if !m.doseChecked { extra.append("Dose as written by the prescriber; not checked by Taper.") }
      if let c = m.continuation { extra.append("At the end of this plan: \(c).") }
      return MedicineSummary(
        name: m.displayName, schedule: "\(m.scheduleText), \(m.route.phrase)", instructions: m.instructions,
        safetyNotes: m.safetyNotes, extra: extra)
    }
    let testDates = Set(plan.monitoring.map(\.date)).sorted()
    testsLine = testDates.first.map { first in
      "Blood tests: \(testDates.count) date\(testDates.count == 1 ? "" : "s") in this plan, the first on "
        + "\(WeeklyText.dayText(first)); each is marked on its week's page."
    }
    notices = plan.notices.map { "\($0.severity.rawValue): \($0.message)" }
    producedBy = "Made with Taper \(options.version) · implements \(Self.guideline)"
  }
}
