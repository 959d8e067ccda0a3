/// The dose limits Taper enforces, each written once: the planner's checks, their error messages, the
/// `taper guideline` texts, the safety notes and the README's "Dose limits" table all read these values.
///
/// One small struct per drug, because the drugs' limits have different shapes (a weekly range and a tablet
/// step for methotrexate, a per-kilogram maximum for azathioprine, day counts for the infusions). Each entry
/// says where its numbers come from in `source`; most are the seed's (BMJ Best Practice), a few are the
/// sources the seed defers to or Taper's own bounds, and the field's comment says which.
public enum DoseLimits {
  /// The seed's "1 g intravenously every 24 hours for 3-5 days" (eTG allows 0.5–1 g).
  public static let methylprednisolonePulse = Pulse(
    dailyDose: Mass(mg: 500)...Mass(mg: 1000), seedDose: Mass(mg: 1000), days: 3...5,
    source: "seed: 1 g every 24 hours for 3-5 days; eTG 0.5–1 g")

  /// The seed's "0.5 to 1 mg/kg/day orally initially, … maximum 80 mg/day, usual maintenance dose <5 mg/day".
  public static let prednisolone = Prednisolone(
    startPerKilogram: MassPerKilogram(microgramsPerKilogram: 500)...MassPerKilogram(microgramsPerKilogram: 1000),
    maximumDaily: Mass(mg: 80), usualMaintenanceBelow: Mass(mg: 5),
    source: "seed: 0.5 to 1 mg/kg/day, maximum 80 mg/day, usual maintenance dose <5 mg/day")

  /// The seed's "7.5 to 25 mg … once weekly"; the 2.5 mg step is the one tablet strength (UK ICB policy).
  public static let methotrexate = Methotrexate(
    weeklyDose: Mass(micrograms: 7500)...Mass(mg: 25), step: Mass(micrograms: 2500),
    source: "seed: 7.5 to 25 mg once weekly on the same day; 2.5 mg tablets only (UK ICB policy)")

  /// Not in the seed ("Folic acid supplementation is recommended"): SPS and BSR give 5 mg weekly, up to 10 mg.
  public static let folicAcid = FolicAcid(
    usualDose: Mass(mg: 5), maximum: Mass(mg: 10), source: "SPS; BSR")

  /// The seed's "25-50 mg orally once daily initially, … maximum 2 mg/kg/day".
  public static let azathioprine = Azathioprine(
    start: Mass(mg: 25)...Mass(mg: 50), maximumPerKilogram: MassPerKilogram(microgramsPerKilogram: 2000),
    source: "seed: 25-50 mg once daily initially, maximum 2 mg/kg/day")

  /// The seed's "500 mg orally once or twice daily initially, … maximum 3000 mg/day in 2 divided doses".
  public static let mycophenolateMofetil = Mycophenolate(
    singleStartDose: Mass(mg: 500), lowest: Mass(mg: 250), maximum: Mass(mg: 3000), dividedDoses: 2, conversion: nil,
    source: "seed: 500 mg once or twice daily initially, maximum 3000 mg/day in 2 divided doses")

  /// Mycophenolate mofetil's limits converted at 720 mg mycophenolic acid ≈ 1 g mofetil (Myfortic SmPC): the
  /// seed names only mofetil, so these numbers are computed, never written.
  public static let mycophenolicAcid = mycophenolateMofetil.converted(
    mycophenolicAcidConversion,
    source: "seed's mofetil limits converted at \(mycophenolicAcidConversion.amount.mgText) ≈ "
      + "\(mycophenolicAcidConversion.perMofetil.exactGramsText) mofetil (Myfortic SmPC)")

  /// 720 mg mycophenolic acid ≈ 1 g mycophenolate mofetil (Myfortic SmPC).
  public static let mycophenolicAcidConversion = Conversion(amount: Mass(mg: 720), perMofetil: Mass(mg: 1000))

  /// The seed's "2 g/kg intravenously (administered in divided doses over 2-5 consecutive days) every 4 weeks".
  public static let ivig = IVIG(
    coursePerKilogram: MassPerKilogram(microgramsPerKilogram: 2_000_000), days: 2...5, everyWeeks: 4...52,
    source: "seed: 2 g/kg over 2-5 consecutive days every 4 weeks")

  /// Any other systemic corticosteroid: its daily total as prednisolone equivalents (BNF) is held to the
  /// seed's prednisolone maximum, so the cap is the same value, not a copy.
  public static let corticosteroidPrednisoloneEquivalent = prednisolone.maximumDaily

  // MARK: - The entries' types

  /// The intravenous methylprednisolone pulse.
  public struct Pulse: Hashable, Sendable {
    /// The dose per pulse day Taper accepts (eTG's 0.5–1 g; the seed gives 1 g).
    public var dailyDose: ClosedRange<Mass>
    /// The seed's dose per day, the default.
    public var seedDose: Mass
    /// Consecutive pulse days.
    public var days: ClosedRange<Int>
    public var source: String
  }

  /// Oral prednisolone.
  public struct Prednisolone: Hashable, Sendable {
    /// The initial dose per kilogram.
    public var startPerKilogram: ClosedRange<MassPerKilogram>
    /// The cap on any day's dose (and on a taper's final dose).
    public var maximumDaily: Mass
    /// The seed's "usual maintenance dose <5 mg/day": a protocol that never goes below it gets a notice.
    public var usualMaintenanceBelow: Mass
    public var source: String
  }

  /// Methotrexate, once weekly.
  public struct Methotrexate: Hashable, Sendable {
    /// The once-weekly dose; its upper bound is also the escalation's maximum.
    public var weeklyDose: ClosedRange<Mass>
    /// The tablet strength, so every dose is a multiple of it.
    public var step: Mass
    public var source: String
  }

  /// Folic acid with methotrexate.
  public struct FolicAcid: Hashable, Sendable {
    /// The default dose, once weekly.
    public var usualDose: Mass
    public var maximum: Mass
    public var source: String
  }

  /// Azathioprine, once daily.
  public struct Azathioprine: Hashable, Sendable {
    /// The starting dose at initial presentation.
    public var start: ClosedRange<Mass>
    /// The daily maximum, per kilogram of body weight.
    public var maximumPerKilogram: MassPerKilogram
    public var source: String
  }

  /// Mycophenolate mofetil or mycophenolic acid; every dose is a daily total.
  public struct Mycophenolate: Hashable, Sendable {
    /// The seed's single starting dose ("500 mg once or twice daily"), which is also the most one dose a day
    /// is given as (more is split into the divided doses).
    public var singleStartDose: Mass
    /// The lowest daily total outside initial presentation: Taper's bound, the smallest tablet.
    public var lowest: Mass
    public var maximum: Mass
    /// "in 2 divided doses".
    public var dividedDoses: Int
    /// How these limits were computed from mofetil's; `nil` for mofetil itself.
    public var conversion: Conversion?
    public var source: String

    /// The starting daily total at initial presentation: the single dose once or twice a day.
    public var start: ClosedRange<Mass> { singleStartDose...(singleStartDose * 2) }

    /// The same limits for another product, by `conversion`.
    func converted(_ conversion: Conversion, source: String) -> Mycophenolate {
      func convert(_ m: Mass) -> Mass {
        Mass(micrograms: m.micrograms * conversion.amount.micrograms / conversion.perMofetil.micrograms)
      }
      return Mycophenolate(
        singleStartDose: convert(singleStartDose), lowest: convert(lowest), maximum: convert(maximum),
        dividedDoses: dividedDoses, conversion: conversion, source: source)
    }
  }

  /// "720 mg mycophenolic acid ≈ 1 g mofetil": an amount of a product that matches an amount of mofetil.
  public struct Conversion: Hashable, Sendable {
    public var amount: Mass
    public var perMofetil: Mass
  }

  /// Intravenous immunoglobulin.
  public struct IVIG: Hashable, Sendable {
    /// The most a course may total, per kilogram of dosing weight (also the default).
    public var coursePerKilogram: MassPerKilogram
    /// Consecutive infusion days of one course.
    public var days: ClosedRange<Int>
    /// Weeks from one course to the next: at least the seed's 4 (the default); the 52 is Taper's bound.
    public var everyWeeks: ClosedRange<Int>
    public var source: String
  }
}

// MARK: - Texts

extension Mass {
  /// "1 g", "0.5 g": grams with no trailing zeros (``gramsText`` always shows one decimal).
  var exactGramsText: String { Mass.decimalText(micrograms, scale: 1_000_000) + " g" }
}

extension ClosedRange<Mass> {
  /// "7.5–25 mg".
  var mgText: String { Mass.decimalText(lowerBound.micrograms, scale: 1000) + "–" + upperBound.mgText }
  /// "0.5–1 g".
  var gramsText: String {
    Mass.decimalText(lowerBound.micrograms, scale: 1_000_000) + "–" + upperBound.exactGramsText
  }
}

extension ClosedRange<MassPerKilogram> {
  /// "0.5–1 mg/kg".
  var mgPerKgText: String {
    Mass.decimalText(lowerBound.microgramsPerKilogram, scale: 1000) + "–" + upperBound.mgPerKgText
  }
}

extension ClosedRange<Int> {
  /// "3–5".
  var rangeText: String { "\(lowerBound)–\(upperBound)" }
}

extension MassPerKilogram {
  /// The rate as a plain number of mg/kg, for comparing with a computed `Double`.
  var mgPerKgValue: Double { Double(microgramsPerKilogram) / 1000 }
}

extension DoseLimits {
  /// The README's "Dose limits" table, one row per limit, in Markdown.
  public static func markdownTable() -> String {
    let pulse = methylprednisolonePulse, pred = prednisolone, mtx = methotrexate, aza = azathioprine
    let mmf = mycophenolateMofetil, mpa = mycophenolicAcid
    var rows: [(String, String, String)] = [
      ("methylprednisolone (IV pulse)", "\(pulse.dailyDose.mgText) a day (default \(pulse.seedDose.mgText)) "
        + "for \(pulse.days.rangeText) consecutive days", pulse.source),
      ("prednisolone", "start \(pred.startPerKilogram.mgPerKgText)/day; at most \(pred.maximumDaily.mgText)/day "
        + "(and the taper's final dose); usual maintenance < \(pred.usualMaintenanceBelow.mgText)/day", pred.source),
      ("other systemic corticosteroids", "at most \(corticosteroidPrednisoloneEquivalent.mgText)/day of "
        + "prednisolone equivalents (BNF), outside pulse days", "seed's prednisolone maximum; BNF equivalence"),
      ("methotrexate", "\(mtx.weeklyDose.mgText) once weekly, in steps of \(mtx.step.mgText)", mtx.source),
      ("folic acid", "above 0 and at most \(folicAcid.maximum.mgText) (default \(folicAcid.usualDose.mgText))",
        folicAcid.source),
      ("azathioprine", "start \(aza.start.mgText)/day at initial presentation; at most "
        + "\(aza.maximumPerKilogram.mgPerKgText)/day", aza.source),
    ]
    for (name, m) in [("mycophenolate mofetil", mmf), ("mycophenolic acid", mpa)] {
      rows.append((
        name, "start \(m.start.mgText)/day at initial presentation (\(m.singleStartDose.mgText) once or twice "
          + "daily); otherwise \((m.lowest...m.maximum).mgText)/day in up to \(m.dividedDoses) doses, "
          + "one dose up to \(m.singleStartDose.mgText)", m.source))
    }
    rows.append((
      "IVIG", "up to \(ivig.coursePerKilogram.gPerKgText) per course over \(ivig.days.rangeText) consecutive days; "
        + "courses every \(ivig.everyWeeks.rangeText) weeks", ivig.source))
    return (["| drug | limit | source |", "|---|---|---|"] + rows.map { "| \($0.0) | \($0.1) | \($0.2) |" })
      .joined(separator: "\n")
  }
}
