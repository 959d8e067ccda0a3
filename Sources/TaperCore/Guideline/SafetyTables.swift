/// The safety rules' data, each with its source: interactions, renal thresholds and pregnancy tiers.
/// The rules read the plan's medicines by their dictionary entry (any name the dictionary knows) and the
/// patient's recorded facts; `Planner+Safety.swift` applies them.
public enum SafetyTables {
  /// What an interaction does to the plan.
  public enum Effect: Hashable, Sendable {
    /// Refuse any daily dose of the affected drug above this amount per kg of body weight, or above the
    /// smallest dose that can be given where that is more (a light patient).
    case maximumPerKilogram(MassPerKilogram, reason: String, smallestDose: Mass)
    /// Refuse the combination.
    case refuse
    /// Warn: the combination needs a decision or closer monitoring.
    case warn
    /// Tell the prescriber.
    case notice
  }

  public struct Interaction: Hashable, Sendable {
    /// The dictionary entries of the affected drug ("azathioprine").
    public var affected: Set<String>
    /// The partners, by dictionary entry…
    public var partners: Set<String>
    /// … or by class.
    public var partnerClasses: Set<DrugClass>
    /// A patient fact that counts as the partner (`patient.allopurinol`).
    public var patientFact: String?
    public var effect: Effect
    /// What happens, in words ("life-threatening bone-marrow suppression").
    public var risk: String
    public var source: String
  }

  public static let interactions: [Interaction] = [
    Interaction(
      affected: ["azathioprine"], partners: ["allopurinol"], partnerClasses: [], patientFact: "allopurinol",
      effect: .maximumPerKilogram(
        MassPerKilogram(microgramsPerKilogram: 500), reason: "one quarter of the seed's 2 mg/kg/day maximum",
        smallestDose: Mass(mg: 25)),
      risk: "allopurinol blocks azathioprine's breakdown (xanthine oxidase): at a full dose it causes "
        + "life-threatening bone-marrow suppression",
      source: "BNF azathioprine interactions: reduce the dose to one quarter; NHS shared-care protocols"),
    Interaction(
      affected: ["azathioprine"], partners: ["febuxostat"], partnerClasses: [], patientFact: nil, effect: .refuse,
      risk: "febuxostat blocks azathioprine's breakdown (xanthine oxidase) and the safe dose is not known",
      source: "Adenuric (febuxostat) SmPC: use with azathioprine is not recommended"),
    Interaction(
      affected: ["methotrexate"], partners: [], partnerClasses: [.antifolateAntibacterial], patientFact: nil,
      effect: .warn,
      risk: "trimethoprim adds to methotrexate's antifolate effect: serious bone-marrow toxicity; if it is "
        + "intended as pneumocystis prophylaxis, confirm with the specialist and monitor the blood count",
      source: "BNF methotrexate interactions; MHRA"),
    Interaction(
      affected: ["methotrexate"], partners: [], partnerClasses: [.nsaid], patientFact: nil, effect: .warn,
      risk: "NSAIDs reduce methotrexate excretion: monitor the blood count and renal function",
      source: "BNF methotrexate interactions"),
    Interaction(
      affected: ["methotrexate"], partners: [], partnerClasses: [.salicylate], patientFact: nil, effect: .notice,
      risk: "aspirin at analgesic or anti-inflammatory doses (300 mg or more) reduces methotrexate excretion like an "
        + "NSAID; low-dose antiplatelet aspirin (75–150 mg) is usually continued — check the dose",
      source: "BNF methotrexate interactions"),
    Interaction(
      affected: ["methotrexate"], partners: ["leflunomide"], partnerClasses: [], patientFact: nil, effect: .warn,
      risk: "leflunomide adds to methotrexate's liver and bone-marrow toxicity: a specialist combination, with "
        + "monthly blood counts and liver tests",
      source: "BNF leflunomide interactions; Arava SmPC"),
    Interaction(
      affected: ["ciclosporin", "tacrolimus"], partners: [], partnerClasses: [.macrolide, .azoleAntifungal],
      patientFact: nil, effect: .warn,
      risk: "CYP3A4 inhibition raises the calcineurin inhibitor's level: check trough levels and renal function, "
        + "or choose another antimicrobial",
      source: "BNF ciclosporin and tacrolimus interactions"),
    Interaction(
      affected: ["mycophenolate mofetil"], partners: [], partnerClasses: [.protonPumpInhibitor], patientFact: nil,
      effect: .notice,
      risk: "proton-pump inhibitors lower mycophenolic acid exposure from mycophenolate mofetil",
      source: "CellCept SmPC, interactions"),
  ]

  /// Days after a partner's last dose during which it still counts (allopurinol's active metabolite, oxipurinol,
  /// has a half-life of about a day; a week is several half-lives, and covers antibiotics' courses too).
  public static let interactionWashoutDays = 7

  /// Pregnancy tiers (BSR 2022 guideline on prescribing drugs in pregnancy and breastfeeding).
  public enum PregnancyTier: Hashable, Sendable {
    case compatible, limitedData, teratogen
    /// Compatible, but it reaches the baby: dexamethasone and betamethasone cross the placenta largely
    /// unmetabolised, where the placenta inactivates most prednisolone — for the mother's disease prednisolone
    /// is preferred.
    case reachesTheBaby
  }

  public static let pregnancy: [String: PregnancyTier] = [
    "prednisolone": .compatible, "prednisone": .compatible, "methylprednisolone": .compatible,
    "azathioprine": .compatible, "ciclosporin": .compatible, "tacrolimus": .compatible, "ivig": .compatible,
    "hydroxychloroquine": .compatible,
    "rituximab": .limitedData, "tocilizumab": .limitedData, "abatacept": .limitedData,
    "methotrexate": .teratogen, "mycophenolate mofetil": .teratogen, "mycophenolic acid": .teratogen,
    "cyclophosphamide": .teratogen, "leflunomide": .teratogen,
    "dexamethasone": .reachesTheBaby, "betamethasone": .reachesTheBaby,
  ]
  public static let pregnancySource = "BSR 2022 guideline on prescribing drugs in pregnancy and breastfeeding"

  /// The upper age Taper treats as child-bearing for the pregnancy-prevention prompt: FSRH advises contraception
  /// until 55 (or 12 months without a period after 50), and the MHRA counts every woman not confirmed
  /// postmenopausal.
  public static let childBearingAgeUpTo = 55

  /// eGFR thresholds, mL/min/1.73 m².
  public static let methotrexateRefusedBelow = 30
  public static let methotrexateReducedBelow = 60
  public static let methotrexateRenalSource =
    "methotrexate SmPC (e.g. Metoject): creatinine clearance 30–59 mL/min 50% of the dose, below 30 must not be "
    + "used; BSR 2017 DMARD guideline"
  public static let ivigRenalWarningBelow = 30
  public static let mycophenolateRenalWarningBelow = 30

  /// A weight above this with no height may be pounds (120 lb is 54 kg): without a height there is no BMI to
  /// tell, so the prescriber is asked to check the unit and give the height.
  public static let weightWithoutHeightCheckedAboveKg = 120

  /// IVIG courses above this many grams are flagged (the dosing weight should be stated for very large doses).
  public static let ivigLargeCourse = Mass(mg: 160_000)
}
