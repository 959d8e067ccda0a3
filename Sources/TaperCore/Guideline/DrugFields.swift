/// Which plan-file fields each drug takes, written once: the planner refuses any other (``PlanContext``'s
/// `allowKeys`), and the web form shows exactly these for a medicine row.
extension DrugKind {
  /// The fields every medicine takes.
  public static let commonFields: Set<MedicationSpec.Field> = [.drug, .start, .stop, .pauses, .instructions]

  /// The fields this drug takes beyond ``commonFields``.
  public var fields: Set<MedicationSpec.Field> {
    switch self {
    case .methylprednisolone: [.dose, .days, .time, .durationMinutes]
    case .prednisolone: [.dose, .mgPerKg, .tablets, .time, .taper]
    case .methotrexate: [.dose, .weekdays, .route, .increase, .time, .tablets, .everyWeeks]
    case .folicAcid: [.dose, .weekdays, .pattern, .time]
    case .azathioprine: [.dose, .increase, .time, .tablets]
    case .mycophenolate, .mycophenolicAcid: [.dose, .increase, .time, .times, .tablets]
    case .ivig: [.gPerKg, .gPerKgPerDay, .days, .everyWeeks, .courses, .dosingWeight, .time, .durationMinutes]
    case .corticosteroid: [.dose, .route, .time, .times, .weekdays, .everyWeeks, .onDays, .tablets, .durationMinutes]
    case .specialist: [.doseText, .onDays, .times, .time, .everyWeeks, .weekdays, .route, .durationMinutes, .setBySpecialist]
    case .other: [.doseText, .onDays, .times, .time, .everyWeeks, .weekdays, .route, .durationMinutes, .name, .nameConfirmed]
    }
  }

  /// What a typed `drug:` value names: the drug Taper plans it as, its printed name ("Methotrexate",
  /// "Prednisolone (Deltacortril)"); `nil` when Taper does not plan it under that name.
  public static func named(_ raw: String) -> (kind: DrugKind, displayName: String)? {
    DrugCatalog.identify(drug: raw).map { ($0.kind, $0.displayName) }
  }
}

extension DoseLimits {
  /// The allowed range of one field of a drug, in words, from the limits above ("7.5–25 mg once a week, in
  /// 2.5 mg steps"); with the patient's weight, a per-kilogram maximum is also given in mg. `nil` where the
  /// limits say nothing of the field.
  public static func allowedText(_ kind: DrugKind, _ field: MedicationSpec.Field, weight: BodyWeight? = nil) -> String? {
    func perKilogram(_ rate: MassPerKilogram) -> String {
      guard let weight else { return "" }
      return " (\(Mass(micrograms: rate.microgramsPerKilogram * weight.grams / 1000).mgText) for \(weight))"
    }
    switch (kind, field) {
    case (.methylprednisolone, .dose):
      let p = methylprednisolonePulse
      return "\(p.dailyDose.mgText) a day (the seed's dose: \(p.seedDose.mgText))"
    case (.methylprednisolone, .days): return "\(methylprednisolonePulse.days.rangeText) consecutive days"
    case (.prednisolone, .mgPerKg):
      return "\(prednisolone.startPerKilogram.mgPerKgText) a day, at most \(prednisolone.maximumDaily.mgText) a day"
    case (.prednisolone, .dose): return "at most \(prednisolone.maximumDaily.mgText) a day"
    case (.methotrexate, .dose), (.methotrexate, .increase):
      return "\(methotrexate.weeklyDose.mgText) once a week, in \(methotrexate.step.mgText) steps"
    case (.methotrexate, .weekdays): return "exactly one weekday, the same every week"
    case (.folicAcid, .dose):
      return "above 0 and at most \(folicAcid.maximum.mgText) (usually \(folicAcid.usualDose.mgText))"
    case (.azathioprine, .dose):
      return "\(azathioprine.start.mgText) a day to start"
    case (.azathioprine, .increase):
      return "at most \(azathioprine.maximumPerKilogram.mgPerKgText) a day" + perKilogram(azathioprine.maximumPerKilogram)
    case (.mycophenolate, .dose), (.mycophenolicAcid, .dose):
      let m = kind == .mycophenolate ? mycophenolateMofetil : mycophenolicAcid
      return "\(m.start.mgText) a day to start (\(m.singleStartDose.mgText) once or twice a day)"
    case (.mycophenolate, .increase), (.mycophenolicAcid, .increase):
      let m = kind == .mycophenolate ? mycophenolateMofetil : mycophenolicAcid
      return "at most \(m.maximum.mgText) a day in \(m.dividedDoses) doses"
    case (.ivig, .gPerKg): return "up to \(ivig.coursePerKilogram.gPerKgText) a course, all days together"
    case (.ivig, .gPerKgPerDay): return "per infusion day: × days at most \(ivig.coursePerKilogram.gPerKgText)"
    case (.ivig, .days): return "\(ivig.days.rangeText) consecutive days"
    case (.ivig, .everyWeeks): return "\(ivig.everyWeeks.rangeText) weeks from one course to the next"
    case (.specialist, .doseText): return "the specialist's dose, as written: Taper never computes it"
    default: return nil
    }
  }
}
