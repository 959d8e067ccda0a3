/// An amount of drug, stored as a whole number of micrograms so that sums and comparisons are exact.
///
/// Milligrams and grams are two spellings of the same quantity, so they cannot be mixed up: `.mg(500)`
/// and `.g(0.5)` are equal. Doses per kilogram are a different type (``MassPerKilogram``); multiplying one
/// by a ``BodyWeight`` is the only way to get a ``Mass`` from them.
public struct Mass: Hashable, Comparable, Sendable, AdditiveArithmetic, CustomStringConvertible {
  public let micrograms: Int

  public init(micrograms: Int) { self.micrograms = micrograms }

  /// Milligrams, rounded to the nearest microgram; `nil` for NaN, infinity or absurd magnitudes.
  public static func mg(_ value: Double) -> Mass? {
    guard value.isFinite, abs(value) < 1e9 else { return nil }
    return Mass(micrograms: Int((value * 1000).rounded()))
  }

  /// Grams, rounded to the nearest microgram; `nil` for NaN, infinity or absurd magnitudes.
  public static func g(_ value: Double) -> Mass? {
    guard value.isFinite, abs(value) < 1e6 else { return nil }
    return Mass(micrograms: Int((value * 1_000_000).rounded()))
  }

  /// Exact milligrams, for literals in code: `Mass(mg: 80)`.
  public init(mg: Int) { self.micrograms = mg * 1000 }

  public var milligrams: Double { Double(micrograms) / 1000 }
  public var grams: Double { Double(micrograms) / 1_000_000 }

  public static var zero: Mass { Mass(micrograms: 0) }
  public static func + (a: Mass, b: Mass) -> Mass { Mass(micrograms: a.micrograms + b.micrograms) }
  public static func - (a: Mass, b: Mass) -> Mass { Mass(micrograms: a.micrograms - b.micrograms) }
  public static func * (a: Mass, n: Int) -> Mass { Mass(micrograms: a.micrograms * n) }
  public static func < (a: Mass, b: Mass) -> Bool { a.micrograms < b.micrograms }

  /// Whether this amount is a whole multiple of `step` (for instance 2.5 mg methotrexate tablets).
  public func isMultiple(of step: Mass) -> Bool { step.micrograms > 0 && micrograms % step.micrograms == 0 }

  /// The amount rounded to the nearest multiple of `step`, ties rounded down.
  public func rounded(toMultipleOf step: Mass) -> Mass {
    let q = micrograms / step.micrograms
    let r = micrograms - q * step.micrograms
    return Mass(micrograms: (r * 2 > step.micrograms ? q + 1 : q) * step.micrograms)
  }

  /// "17.5 mg": milligrams with no trailing zeros.
  public var mgText: String { Mass.decimalText(micrograms, scale: 1000) + " mg" }
  /// "28.9 g": grams to 0.1 g.
  public var gramsText: String {
    let tenths = Int((Double(micrograms) / 100_000).rounded())
    return (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10) g"
  }
  public var description: String { mgText }

  /// The number `micrograms / scale` written with the fewest decimals that keep it exact.
  public static func decimalText(_ value: Int, scale: Int) -> String {
    let sign = value < 0 ? "-" : ""
    let v = abs(value)
    let whole = v / scale
    var frac = v % scale
    guard frac != 0 else { return sign + String(whole) }
    var digits = String(frac)
    digits = String(repeating: "0", count: String(scale).count - 1 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    frac = 0
    return sign + "\(whole)." + digits
  }
}

/// A body weight in kilograms, to the gram.
public struct BodyWeight: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let grams: Int
  public init(grams: Int) { self.grams = grams }
  public static func kg(_ value: Double) -> BodyWeight? {
    guard value.isFinite, abs(value) < 1e6 else { return nil }
    return BodyWeight(grams: Int((value * 1000).rounded()))
  }
  public var kilograms: Double { Double(grams) / 1000 }
  public var description: String { Mass.decimalText(grams, scale: 1000) + " kg" }
  public static func < (a: BodyWeight, b: BodyWeight) -> Bool { a.grams < b.grams }
}

/// A dose per kilogram of body weight (mg/kg or g/kg — one quantity, stored as micrograms per kg).
public struct MassPerKilogram: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let microgramsPerKilogram: Int
  public init(microgramsPerKilogram: Int) { self.microgramsPerKilogram = microgramsPerKilogram }
  public static func mgPerKg(_ value: Double) -> MassPerKilogram? {
    guard value.isFinite, abs(value) < 1e6 else { return nil }
    return MassPerKilogram(microgramsPerKilogram: Int((value * 1000).rounded()))
  }
  public static func gPerKg(_ value: Double) -> MassPerKilogram? {
    guard value.isFinite, abs(value) < 1e3 else { return nil }
    return MassPerKilogram(microgramsPerKilogram: Int((value * 1_000_000).rounded()))
  }
  public var mgPerKgText: String { Mass.decimalText(microgramsPerKilogram, scale: 1000) + " mg/kg" }
  public var gPerKgText: String { Mass.decimalText(microgramsPerKilogram, scale: 1_000_000) + " g/kg" }
  public var description: String { mgPerKgText }
  public static func < (a: MassPerKilogram, b: MassPerKilogram) -> Bool {
    a.microgramsPerKilogram < b.microgramsPerKilogram
  }

  /// The dose for a body weight, exact to the microgram (rounded half up).
  public static func * (rate: MassPerKilogram, weight: BodyWeight) -> Mass {
    // µg/kg × g / 1000 = µg
    let product = rate.microgramsPerKilogram * weight.grams
    return Mass(micrograms: (product + 500) / 1000)
  }
}

/// A height, to the millimetre.
public struct Height: Hashable, Sendable, CustomStringConvertible {
  public let millimetres: Int
  public init(millimetres: Int) { self.millimetres = millimetres }
  public static func cm(_ value: Double) -> Height? {
    guard value.isFinite, abs(value) < 1e5 else { return nil }
    return Height(millimetres: Int((value * 10).rounded()))
  }
  public var centimetres: Double { Double(millimetres) / 10 }
  public var description: String { Mass.decimalText(millimetres, scale: 10) + " cm" }
}
