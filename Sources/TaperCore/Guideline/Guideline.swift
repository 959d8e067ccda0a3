/// The seed algorithm as data: for each patient group and line, its options, their drugs and doses,
/// whether they are for all patients ("plus") or some ("consider"), the adverse effects and monitoring the
/// seed names, and its reference numbers.
public enum Guideline {
  /// The source of every option below.
  public static let source =
    "BMJ Best Practice, Idiopathic inflammatory myopathies: treatment algorithm (the seed)"

  /// Every option of the seed, in the seed's order.
  public static let options: [GuidelineOption] = severe + nonSevere + remission

  /// The options for one group and line.
  public static func options(group: PatientGroup, line: Int) -> [GuidelineOption] {
    options.filter { $0.group == group && $0.line == line }
  }

  // MARK: - Shared texts

  static let ivigDose = GuidelineDrug(
    name: "normal immunoglobulin human (IVIG)", keys: ["ivig"], choice: .primary,
    dose: "2 g/kg intravenously (administered in divided doses over 2-5 consecutive days) every 4 weeks",
    limits: "\(DoseLimits.ivig.coursePerKilogram.gPerKgText) per course, over \(DoseLimits.ivig.days.rangeText) "
      + "consecutive days, courses at least \(DoseLimits.ivig.everyWeeks.lowerBound) weeks apart")
  static let methotrexate = GuidelineDrug(
    name: "methotrexate", keys: ["methotrexate"], choice: .primary,
    dose: "7.5 to 25 mg orally/subcutaneously/intramuscularly once weekly on the same day of each week",
    limits: "\(DoseLimits.methotrexate.weeklyDose.mgText) once weekly on one named weekday")
  static let azathioprine = GuidelineDrug(
    name: "azathioprine", keys: ["azathioprine"], choice: .primary,
    dose: "25-50 mg orally once daily initially, increase gradually according to response, maximum 2 mg/kg/day",
    limits: "start \(DoseLimits.azathioprine.start.mgText)/day at initial presentation; maximum "
      + "\(DoseLimits.azathioprine.maximumPerKilogram.mgPerKgText)/day")
  static func mycophenolate(_ choice: GuidelineDrug.Choice) -> GuidelineDrug {
    let mmf = DoseLimits.mycophenolateMofetil
    return GuidelineDrug(
      name: "mycophenolate mofetil", keys: ["mycophenolate"], choice: choice,
      dose: "500 mg orally once or twice daily initially, increase gradually according to response, "
        + "maximum 3000 mg/day in 2 divided doses",
      limits: "start \(mmf.start.mgText)/day at initial presentation; maximum \(mmf.maximum.mgText)/day in "
        + "\(mmf.dividedDoses) divided doses")
  }
  static func specialist(_ agent: SpecialistAgent, _ choice: GuidelineDrug.Choice = .primary) -> GuidelineDrug {
    GuidelineDrug(
      name: agent.rawValue, keys: [agent.rawValue], choice: choice, dose: "consult specialist for guidance on dose",
      limits: "no dose is computed: the specialist's dose is entered as text")
  }
  /// "0.5–1 mg/kg/day, maximum 80 mg/day".
  static let prednisoloneLimits =
    "\(DoseLimits.prednisolone.startPerKilogram.mgPerKgText)/day, maximum "
    + "\(DoseLimits.prednisolone.maximumDaily.mgText)/day"
  static let pulse = DoseLimits.methylprednisolonePulse
  static let mtxAzaEffects =
    "Potential adverse effects of methotrexate include leukopenia, elevated liver enzymes, interstitial "
    + "pneumonitis, and pulmonary fibrosis. Folic acid supplementation is recommended. Potential adverse "
    + "effects of azathioprine include leukopenia, liver damage, and a range of gastrointestinal symptoms."
  static let calcineurinEffects =
    "Nephrotoxicity, gastrointestinal symptoms, hypertension, and rarely reversible posterior encephalopathy "
    + "syndrome are potential adverse effects with ciclosporin and tacrolimus."
  static let calcineurinMonitoring =
    "Regular monitoring of serum drug trough levels, full blood count, renal function, and liver function "
    + "should be performed."
  static let dmardMonitoring =
    "DMARDs should be prescribed and monitored according to existing age appropriate guidelines."
  static let continueSteroid =
    "Corticosteroids should be continued concomitantly and tapered gradually according to response."

  static func ivig(_ group: PatientGroup, _ line: Int, first: Bool = false) -> GuidelineOption {
    GuidelineOption(
      group: group, line: line, kind: .consider, title: "intravenous immunoglobulin (IVIG)",
      summary: first
        ? "IVIG is recommended for the treatment of severe muscle inflammation concomitantly with other "
          + "immunosuppressants. It may also be used as monotherapy in the settings of pregnancy, infection, or malignancy."
        : "IVIG is a well-established alternative corticosteroid-sparing agent or adjunct treatment for patients "
          + "with severe or refractory idiopathic inflammatory myopathy.",
      drugs: [ivigDose], adverseEffects: "Adverse effects include renal toxicity and thrombosis.",
      monitoring: nil, references: first ? [4, 93, 95, 57, 96, 97, 98] : [4, 93])
  }

  // MARK: - Severe initial presentation

  static let severe: [GuidelineOption] = [
    GuidelineOption(
      group: .severe, line: 1, kind: .induction, title: "induction therapy: intravenous corticosteroid",
      summary: "An initial course of pulse dosing of intravenous corticosteroids (e.g., methylprednisolone) should "
        + "be considered; patients should then be converted to a high-dose oral corticosteroid (e.g., "
        + "prednisolone), tapered over several months according to clinical response. Corticosteroid regimens "
        + "may vary; check your local guidelines.",
      drugs: [
        GuidelineDrug(
          name: "methylprednisolone sodium succinate", keys: ["methylprednisolone"], choice: .primary,
          dose: "1 g intravenously every 24 hours for 3-5 days",
          limits: "\(pulse.seedDose.exactGramsText)/day for \(pulse.days.rangeText) days"),
        GuidelineDrug(
          name: "prednisolone", keys: ["prednisolone"], choice: .primary,
          dose: "0.5 to 1 mg/kg/day orally initially following completion of intravenous methylprednisolone "
            + "course, gradually taper according to response, maximum 80 mg/day",
          limits: prednisoloneLimits + "; starts after the pulse"),
      ], adverseEffects: nil, monitoring: nil, references: [4, 72, 93]),
    GuidelineOption(
      group: .severe, line: 1, kind: .plus, title: "methotrexate or azathioprine or mycophenolate",
      summary: "Immunosuppressants (corticosteroid-sparing agents) should be initiated early. Mycophenolate may be "
        + "considered first-line for severe IIM with associated interstitial lung disease.",
      drugs: [methotrexate, azathioprine, mycophenolate(.secondary)], adverseEffects: mtxAzaEffects,
      monitoring: dmardMonitoring, references: [4, 72, 93, 94]),
    ivig(.severe, 1, first: true),
    GuidelineOption(
      group: .severe, line: 2, kind: .induction,
      title: "induction therapy: ciclosporin or tacrolimus or mycophenolate + corticosteroid",
      summary: "If a corticosteroid and a first-line immunosuppressant is not tolerated or is ineffective. "
        + continueSteroid,
      drugs: [specialist(.ciclosporin), specialist(.tacrolimus), mycophenolate(.primary)],
      adverseEffects: calcineurinEffects, monitoring: calcineurinMonitoring, references: [4, 72, 99, 100, 101]),
    ivig(.severe, 2),
    GuidelineOption(
      group: .severe, line: 3, kind: .induction, title: "induction therapy: rituximab or cyclophosphamide + corticosteroid",
      summary: "For patients refractory to, or intolerant of, corticosteroids and other immunosuppressants. "
        + continueSteroid,
      drugs: [specialist(.rituximab), specialist(.cyclophosphamide)],
      adverseEffects: "Cyclophosphamide: high risk of opportunistic infections; liver, bladder and bone marrow "
        + "toxicity. Rituximab: infusion reactions, severe mucocutaneous reactions, hepatitis B reactivation, and "
        + "progressive multifocal leukoencephalopathy.",
      monitoring: nil, references: [4, 93, 72, 100, 102, 103, 104, 105, 106, 79, 107]),
    ivig(.severe, 3),
  ]

  // MARK: - Non-severe initial presentation

  static let nonSevere: [GuidelineOption] = [
    GuidelineOption(
      group: .nonSevere, line: 1, kind: .induction, title: "induction therapy: oral corticosteroid",
      summary: "Oral corticosteroids are the recommended first-line treatment; tapered according to clinical "
        + "response once a corticosteroid-sparing agent is started. Corticosteroid regimens may vary; check your "
        + "local guidelines.",
      drugs: [
        GuidelineDrug(
          name: "prednisolone", keys: ["prednisolone"], choice: .primary,
          dose: "0.5 to 1 mg/kg/day orally initially, gradually taper according to response, maximum 80 mg/day, "
            + "usual maintenance dose <5 mg/day",
          limits: prednisoloneLimits
            + "; usual maintenance < \(DoseLimits.prednisolone.usualMaintenanceBelow.mgText)/day")
      ], adverseEffects: nil, monitoring: nil, references: [4, 72, 93, 108]),
    GuidelineOption(
      group: .nonSevere, line: 1, kind: .plus, title: "methotrexate or azathioprine",
      summary: "A conventional synthetic DMARD such as methotrexate or azathioprine should be introduced early.",
      drugs: [methotrexate, azathioprine], adverseEffects: mtxAzaEffects, monitoring: dmardMonitoring,
      references: [4, 93]),
    ivig(.nonSevere, 1),
    GuidelineOption(
      group: .nonSevere, line: 2, kind: .induction,
      title: "induction therapy: ciclosporin or tacrolimus or mycophenolate + corticosteroid",
      summary: "For patients refractory or intolerant to first-line immunosuppression. " + continueSteroid,
      drugs: [specialist(.ciclosporin), specialist(.tacrolimus), mycophenolate(.primary)],
      adverseEffects: calcineurinEffects, monitoring: calcineurinMonitoring, references: [4, 72, 99, 100, 101]),
    ivig(.nonSevere, 2),
    GuidelineOption(
      group: .nonSevere, line: 3, kind: .induction,
      title: "induction therapy: rituximab or cyclophosphamide or abatacept + corticosteroid",
      summary: "Third-line treatment in patients with persistent active disease. " + continueSteroid,
      drugs: [specialist(.rituximab), specialist(.cyclophosphamide), specialist(.abatacept)],
      adverseEffects: "Rituximab: infusion reactions, severe mucocutaneous reactions, hepatitis B reactivation, "
        + "progressive multifocal leukoencephalopathy. Cyclophosphamide: high risk of opportunistic infections; "
        + "liver, bladder and bone marrow toxicity.",
      monitoring: nil, references: [93, 4, 103, 104, 105, 106, 79, 107, 100, 102, 109]),
    ivig(.nonSevere, 3),
  ]

  // MARK: - Remission (maintenance)

  static let remission: [GuidelineOption] = [
    GuidelineOption(
      group: .remission, line: 1, kind: .maintenance, title: "maintenance therapy: immunosuppressant",
      summary: "Immunosuppressants maintain remission and allow dose reduction or withdrawal of corticosteroid. "
        + continueSteroid + " Mycophenolate, tacrolimus, or ciclosporin should be considered where interstitial "
        + "lung disease is a predominant feature.",
      drugs: [
        methotrexate, azathioprine, mycophenolate(.primary), specialist(.ciclosporin, .secondary),
        specialist(.tacrolimus, .secondary),
      ],
      adverseEffects: mtxAzaEffects + " " + calcineurinEffects, monitoring: calcineurinMonitoring,
      references: [77, 4, 99, 72, 100, 101]),
    ivig(.remission, 1),
    GuidelineOption(
      group: .remission, line: 2, kind: .maintenance, title: "maintenance therapy: immunosuppressant combination therapy",
      summary: "For refractory patients: ciclosporin plus methotrexate, or methotrexate or azathioprine plus "
        + "mycophenolate. Consult a specialist for guidance on suitable combination regimens.",
      drugs: [
        specialist(.ciclosporin), methotrexate, azathioprine, mycophenolate(.primary),
      ], adverseEffects: nil, monitoring: nil, references: [77]),
    ivig(.remission, 2),
    GuidelineOption(
      group: .remission, line: 3, kind: .maintenance, title: "maintenance therapy: alternative immunosuppressant",
      summary: "For more resistant disease, under specialist care.",
      drugs: [
        specialist(.tacrolimus), specialist(.rituximab), specialist(.cyclophosphamide), specialist(.tocilizumab),
        specialist(.abatacept),
      ], adverseEffects: nil, monitoring: nil, references: [77]),
    ivig(.remission, 3),
  ]
}

/// One option of the seed for a group and line.
public struct GuidelineOption: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable {
    /// The line's induction therapy.
    case induction
    /// Maintenance therapy (remission).
    case maintenance
    /// "Plus – treatment recommended for ALL patients in selected patient group".
    case plus
    /// "Consider – additional treatment recommended for SOME patients in selected patient group".
    case consider
  }

  public var group: PatientGroup
  public var line: Int
  public var kind: Kind
  public var title: String
  public var summary: String
  public var drugs: [GuidelineDrug]
  public var adverseEffects: String?
  public var monitoring: String?
  public var references: [Int]

  /// "[4][72][93]".
  public var referenceText: String { references.map { "[\($0)]" }.joined() }
}

/// A drug of a guideline option, with the seed's dose text.
public struct GuidelineDrug: Hashable, Sendable {
  public enum Choice: String, Hashable, Sendable {
    case primary, secondary
  }
  public var name: String
  /// The planner drug keys this entry matches.
  public var keys: [String]
  public var choice: Choice
  public var dose: String
  /// What Taper enforces.
  public var limits: String
}
