import ArgumentParser
import Foundation
import TaperCore

/// Writes N varied, valid plan files for benchmarks and batch tests (hidden from help).
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate-plans", abstract: "Write N varied, valid plan files (benchmark input).",
    shouldDisplay: false)

  @Argument(help: "How many plans.") var count: Int
  @Option(help: "The folder to write them to (created if missing).") var out: String
  @Option(help: "Random seed, for reproducible sets.") var seed: UInt64 = 1
  @Option(help: "Fixed plan length in weeks (default: 13–156, varied).") var weeks: Int?

  func validate() throws {
    guard (1...1_000_000).contains(count) else { throw ValidationError("count must be 1–1 000 000") }
    if let weeks, !(1...521).contains(weeks) { throw ValidationError("--weeks must be 1–521") }
  }

  func run() throws {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    var rng = SplitMix(state: seed)
    for n in 0..<count {
      let text = PlanGenerator.plan(number: n, weeks: weeks, using: &rng)
      try Output.write(text, to: (out as NSString).appendingPathComponent(String(format: "plan-%06d.yaml", n)))
    }
    print("generate-plans: wrote \(count) plans to \(out)")
  }
}

/// SplitMix64: small and reproducible.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Plan-file text for generated plans: the seed's regimens with varied weights, starts and lengths.
enum PlanGenerator {
  static func plan(number n: Int, weeks fixedWeeks: Int?, using rng: inout SplitMix) -> String {
    let weight = Int.random(in: 45...130, using: &rng)
    let weeks = fixedWeeks ?? Int.random(in: 13...156, using: &rng)
    let startOffset = Int.random(in: 0...700, using: &rng)
    let startText = CivilDate(iso: "2026-01-05")!.adding(days: startOffset).description
    let zone = ["Europe/London", "Europe/London", "Europe/Dublin", "America/New_York", "Australia/Sydney"].randomElement(using: &rng)!
    let weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].randomElement(using: &rng)!
    let kind = n % 4
    var lines = [
      "plan:", "  id: gen-\(String(format: "%06d", n))", "  title: Generated plan \(n)", "  start: \(startText)",
      "  timezone: \(zone)", "  revision: \(1 + n % 3)", "  status: \(n % 2 == 0 ? "approved" : "draft")",
      "  weeks: \(weeks)", "patient:", "  weight_kg: \(weight)", "  age: \(Int.random(in: 18...90, using: &rng))",
      "  height_cm: \(Int.random(in: 155...195, using: &rng))", "  sex: \(Bool.random(using: &rng) ? "male" : "female")",
      "  tpmt: normal",
    ]
    let mtxDose = Double(Int.random(in: 3...8, using: &rng)) * 2.5
    let protocolName = ["bands", "etg", "neuromuscular-review"].randomElement(using: &rng)!
    switch kind {
    case 0:
      lines += [
        "  group: severe", "medications:", "  - drug: methylprednisolone", "    days: \(Int.random(in: 3...5, using: &rng))",
        "  - drug: prednisolone", "    mg_per_kg: \(["0.5", "0.75", "1"].randomElement(using: &rng)!)",
        "    taper: { protocol: \(protocolName) }",
        "  - drug: methotrexate", "    dose_mg: \(mtxDose)", "    weekday: \(weekday)",
        "    increase: { by_mg: 2.5, every_weeks: 2, to_mg: 20 }", "  - drug: folic acid",
        "  - drug: ivig", "    days: \(Int.random(in: 2...5, using: &rng))", "    courses: \(Int.random(in: 1...3, using: &rng))",
      ]
    case 1:
      let aza = min(weight * 2 / 25 * 25, 200)
      lines += [
        "  group: non-severe", "medications:", "  - drug: prednisolone", "    mg_per_kg: 0.75",
        "    taper: { protocol: bands }", "  - drug: azathioprine", "    dose_mg: 50", "    start: 15",
        "    increase: { by_mg: 25, every_weeks: 2, to_mg: \(max(aza, 50)) }",
      ]
    case 2:
      lines += [
        "  group: remission", "medications:", "  - drug: mycophenolate mofetil", "    dose_mg: 1000",
        "    increase: { by_mg: 500, every_weeks: 1, to_mg: \([2000, 2500, 3000].randomElement(using: &rng)!) }",
        "  - drug: prednisolone", "    taper:", "      steps:", "        - { dose_mg: 7.5, weeks: 4 }",
        "        - { dose_mg: 5, weeks: 8 }", "        - { dose_mg: [5, 4], weeks: 4 }", "        - { dose_mg: 4, weeks: 4 }",
      ]
    default:
      lines += [
        "  group: severe", "  line: 3", "  previous_treatment: methotrexate and mycophenolate ineffective",
        "medications:", "  - drug: rituximab", "    dose: \"1 g\"", "    on_days: [1, 15]", "    set_by_specialist: true",
        "    route: intravenous", "  - drug: prednisolone", "    dose_mg: \(min(weight / 2 / 5 * 5, 60))",
        "    taper: { protocol: \(protocolName) }", "  - drug: other", "    name: alendronic acid", "    dose: \"70 mg\"",
        "    weekday: \(weekday)",
      ]
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
