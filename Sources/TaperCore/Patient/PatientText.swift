/// Where a patient sentence comes from. Every sentence a patient reads names one (README, "What the patient
/// takes home", lists them with their addresses).
public enum PatientSource: String, CaseIterable, Hashable, Sendable {
  /// NHS England, National Patient Safety Alert NatPSA/2020/005/NHSPS (13 August 2020): Steroid Emergency Card
  /// to support early recognition and treatment of adrenal insufficiency in adults; and the card itself.
  case steroidCardAlert
  /// Society for Endocrinology and NHS England (2020, updated 2021): Exogenous steroids, adrenal insufficiency
  /// and adrenal crisis — who is at risk and how should they be managed safely. The sick-day table for people
  /// on glucocorticoids for conditions other than adrenal insufficiency (not the replacement-therapy rules).
  case exogenousSteroids
  /// MHRA Drug Safety Update (September 2020), methotrexate once-weekly for autoimmune diseases, and the
  /// NPSA oral methotrexate patient-held record and booklet it points to.
  case methotrexateBooklet
  /// NHS website medicines pages (nhs.uk/medicines): prednisolone, azathioprine, mycophenolate, folic acid.
  case nhsMedicines
  /// NHS website: when to call 999, go to A&E or call 111.
  case nhsUrgentCare
  /// The plan itself: what Taper scheduled (the day, the time, who gives the medicine).
  case plan

  /// The citation printed in the README.
  public var citation: String {
    switch self {
    case .steroidCardAlert:
      "NHS England National Patient Safety Alert NatPSA/2020/005/NHSPS, \"Steroid Emergency Card to support "
        + "early recognition and treatment of adrenal insufficiency in adults\" (2020), and the NHS Steroid Emergency Card"
    case .exogenousSteroids:
      "Society for Endocrinology / NHS England, \"Exogenous steroids, adrenal insufficiency and adrenal crisis — "
        + "who is at risk and how should they be managed safely\" (2020, updated 2021): sick-day rules for "
        + "glucocorticoids given for a condition other than adrenal insufficiency"
    case .methotrexateBooklet:
      "MHRA Drug Safety Update, September 2020, \"Methotrexate once-weekly for autoimmune diseases\", and the "
        + "NPSA oral methotrexate patient information booklet and record"
    case .nhsMedicines: "NHS website, medicines A to Z: prednisolone, azathioprine, mycophenolate, folic acid"
    case .nhsUrgentCare: "NHS website, \"When to go to A&E\" and \"NHS 111\""
    case .plan: "the plan (what Taper scheduled)"
    }
  }
}

/// One sentence, or a few short ones, a patient reads, with its source.
public struct PatientLine: Hashable, Sendable {
  public var text: String
  public var source: PatientSource
  public init(_ text: String, _ source: PatientSource) {
    self.text = text
    self.source = source
  }
}

/// Every sentence of advice a patient reads, in one language: a clinically reviewed translation is another value
/// of this type, and the renderers never change for it. Sentences are short (at most 20 words) and explain the
/// few abbreviations they use (``glossary``); `PatientTextTests` holds them to both.
public struct PatientCatalogue: Sendable {
  public var language: String
  public var headings: Headings
  /// "When to get help now", in order: the lines that apply to the plan's medicines.
  public var helpNow: [HelpNow: PatientLine]
  /// What to do while unwell, and after a missed dose, for each kind of medicine.
  public var unwell: [AdviceKind: [PatientLine]]
  public var missed: [AdviceKind: [PatientLine]]
  /// What else the patient must know about a medicine (other prescribers, interactions, pregnancy).
  public var important: [AdviceKind: [PatientLine]]
  /// The steroid emergency card's page.
  public var card: CardText
  /// Abbreviations the patient pages may use, each with the words that explain it.
  public var glossary: [Word]

  /// An abbreviation or unit and the words that explain it.
  public struct Word: Hashable, Sendable {
    public var abbreviation: String
    public var meaning: String
    public init(_ abbreviation: String, _ meaning: String) {
      self.abbreviation = abbreviation
      self.meaning = meaning
    }
  }

  public struct Headings: Hashable, Sendable {
    public var helpNow: String
    public var callClinic: String
    public var yourMedicines: String
    public var advicePage: String
    public var ifUnwell: String
    public var ifMissed: String
    public var alsoImportant: String
    public var words: String
    public var clinicianPage: String
    public var clinicianNote: String
    public var cardReminder: String
    public var cardReminderDescription: String
    /// Under the medicines, when one taken at home is still taken on the plan's last day; and on IVIG.
    public var afterPlan: String
    public var afterPlanInfusion: String
    /// On a medicine whose dose the prescriber wrote and Taper does not check.
    public var specialistDose: String
    public var clinicDefault: String
  }

  /// The steroid emergency card's page: what the card says (the NHS card's content; its emergency treatment is
  /// clinician text, for the paramedic or doctor the patient shows it to) and when to show it.
  public struct CardText: Sendable {
    public var title: String
    public var intro: [PatientLine]
    public var cardFrontTitle: String
    public var cardFront: [String]
    public var cardTreatmentTitle: String
    public var cardTreatment: [String]
    public var whenToShow: [PatientLine]
    /// Details to write on the card, or beside it.
    public var fields: [String]
  }

  public enum HelpNow: Int, CaseIterable, Hashable, Sendable, Comparable {
    case steroidCrisis, adrenalCrisis, emergency, infection, exposure, methotrexate, infusion, anyWorry
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
  }

  /// The advice a medicine takes, by what it is and how it is given.
  public enum AdviceKind: Hashable, Sendable {
    /// An oral corticosteroid in a plan that meets the steroid card's criterion (sick-day rules apply).
    case steroidAtRisk
    /// An oral corticosteroid in a short plan.
    case steroid
    /// The intravenous pulse, given in hospital.
    case pulse
    case methotrexate, folicAcid, azathioprine, mycophenolate
    /// IVIG and the specialist agents given as infusions in hospital.
    case infusion
    /// A specialist agent taken at home (ciclosporin, tacrolimus).
    case specialistAtHome
    case other
  }
}

extension PatientCatalogue {
  /// The English text. Each line is written from its source, in plain words; none is copied from a leaflet.
  public static let english = PatientCatalogue(
    language: "en",
    headings: Headings(
      helpNow: "When to get help now",
      callClinic: "Your clinic",
      yourMedicines: "Your medicines",
      advicePage: "If you feel unwell or miss a dose",
      ifUnwell: "If you feel unwell",
      ifMissed: "If you miss a dose",
      alsoImportant: "Also important",
      words: "Words on these pages",
      clinicianPage: "For the clinician",
      clinicianNote: "Not for the patient: the planner's findings, the dose arithmetic and the guideline's notes.",
      cardReminder: "Carry your steroid emergency card",
      cardReminderDescription:
        "From today, carry your steroid emergency card. Show it to any doctor, nurse, paramedic, dentist or pharmacist who treats you.",
      afterPlan: "After the last day of this plan, keep taking your medicines as on that day until your clinic reviews them.",
      afterPlanInfusion: "After this plan, your clinic books your next infusions.",
      specialistDose: "Your specialist sets this dose.",
      clinicDefault: "Ask your clinic to write its phone number here: ______________"
    ),
    helpNow: [
      .steroidCrisis: PatientLine(
        "Vomiting, diarrhoea, or too ill to take your steroid tablets: call 999 or 111, or go to A&E now. "
          + "Show your steroid emergency card. You may need a hydrocortisone injection.", .steroidCardAlert),
      .adrenalCrisis: PatientLine(
        "Feeling faint or dizzy, confused, or very weak while on steroids: call 999 and show your steroid card.",
        .exogenousSteroids),
      .emergency: PatientLine("Very unwell, confused, or struggling to breathe: call 999.", .nhsUrgentCare),
      .infection: PatientLine(
        "A temperature of 38 °C or more, shivering, or signs of an infection: call your clinic the same day. "
          + "When it is closed, call 111.", .nhsUrgentCare),
      .exposure: PatientLine(
        "Near someone with chickenpox, shingles or measles? Tell your clinic the same day, even if you feel well.",
        .nhsMedicines),
      .methotrexate: PatientLine(
        "Sore throat, mouth ulcers, bruising, bleeding, or yellow skin or eyes: call your clinic the same day. "
          + "The same for breathlessness, a new cough or severe diarrhoea.", .methotrexateBooklet),
      .infusion: PatientLine(
        "Chest pain, sudden breathlessness, or a painful swollen leg after an infusion: call 999 now.",
        .nhsUrgentCare),
      .anyWorry: PatientLine("Any other worry about your medicines: call your clinic.", .plan),
    ],
    unwell: [
      .steroidAtRisk: [
        PatientLine("Never stop your steroid tablets suddenly.", .steroidCardAlert),
        PatientLine(
          "A fever, or an infection that needs antibiotics? If your dose is below 10 mg a day, take 10 mg a day "
            + "while you are unwell. Then go back to your plan.", .exogenousSteroids),
        PatientLine(
          "If your dose is 10 mg a day or more: keep taking your usual dose. Tell your clinic you are unwell.",
          .exogenousSteroids),
        PatientLine(
          "Vomiting, diarrhoea, or too ill to take your tablets? Call 999 or 111, or go to A&E now. "
            + "Show your steroid emergency card.", .steroidCardAlert),
        PatientLine(
          "Before an operation, a procedure or dental treatment, show your steroid card. Your dose may change that day.",
          .exogenousSteroids),
      ],
      .steroid: [
        PatientLine("Do not stop your steroid tablets suddenly. Keep to the doses on your plan.", .nhsMedicines),
        PatientLine(
          "Vomiting or diarrhoea, and you cannot keep your tablets down? Call your clinic the same day, or 111.",
          .nhsUrgentCare),
      ],
      .pulse: [
        PatientLine("This medicine is given as a drip in hospital. The ward team looks after you.", .plan),
      ],
      .methotrexate: [
        PatientLine(
          "A fever, an infection, vomiting or diarrhoea: do not take methotrexate that week. Call your clinic for advice.",
          .methotrexateBooklet),
      ],
      .folicAcid: [
        PatientLine("Keep taking folic acid as on your plan, but never on your methotrexate day.", .plan),
      ],
      .azathioprine: [
        PatientLine(
          "If you have a fever or signs of an infection: call your clinic the same day. Ask whether to keep taking azathioprine.",
          .nhsMedicines),
      ],
      .mycophenolate: [
        PatientLine(
          "If you have a fever or signs of an infection: call your clinic the same day. Ask whether to keep taking mycophenolate.",
          .nhsMedicines),
      ],
      .infusion: [
        PatientLine("If you feel unwell on the day of an infusion, call the infusion unit before you come.", .plan),
      ],
      .specialistAtHome: [
        PatientLine(
          "If you have a fever or signs of an infection: call your specialist team the same day.", .nhsMedicines),
        PatientLine("Have your blood pressure checked as often as your team asks.", .plan),
      ],
      .other: [
        PatientLine("Follow the advice your doctor or pharmacist gave you for this medicine.", .plan),
      ],
    ],
    missed: [
      .steroidAtRisk: [
        PatientLine(
          "Take it as soon as you remember that day. If you remember the next day, skip it.", .nhsMedicines),
        PatientLine("Then take that day's dose from your plan.", .nhsMedicines),
        PatientLine("Never take two doses to make up for a missed one.", .nhsMedicines),
      ],
      .steroid: [
        PatientLine(
          "Take it as soon as you remember that day. If you remember the next day, skip it.", .nhsMedicines),
        PatientLine("Then take that day's dose from your plan.", .nhsMedicines),
        PatientLine("Never take two doses to make up for a missed one.", .nhsMedicines),
      ],
      .pulse: [
        PatientLine("If you cannot come for a drip, call the ward to arrange another day.", .plan),
      ],
      .methotrexate: [
        PatientLine(
          "If you remember within 2 days of your usual day, take it then. Take the next one on your usual day.",
          .methotrexateBooklet),
        PatientLine(
          "If it is more than 2 days late, do not take it. Call your clinic for advice.", .methotrexateBooklet),
        PatientLine("Never take two doses together.", .methotrexateBooklet),
        PatientLine(
          "Take methotrexate once a week only. If you take too much, get medical help now.", .methotrexateBooklet),
      ],
      .folicAcid: [
        PatientLine(
          "Take it when you remember, unless that day is your methotrexate day. Then wait for your next folic acid day.",
          .plan),
      ],
      .azathioprine: [
        PatientLine(
          "Take it as soon as you remember, unless your next dose is nearly due. Then skip the missed dose.",
          .nhsMedicines),
        PatientLine("Never take two doses at the same time.", .nhsMedicines),
      ],
      .mycophenolate: [
        PatientLine(
          "Take it as soon as you remember, unless your next dose is nearly due. Then skip the missed dose.",
          .nhsMedicines),
        PatientLine("Never take two doses at the same time.", .nhsMedicines),
      ],
      .infusion: [
        PatientLine("If you cannot come for an infusion, call the infusion unit to arrange another day.", .plan),
      ],
      .specialistAtHome: [
        PatientLine("Call your specialist team for advice. Never take two doses at the same time.", .plan),
      ],
      .other: [
        PatientLine("Ask your pharmacist what to do. Never take two doses at the same time.", .plan),
      ],
    ],
    important: [
      .methotrexate: [
        PatientLine("Tell every doctor, dentist and pharmacist who treats you that you take methotrexate.", .methotrexateBooklet),
        PatientLine(
          "Do not take trimethoprim, co-trimoxazole or ibuprofen-type painkillers unless your clinic says so.",
          .methotrexateBooklet),
        PatientLine(
          "Methotrexate can harm an unborn baby. Ask your clinic about contraception, and before trying for a baby.",
          .nhsMedicines),
      ],
      .mycophenolate: [
        PatientLine(
          "Mycophenolate can harm an unborn baby. Use contraception, and tell your clinic at once if you could be pregnant.",
          .nhsMedicines),
      ],
      .azathioprine: [
        PatientLine("Tell every doctor and pharmacist who treats you that you take azathioprine.", .nhsMedicines),
      ],
      .steroidAtRisk: [
        PatientLine("Carry your steroid emergency card at all times.", .steroidCardAlert),
      ],
    ],
    card: CardText(
      title: "Your steroid emergency card",
      intro: [
        PatientLine(
          "Your steroid tablets mean your body may not make enough of its own steroid when you are very ill.",
          .steroidCardAlert),
        PatientLine("So you need an NHS steroid emergency card. Your clinic or pharmacy gives you one.", .steroidCardAlert),
        PatientLine("Fill it in and keep it with you, in your purse or wallet, at all times.", .steroidCardAlert),
      ],
      cardFrontTitle: "What the card tells doctors, nurses and paramedics (in short)",
      cardFront: [
        "The patient is physically dependent on daily steroid treatment, which must never be missed or stopped.",
        "Missed doses, illness or surgery can cause an adrenal crisis, which needs emergency treatment.",
        "A patient who cannot take tablets may need steroid injections.",
      ],
      cardTreatmentTitle: "On the card, for the doctor or paramedic: emergency treatment of adrenal crisis",
      cardTreatment: [
        "1. Immediate 100 mg hydrocortisone IV or IM injection.",
        "2. Then 200 mg hydrocortisone in 24 hours as a continuous IV infusion (in glucose 5%), "
          + "or 50 mg hydrocortisone IV or IM every 6 hours (100 mg if severely obese).",
        "3. Rapid rehydration with sodium chloride 0.9%.",
        "4. Liaise with the endocrinology team.",
      ],
      whenToShow: [
        PatientLine("Show the card to any doctor, nurse, paramedic, dentist or pharmacist who treats you.", .steroidCardAlert),
        PatientLine("Show it whenever you go to hospital, and before any operation or procedure.", .steroidCardAlert),
        PatientLine("Tell your family you carry it, so they can show it for you.", .steroidCardAlert),
        PatientLine("Ask your clinic how long to keep carrying it after your steroid tablets stop.", .plan),
      ],
      fields: ["Name", "Date of birth", "NHS number", "Steroid and dose", "Emergency contact"]
    ),
    glossary: [
      Word("mg", "milligrams"), Word("g", "grams"), Word("A&E", "the accident and emergency department"),
      Word("IVIG", "immunoglobulin, a drip of antibodies"), Word("NHS", "National Health Service"),
      Word("°C", "degrees Celsius"),
    ]
  )
}

extension PatientCatalogue.AdviceKind {
  /// The advice kind of a plan's medicine.
  public static func of(_ medicine: Medicine, in plan: TreatmentPlan) -> Self {
    switch medicine.kind {
    case .prednisolone, .corticosteroid: plan.steroidCard == nil ? .steroid : .steroidAtRisk
    case .methylprednisolone: .pulse
    case .methotrexate: .methotrexate
    case .folicAcid: .folicAcid
    case .azathioprine: .azathioprine
    case .mycophenolate, .mycophenolicAcid: .mycophenolate
    case .ivig: .infusion
    case .specialist(let agent):
      switch agent {
      case .ciclosporin, .tacrolimus: .specialistAtHome
      case .rituximab, .cyclophosphamide, .abatacept, .tocilizumab: .infusion
      }
    case .other: .other
    }
  }
}

/// The advice a plan's patient takes home, chosen from a catalogue: "When to get help now" first, then each
/// medicine's lines for being unwell and for a missed dose.
public struct PatientAdvice: Hashable, Sendable {
  public struct Medicine: Hashable, Sendable {
    public var name: String
    public var unwell: [PatientLine]
    public var missed: [PatientLine]
    public var important: [PatientLine]
  }
  public var helpNow: [PatientLine]
  public var medicines: [Medicine]
  /// The glossary entries the patient pages use.
  public var words: [PatientCatalogue.Word]

  public init(_ plan: TreatmentPlan, catalogue: PatientCatalogue = .english) {
    var now: Set<PatientCatalogue.HelpNow> = [.anyWorry]
    var medicines: [Medicine] = []
    for m in plan.medicines {
      let kind = PatientCatalogue.AdviceKind.of(m, in: plan)
      switch kind {
      case .steroidAtRisk: now.formUnion([.steroidCrisis, .adrenalCrisis, .infection, .exposure])
      case .steroid, .pulse, .azathioprine, .mycophenolate, .specialistAtHome: now.formUnion([.infection, .exposure])
      case .methotrexate: now.formUnion([.infection, .exposure, .methotrexate])
      case .infusion: now.insert(.infusion)
      case .folicAcid, .other: break
      }
      if case .specialist = m.kind { now.formUnion([.infection, .exposure]) }
      // Immunosuppressed: the signs of a serious infection get the emergency line.
      if now.contains(.infection) { now.insert(.emergency) }
      medicines.append(
        Medicine(
          name: m.displayName, unwell: catalogue.unwell[kind] ?? [], missed: catalogue.missed[kind] ?? [],
          important: catalogue.important[kind] ?? []))
    }
    helpNow = now.sorted().compactMap { catalogue.helpNow[$0] }
    self.medicines = medicines
    let text = (helpNow + medicines.flatMap { $0.unwell + $0.missed + $0.important }).map(\.text).joined(separator: " ")
      + " " + plan.medicines.map(\.displayName).joined(separator: " ")
    words = catalogue.glossary.filter { entry in text.contains(entry.abbreviation) }
  }
}
