/// A named prednisolone taper that ships with Taper: a rule set, its hold, its own cap, and its source.
///
/// The seed says corticosteroid regimens vary and to check local guidelines, so every protocol is
/// labelled that way wherever it is used.
public struct TaperProtocol: Hashable, Sendable {
  public var name: String
  public var title: String
  public var source: String
  public var holdWeeks: Int
  public var rules: [TaperRule]
  public var finalDose: Mass
  /// The protocol's own ceiling for the starting dose, applied on top of the seed's 80 mg/day.
  public var cap: Mass?

  /// The protocols Taper knows.
  public static let all: [TaperProtocol] = [
    TaperProtocol(
      name: "etg",
      title: "eTG (Australia) idiopathic inflammatory myopathy: 1 mg/kg up to 75 mg for 6 weeks, "
        + "then −5 mg every 2 weeks to 25 mg",
      source: "Therapeutic Guidelines (eTG), Rheumatology: idiopathic inflammatory myopathies — "
        + "\"1 mg/kg up to 75 mg orally, daily in the morning for 6 weeks, then reduce daily dose by 5 mg every "
        + "2 weeks to 25 mg daily, then reduce further according to response\"",
      holdWeeks: 6, rules: [TaperRule(above: Mass(mg: 25), reduce: Mass(mg: 5), everyWeeks: 2)],
      finalDose: Mass(mg: 25), cap: Mass(mg: 75)),
    TaperProtocol(
      name: "bands",
      title: "Composite band taper: −10 mg above 40, −5 mg above 20, −2.5 mg above 10 (every 2 weeks), "
        + "then −1 mg every 4 weeks",
      source: "A synthesis of handbook and Mayo-style rules (clinical-notes §1.6), not a published myositis "
        + "protocol; holds the start dose 4 weeks (BSR: taper after about 4–6 weeks)",
      holdWeeks: 4,
      rules: [
        TaperRule(above: Mass(mg: 40), reduce: Mass(mg: 10), everyWeeks: 2),
        TaperRule(above: Mass(mg: 20), reduce: Mass(mg: 5), everyWeeks: 2),
        TaperRule(above: Mass(mg: 10), reduce: Mass(micrograms: 2500), everyWeeks: 2),
        TaperRule(above: Mass(mg: 0), reduce: Mass(mg: 1), everyWeeks: 4),
      ],
      finalDose: Mass(mg: 4), cap: nil),
    TaperProtocol(
      name: "neuromuscular-review",
      title: "Neuromuscular review taper: hold 4 weeks, −10 mg every 4 weeks to 20, −5 mg every 4 weeks to 10, "
        + "then −2.5 mg every 4 weeks",
      source: "Hong Kong neuromuscular review (2018): start tapering after 3–4 weeks; −10 mg/day every 4 weeks "
        + "until 20 mg/day, −5 mg every 4 weeks until 10 mg/day, then −2.5 mg every 4–12 weeks",
      holdWeeks: 4,
      rules: [
        TaperRule(above: Mass(mg: 20), reduce: Mass(mg: 10), everyWeeks: 4),
        TaperRule(above: Mass(mg: 10), reduce: Mass(mg: 5), everyWeeks: 4),
        TaperRule(above: Mass(mg: 0), reduce: Mass(micrograms: 2500), everyWeeks: 4),
      ],
      finalDose: Mass(mg: 5), cap: nil),
  ]

  public static func named(_ name: String) -> TaperProtocol? { all.first { $0.name == name.lowercased() } }
}
