/// Prompts for the clinician that come with long-term immunosuppression: bone protection and PJP prophylaxis
/// with corticosteroids (`PlanContext.applyPlanFlags` measures the doses), screening before rituximab and
/// the other biologics, PJP prophylaxis with cyclophosphamide, and blood pressure with the calcineurin
/// inhibitors. Notices, never errors: each is a decision for the clinician, printed on the clinician page.
enum CarePrompts {
  /// NOGG 2021: bone protection for prednisolone 7.5 mg/day or more for 3 months or more.
  static let boneProtectionLevel = Mass(micrograms: 7_500)
  static let boneProtectionDays = 91
  static let boneSource =
    "NOGG 2021, glucocorticoid-induced osteoporosis: 7.5 mg/day prednisolone or more for 3 months or more"
  /// EULAR 2022 (infection screening and prophylaxis in rheumatic diseases): consider PJP prophylaxis above
  /// 15–30 mg/day for more than 2–4 weeks; Taper prompts at the lower dose and the longer time.
  static let pjpLevel = Mass(micrograms: 15_000)
  static let pjpDays = 28
  static let pjpSource =
    "EULAR 2022 recommendations on infection screening and prophylaxis: above 15–30 mg/day for more than 2–4 weeks"

  /// The methotrexate–co-trimoxazole interaction, added to a PJP prompt when the plan has methotrexate.
  static func methotrexateInteraction(_ plan: TreatmentPlan) -> String {
    guard plan.medicines.contains(where: { $0.kind == .methotrexate }) else { return "" }
    return "; with methotrexate in this plan, co-trimoxazole (the usual prophylaxis) raises the risk of "
      + "bone-marrow toxicity (BNF interaction, severe): choose another agent or monitor blood counts closely"
  }
}

extension PlanContext {
  mutating func applyCarePrompts(_ plan: TreatmentPlan) {
    // Hepatitis B before any conventional antirheumatic drug (EULAR 2022), once per plan, at the first of them;
    // an initial-presentation plan starts it (a remission plan carries one already running).
    if spec.patient.group != .remission, let first = plan.medicines.first(where: {
      [.methotrexate, .azathioprine, .mycophenolate, .mycophenolicAcid].contains($0.kind)
    }) {
      notice(
        .medication(first.index, .drug),
        "screening before \(first.displayName.lowercased()): hepatitis B (HBsAg and anti-HBc) before starting; consider "
          + "hepatitis C and latent tuberculosis (EULAR 2022)")
    }
    for m in plan.medicines {
      guard case .specialist(let agent) = m.kind else { continue }
      let location = PlanLocation.medication(m.index, .drug)
      switch agent {
      case .rituximab:
        notice(
          location,
          "screening before rituximab: hepatitis B (HBsAg and anti-HBc; the seed names hepatitis B "
            + "reactivation), hepatitis C and latent tuberculosis (EULAR 2022); consider HIV; immunoglobulin levels; "
            + "vaccinations completed before the first infusion, as B-cell depletion blunts their response (EULAR 2019)")
      case .abatacept, .tocilizumab:
        notice(
          location,
          "screening before \(agent.rawValue): latent tuberculosis (interferon-gamma release assay), hepatitis B "
            + "(HBsAg and anti-HBc) and hepatitis C before the first dose (EULAR 2022); consider HIV")
      case .cyclophosphamide:
        notice(
          location,
          "PJP prophylaxis: consider prophylaxis against Pneumocystis jirovecii pneumonia with cyclophosphamide "
            + "(EULAR 2022; the seed names opportunistic infections)" + CarePrompts.methotrexateInteraction(plan))
      case .ciclosporin, .tacrolimus:
        notice(
          location,
          "blood pressure: \(agent.rawValue) can cause hypertension (the seed) — measure blood pressure before "
            + "starting and at each monitoring visit")
      }
    }
  }
}
