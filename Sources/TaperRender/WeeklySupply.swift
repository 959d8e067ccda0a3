public import TaperCore

/// How many tablets of each strength the plan uses, in total and per 4 weeks, to write a prescription from.
///
/// The counts add up the tablets of each administration in the plan; nothing is recomputed.
public struct WeeklySupply: Hashable, Sendable {
  /// One medicine and tablet strength.
  public struct Item: Hashable, Sendable {
    public var medicine: Int
    public var name: String
    /// "5 mg".
    public var strength: String
    public var total: Int
  }

  /// A 28-day block of the plan (the last may be shorter).
  public struct Period: Hashable, Sendable {
    /// "Days 1–28".
    public var label: String
    public var first: CivilDate
    public var last: CivilDate
    /// Tablets per item, in the order of ``WeeklySupply/items``.
    public var counts: [Int]
  }

  /// A medicine given without tablets (infusions, specialist doses): how many doses.
  public struct OtherDoses: Hashable, Sendable {
    public var name: String
    public var count: Int
    /// "28.0 g ×5, …": the distinct amounts in the order they first appear.
    public var amounts: [String]
  }

  public var items: [Item]
  public var periods: [Period]
  public var others: [OtherDoses]

  public init(_ plan: TreatmentPlan) {
    struct Key: Hashable { var medicine: Int; var strength: Mass }
    var order: [Key] = []
    var index: [Key: Int] = [:]
    var perPeriod: [[Int: Int]] = []
    var othersCount: [Int: Int] = [:]
    var othersAmounts: [Int: [String]] = [:]
    var periods: [(first: CivilDate, last: CivilDate)] = []
    for day in plan.days {
      let p = (day.number - 1) / 28
      if p == periods.count {
        periods.append((day.date, day.date))
        perPeriod.append([:])
      }
      periods[p].last = day.date
      for a in day.administrations {
        if a.tablets.isEmpty {
          othersCount[a.medicine, default: 0] += 1
          let text = a.amount.description
          if !(othersAmounts[a.medicine] ?? []).contains(text) { othersAmounts[a.medicine, default: []].append(text) }
          continue
        }
        for t in a.tablets {
          let key = Key(medicine: a.medicine, strength: t.strength)
          let i: Int
          if let known = index[key] {
            i = known
          } else {
            i = order.count
            index[key] = i
            order.append(key)
          }
          perPeriod[p][i, default: 0] += t.count
        }
      }
    }
    // Medicine order, then strongest tablet first.
    let sorted = order.indices.sorted { a, b in
      (order[a].medicine, -order[a].strength.micrograms) < (order[b].medicine, -order[b].strength.micrograms)
    }
    items = sorted.map { i in
      Item(
        medicine: order[i].medicine, name: plan.medicines[order[i].medicine].displayName,
        strength: order[i].strength.mgText, total: perPeriod.reduce(0) { $0 + ($1[i] ?? 0) })
    }
    self.periods = periods.enumerated().map { p, range in
      let firstDay = p * 28 + 1
      let lastDay = firstDay + range.first.days(to: range.last)
      return Period(
        label: "Days \(firstDay)–\(lastDay)", first: range.first, last: range.last,
        counts: sorted.map { perPeriod[p][$0] ?? 0 })
    }
    others = othersCount.keys.sorted().map { m in
      OtherDoses(name: plan.medicines[m].displayName, count: othersCount[m] ?? 0, amounts: othersAmounts[m] ?? [])
    }
  }
}
