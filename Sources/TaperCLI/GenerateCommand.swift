package import ArgumentParser
import Foundation
package import TaperCore
import TaperPlanFile

/// Writes N varied, valid plan files for benchmarks and batch tests (hidden from help).
package struct GenerateCommand: ParsableCommand, HouseErrors {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "generate-plans", abstract: "Write N varied, valid plan files (benchmark input).",
    shouldDisplay: false)

  @Argument(help: "How many plans.") var count: Int
  @Option(help: "The folder to write them to (created if missing).") var out: String
  @Option(help: "Random seed, for reproducible sets.") var seed: UInt64 = 1
  @Option(help: "Fixed plan length in weeks (default: 13–156, varied).") var weeks: Int?

  package func validate() throws {
    guard (1...1_000_000).contains(count) else { throw ValidationError("count must be 1–1 000 000") }
    if let weeks, !(1...521).contains(weeks) { throw ValidationError("--weeks must be 1–521") }
  }

  package func run() throws {
    try CLIError.reporting {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      var rng = SeededGenerator(state: seed)
      for n in 0..<count {
        let text = PlanGenerator.plan(number: n, weeks: weeks, using: &rng)
        try Output.write(text, to: (out as NSString).appendingPathComponent(String(format: "plan-%06d.yaml", n)))
      }
      print("generate-plans: wrote \(count) plans to \(out)")
    }
  }
}

/// Plan files for generated plans: the seed's regimens with varied weights, starts and lengths, written by the
/// plan-file layer's writer.
package enum PlanGenerator {
  package static func plan(number n: Int, weeks fixedWeeks: Int?, using rng: inout SeededGenerator) -> String {
    typealias Value = PlanFileDocument.Value
    // The random draws in a fixed order, so a seed always gives the same plans.
    let weight = Int.random(in: 45...130, using: &rng)
    let weeks = fixedWeeks ?? Int.random(in: 13...156, using: &rng)
    let startOffset = Int.random(in: 0...700, using: &rng)
    let startText = CivilDate(iso: "2026-01-05")!.adding(days: startOffset).description
    let zone = ["Europe/London", "Europe/London", "Europe/Dublin", "America/New_York", "Australia/Sydney"].randomElement(using: &rng)!
    let weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].randomElement(using: &rng)!
    let age = Int.random(in: 18...90, using: &rng)
    let height = Int.random(in: 155...195, using: &rng)
    let sex = Bool.random(using: &rng) ? "male" : "female"
    let kind = n % 4
    let plan: [(String, Value)] = [
      ("id", .text("gen-\(String(format: "%06d", n))")), ("title", .text("Generated plan \(n)")),
      ("start", .scalar(startText)), ("timezone", .text(zone)), ("revision", .scalar("\(1 + n % 3)")),
      ("status", .text(n % 2 == 0 ? "approved" : "draft")), ("weeks", .scalar("\(weeks)")),
    ]
    var patient: [(String, Value)] = [
      ("weight_kg", .scalar("\(weight)")), ("age", .scalar("\(age)")), ("height_cm", .scalar("\(height)")),
      ("sex", .text(sex)), ("tpmt", .text("normal")),
    ]
    let mtxDose = Double(Int.random(in: 3...8, using: &rng)) * 2.5
    let protocolName = ["bands", "etg", "neuromuscular-review"].randomElement(using: &rng)!
    func drug(_ name: String, _ rest: (String, Value)...) -> Value { .mapping([("drug", .text(name))] + rest) }
    func increase(by: String, weeks: Int, to: String) -> Value {
      .mapping([("by_mg", .scalar(by)), ("every_weeks", .scalar("\(weeks)")), ("to_mg", .scalar(to))])
    }
    func step(_ doses: [String], weeks: Int) -> Value {
      .mapping([("dose_mg", doses.count == 1 ? .scalar(doses[0]) : .list(doses.map { .scalar($0) })), ("weeks", .scalar("\(weeks)"))])
    }
    let medications: [Value]
    switch kind {
    case 0:
      patient.append(("group", .text("severe")))
      let pulseDays = Int.random(in: 3...5, using: &rng)
      let perKg = ["0.5", "0.75", "1"].randomElement(using: &rng)!
      let ivigDays = Int.random(in: 2...5, using: &rng)
      let courses = Int.random(in: 1...3, using: &rng)
      medications = [
        drug("methylprednisolone", ("days", .scalar("\(pulseDays)"))),
        drug("prednisolone", ("mg_per_kg", .scalar(perKg)), ("taper", .mapping([("protocol", .text(protocolName))]))),
        drug(
          "methotrexate", ("dose_mg", .scalar("\(mtxDose)")), ("weekday", .text(weekday)),
          ("increase", increase(by: "2.5", weeks: 2, to: "20"))),
        drug("folic acid"),
        drug("ivig", ("days", .scalar("\(ivigDays)")), ("courses", .scalar("\(courses)"))),
      ]
    case 1:
      patient.append(("group", .text("non-severe")))
      let aza = min(weight * 2 / 25 * 25, 200)
      medications = [
        drug("prednisolone", ("mg_per_kg", .scalar("0.75")), ("taper", .mapping([("protocol", .text("bands"))]))),
        drug(
          "azathioprine", ("dose_mg", .scalar("50")), ("start", .scalar("15")),
          ("increase", increase(by: "25", weeks: 2, to: "\(max(aza, 50))"))),
      ]
    case 2:
      patient.append(("group", .text("remission")))
      let target = [2000, 2500, 3000].randomElement(using: &rng)!
      medications = [
        drug("mycophenolate mofetil", ("dose_mg", .scalar("1000")), ("increase", increase(by: "500", weeks: 1, to: "\(target)"))),
        drug(
          "prednisolone",
          ("taper", .mapping([
            ("steps", .list([step(["7.5"], weeks: 4), step(["5"], weeks: 8), step(["5", "4"], weeks: 4), step(["4"], weeks: 4)]))
          ]))),
      ]
    default:
      patient += [
        ("group", .text("severe")), ("line", .scalar("3")),
        ("previous_treatment", .text("methotrexate and mycophenolate ineffective")),
      ]
      medications = [
        drug(
          "rituximab", ("dose", .text("1 g")), ("on_days", .list([.scalar("1"), .scalar("15")])),
          ("set_by_specialist", .boolean(true)), ("route", .text("intravenous"))),
        drug(
          "prednisolone", ("dose_mg", .scalar("\(min(weight / 2 / 5 * 5, 60))")),
          ("taper", .mapping([("protocol", .text(protocolName))]))),
        drug("other", ("name", .text("alendronic acid")), ("dose", .text("70 mg")), ("weekday", .text(weekday))),
      ]
    }
    return PlanFileWriter.text(
      PlanFileDocument(entries: [("plan", .mapping(plan)), ("patient", .mapping(patient)), ("medications", .list(medications))]))
  }
}
