/// The day-by-day plan: what the patient takes, on which date, at what local time.
///
/// Renderers and exporters consume this value and never recompute a dose.
public struct TreatmentPlan: Hashable, Sendable {
  public var id: String
  public var title: String
  public var start: CivilDate
  /// The last day of the plan (inclusive).
  public var end: CivilDate
  public var timeZone: String
  public var revision: Int
  public var status: PlanStatus
  public var clinic: Clinic?
  public var patient: PatientSpec
  public var medicines: [Medicine]
  /// Every day from `start` to `end`, days without a dose included.
  public var days: [PlanDay]
  /// Each day a medicine's dose changes (a taper step, an escalation).
  public var changes: [DoseChange]
  /// Warnings and notices (no errors: a plan with errors is refused).
  public var notices: [Diagnostic]
  /// Blood tests and trough levels for the plan's DMARDs.
  public var monitoring: [MonitoringEvent] = []
  /// The revisions this plan is made of, the first one first (one record for a plan never revised).
  public var revisions: [RevisionRecord] = []
  /// Set when the plan meets the NHS Steroid Emergency Card's criterion (NatPSA/2020/005/NHSPS): the printout
  /// then carries the card's page and the calendar a reminder to carry it.
  public var steroidCard: SteroidCard? = nil

  /// The revision this plan shows, when it is a later one: its effective date and reason.
  public var latestRevision: RevisionRecord? { revisions.last.flatMap { $0.effective == nil ? nil : $0 } }
  /// The corrections among its revisions ("corrected on …: …" on every output).
  public var corrections: [RevisionRecord] { revisions.filter(\.correction) }

  /// Whole weeks from `start` to `end`.
  public var weekCount: Int { (start.days(to: end) + 7) / 7 }
}

/// Why a plan needs the NHS Steroid Emergency Card (National Patient Safety Alert NatPSA/2020/005/NHSPS, 2020):
/// a systemic corticosteroid at 5 mg/day prednisolone or more for 4 weeks or longer, or 40 mg/day or more for
/// more than a week (pulse days counted, alternate days averaged).
public struct SteroidCard: Hashable, Sendable {
  public enum Criterion: Hashable, Sendable {
    case fiveMilligramsForFourWeeks
    case fortyMilligramsForMoreThanAWeek
  }
  public var criterion: Criterion
  /// The first day of corticosteroid treatment in the plan: the day to start carrying the card.
  public var from: CivilDate
}

/// Drugs the planner knows, each with its seed dosing rules.
public enum DrugKind: Hashable, Sendable {
  case methylprednisolone
  case prednisolone
  case methotrexate
  case folicAcid
  case azathioprine
  case mycophenolate
  case ivig
  /// Mycophenolic acid (Myfortic): the same active moiety as mycophenolate mofetil at a different strength
  /// (720 mg ≈ 1 g mofetil); its limits are the seed's mofetil limits converted.
  case mycophenolicAcid
  /// A systemic corticosteroid other than prednisolone and the intravenous pulse.
  case corticosteroid(Corticosteroid)
  /// A specialist-dosed agent: the tool never computes its dose.
  case specialist(SpecialistAgent)
  /// Any other medicine the patient takes; shown, never dose-checked.
  case other
}

/// The seed's "consult specialist for guidance on dose" agents.
public enum SpecialistAgent: String, Hashable, Sendable, CaseIterable {
  case ciclosporin, tacrolimus, rituximab, cyclophosphamide, abatacept, tocilizumab
}

/// Systemic corticosteroids a myositis plan may carry beside prednisolone, each with its anti-inflammatory
/// equivalence to prednisolone (BNF, "Glucocorticoid therapy": prednisolone 5 mg ≡ betamethasone 750
/// micrograms ≡ deflazacort 6 mg ≡ dexamethasone 750 micrograms ≡ hydrocortisone 20 mg ≡
/// methylprednisolone 4 mg).
public enum Corticosteroid: String, Hashable, Sendable, CaseIterable {
  case dexamethasone, hydrocortisone, deflazacort, betamethasone, triamcinolone
  /// Cortisone acetate.
  case cortisone
  /// Oral (or depot intramuscular) methylprednisolone: not the intravenous pulse.
  case methylprednisolone = "oral methylprednisolone"

  /// The dose equivalent to 5 mg of prednisolone.
  public var equivalentToFiveMilligramsPrednisolone: Mass {
    switch self {
    case .dexamethasone, .betamethasone: Mass(micrograms: 750)
    case .hydrocortisone: Mass(mg: 20)
    case .deflazacort: Mass(mg: 6)
    case .methylprednisolone, .triamcinolone: Mass(mg: 4)
    case .cortisone: Mass(mg: 25)
    }
  }

  /// `dose` as milligrams of prednisolone (BNF equivalence).
  public func prednisoloneEquivalent(of dose: Mass) -> Mass {
    Mass(micrograms: dose.micrograms * 5000 / equivalentToFiveMilligramsPrednisolone.micrograms)
  }
}

/// How a medicine is given.
public enum Route: String, Hashable, Sendable, CaseIterable {
  case oral, intravenous, subcutaneous, intramuscular
  /// Not given in the plan file (specialist agents and other medicines).
  case unspecified

  /// "by mouth", "intravenous infusion"…
  public var phrase: String {
    switch self {
    case .oral: "by mouth"
    case .intravenous: "intravenous infusion"
    case .subcutaneous: "injection under the skin"
    case .intramuscular: "injection into a muscle"
    case .unspecified: "as directed"
    }
  }
}

/// One medicine of the plan, resolved: its name, schedule in words, safety notes and how it ends.
public struct Medicine: Hashable, Sendable {
  /// Its position in `medications:` (0-based).
  public var index: Int
  /// The name as in the plan file, lower case ("prednisolone", "alendronic acid").
  public var key: String
  /// "Prednisolone", "Alendronic acid".
  public var displayName: String
  public var kind: DrugKind
  public var route: Route
  /// The wall-clock times it is taken at.
  public var times: [LocalTime]
  /// "once daily at 08:00", "once weekly on Monday".
  public var scheduleText: String
  /// How to take it: food, day, infusion.
  public var instructions: [String]
  /// The seed's adverse effects and monitoring for this drug.
  public var safetyNotes: [String]
  /// False for `other` medicines and specialist agents: Taper did not check the dose.
  public var doseChecked: Bool
  /// First and last administration in the plan (nil if none falls inside it).
  public var firstDate: CivilDate?
  public var lastDate: CivilDate?
  /// Set when the medicine is still running on the plan's last day: "continue at 4 mg once daily until review".
  public var continuation: String?
  /// Infusion length for intravenous medicines.
  public var durationMinutes: Int?
  /// Dosing-weight working for weight-based doses (IVIG), shown to the clinician.
  public var doseBasis: String?
  /// How the medicine relates to the seed for the patient's group and line: the option it matches, or
  /// `nil` for supportive and other medicines.
  public var guideline: String? = nil
  /// The drug dictionary's entry (``DrugEntry/id``) for the medicine, an `other` one included when its name
  /// is known ("omeprazole", "co-trimoxazole"); `nil` for a name the dictionary does not know.
  public var dictionaryID: String? = nil
  /// The entry's class, for the interaction and steroid rules.
  public var drugClass: DrugClass? = nil
  /// A word of an `other` medicine's name that says it is not taken systemically ("cream", "shampoo"): such a
  /// medicine is no interaction partner.
  public var localForm: String? = nil
  /// For one regimen of a medicine a revision changed: "until 2027-02-21" or "from 2027-02-22" (the plan lists
  /// each regimen of it).
  public var period: String? = nil
}

/// An amount on a label: a checked mass, or a specialist's dose text taken as written.
public enum DoseAmount: Hashable, Sendable, CustomStringConvertible {
  /// A dose in milligrams.
  case milligrams(Mass)
  /// A dose in grams (IVIG), shown to 0.1 g.
  case grams(Mass)
  /// Text entered by a specialist or for an `other` medicine; not checked.
  case text(String)

  public var mass: Mass? {
    switch self {
    case .milligrams(let m), .grams(let m): m
    case .text: nil
    }
  }

  /// "35 mg", "28.0 g", "1 g".
  public var description: String {
    switch self {
    case .milligrams(let m): m.mgText
    case .grams(let m): m.gramsText
    case .text(let t): t
    }
  }
}

/// `count` tablets of `strength`.
public struct TabletCount: Hashable, Sendable, CustomStringConvertible {
  public var strength: Mass
  public var count: Int
  public init(strength: Mass, count: Int) {
    self.strength = strength
    self.count = count
  }
  /// "7 × 5 mg".
  public var description: String { "\(count) × \(strength.mgText)" }
}

/// One dose of one medicine at one time on one day.
public struct Administration: Hashable, Sendable {
  /// Index into ``TreatmentPlan/medicines``.
  public var medicine: Int
  /// The medicine's key ("prednisolone").
  public var drug: String
  public var amount: DoseAmount
  public var route: Route
  /// The wall-clock time it happens; differs from `scheduledTime` only on a spring-forward day whose
  /// clock skips the scheduled time (then it is moved forward by the gap, as RFC 5545 does).
  public var time: LocalTime
  /// The plan's time for this dose.
  public var scheduledTime: LocalTime
  public var tablets: [TabletCount]
  /// A short label for the dose in its series: "IVIG course 1, day 2 of 5", "pulse day 3 of 3".
  public var note: String?
  /// The medicine continues after the plan's last day ("continue at X until review").
  public var continuesAfterPlan: Bool

  /// "7 × 5 mg" or "14 × 5 mg + 1 × 2.5 mg"; empty when there are no tablets.
  public var tabletText: String { tablets.map(\.description).joined(separator: " + ") }
}

/// One calendar day of the plan.
public struct PlanDay: Hashable, Sendable {
  public var date: CivilDate
  /// 1 for `plan.start`.
  public var number: Int
  /// Sorted by time, then by the order of `medications:`.
  public var administrations: [Administration]
}

/// A day on which a medicine's dose changes.
public struct DoseChange: Hashable, Sendable {
  public var date: CivilDate
  public var medicine: Int
  public var drug: String
  /// "40 mg" (daily total, or the step's pattern "20 mg / 17.5 mg alternate days").
  public var from: String
  public var to: String
  /// The daily dose before and after, as amounts (alternate-day steps averaged): what rules read.
  public var fromDaily: Mass
  public var toDaily: Mass
  public var isReduction: Bool
  /// "Prednisolone reduces today: 40 → 35 mg".
  public var summary: String
}
