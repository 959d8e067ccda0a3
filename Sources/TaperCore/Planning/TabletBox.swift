/// The tablet strengths a patient has, and how to make a dose from them with the fewest tablets.
public struct TabletBox: Hashable, Sendable {
  /// Strengths, largest first, without duplicates.
  public let strengths: [Mass]

  public init(_ strengths: [Mass]) {
    self.strengths = Array(Set(strengths)).sorted(by: >)
  }

  /// The fewest tablets that make exactly `dose`, preferring larger strengths on ties; `nil` when the
  /// strengths cannot make it.
  public func tablets(for dose: Mass) -> [TabletCount]? {
    guard dose.micrograms >= 0, !strengths.isEmpty else { return nil }
    if dose == .zero { return [] }
    let unit = strengths.map(\.micrograms).reduce(0, gcd)
    guard unit > 0, dose.micrograms % unit == 0 else { return nil }
    let target = dose.micrograms / unit
    guard target <= 200_000 else { return nil }
    let coins = strengths.map { $0.micrograms / unit }
    // fewest[n] = fewest tablets for n units; choice[n] = the strength index used last.
    var fewest = [Int](repeating: .max, count: target + 1)
    var choice = [Int](repeating: -1, count: target + 1)
    fewest[0] = 0
    for n in 1...target {
      for (i, c) in coins.enumerated() where c <= n && fewest[n - c] != .max {
        if fewest[n - c] + 1 < fewest[n] {
          fewest[n] = fewest[n - c] + 1
          choice[n] = i
        }
      }
    }
    guard fewest[target] != .max else { return nil }
    var counts = [Int](repeating: 0, count: coins.count)
    var n = target
    while n > 0 {
      let i = choice[n]
      counts[i] += 1
      n -= coins[i]
    }
    return zip(strengths, counts).filter { $0.1 > 0 }.map { TabletCount(strength: $0.0, count: $0.1) }
  }

  /// Whether the strengths make `dose` exactly.
  public func canMake(_ dose: Mass) -> Bool { tablets(for: dose) != nil }

  /// The dose nearest to `exact` that the strengths can make, ties resolved downwards; `nil` when none
  /// lies within `window` of it.
  public func nearestDose(to exact: Mass, within window: Mass = Mass(mg: 50)) -> Mass? {
    let unit = strengths.map(\.micrograms).reduce(0, gcd)
    guard unit > 0 else { return nil }
    let low = max(unit, (exact.micrograms - window.micrograms) / unit * unit)
    var best: Mass?
    var m = low
    while m <= exact.micrograms + window.micrograms {
      let candidate = Mass(micrograms: m)
      if canMake(candidate) {
        let distance = abs(m - exact.micrograms)
        // Strictly nearer wins; an equal distance keeps the lower dose found first.
        if best == nil || distance < abs(best!.micrograms - exact.micrograms) { best = candidate }
      }
      m += unit
    }
    return best
  }

  /// "5 mg, 2.5 mg and 1 mg".
  public var text: String {
    let names = strengths.map(\.mgText)
    guard names.count > 1 else { return names.first ?? "none" }
    return names.dropLast().joined(separator: ", ") + " and " + names.last!
  }
}

private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
