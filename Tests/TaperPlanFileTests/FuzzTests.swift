import Foundation
import TaperCore
import TaperPlanFile
import TaperTestSupport
import Testing

/// A seeded mutation fuzzer over the plan-file path: YAML parsing, the size/depth/alias guards, decoding,
/// conversion and planning. Any Swift trap or hang fails the run; the iteration count bounds its time.
@Suite struct FuzzTests {
  static let tokens = [
    "-1", "0", "1e308", "-1e308", "9223372036854775807", "-9223372036854775808", "99999999999999999999", ".nan",
    ".inf", "-.inf", "2.5", "0.0001", "\"\"", "[]", "{}", "null", "~", "true", "2027-02-29", "2026-12-07",
    "\"25:00\"", "\"08:00\"", "monday", "[monday, tuesday]", "&a x", "*a", "!!binary aGVsbG8=", "'../x'",
    "\"\\u0000\"", "Mars/Base", "methotrexate", "other", "[1, 15]", "{ by_mg: 2.5, every_weeks: 0, to_mg: 25 }",
  ]

  /// Names of checked drugs and the disguises a typed name may carry: look-alike letters of other scripts,
  /// invisible and spacing characters, case.
  static let drugNames = DrugDictionary.all.filter { if case .checked = $0.plannedAs { true } else { false } }
    .flatMap(\.allNames)
  static let lookAlikes: [Character: [String]] = [
    "a": ["\u{0430}", "\u{03B1}", "\u{FF41}"], "e": ["\u{0435}", "\u{FF45}", "\u{1D41E}"], "o": ["\u{043E}", "\u{03BF}", "\u{0585}"],
    "c": ["\u{0441}", "\u{217D}"], "p": ["\u{0440}", "\u{03C1}"], "x": ["\u{0445}", "\u{00D7}"], "i": ["\u{0456}", "\u{0131}"],
    "t": ["\u{1D42D}"], "m": ["\u{FF4D}", "rn"], "h": ["\u{04BB}"], "M": ["\u{041C}", "\u{039C}"], "T": ["\u{0422}", "\u{03A4}"],
  ]
  static let hidden = ["\u{00A0}", "\u{200B}", "\u{00AD}", "\u{FEFF}", "\u{2060}", "\u{200D}", "\u{3000}", "\u{202E}", " "]

  static func disguisedName(using rng: inout SeededGenerator) -> String {
    var out = ""
    for c in drugNames.randomElement(using: &rng)! {
      let roll = Int.random(in: 0..<8, using: &rng)
      if roll == 0, let look = lookAlikes[c]?.randomElement(using: &rng) {
        out += look
      } else if roll == 1 {
        out += String(c).uppercased()
      } else {
        out.append(c)
      }
      if Int.random(in: 0..<7, using: &rng) == 0 { out += hidden.randomElement(using: &rng)! }
    }
    return "\"" + out.unicodeScalars.map { $0.isASCII ? String($0) : "\\u\(String($0.value, radix: 16).leftPadded(4))" }.joined() + "\""
  }

  static func mutate(_ text: String, using rng: inout SeededGenerator) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let rounds = Int.random(in: 1...4, using: &rng)
    for _ in 0..<rounds where !lines.isEmpty {
      let i = Int.random(in: 0..<lines.count, using: &rng)
      switch Int.random(in: 0..<9, using: &rng) {
      case 0:  // replace a value
        if let colon = lines[i].firstIndex(of: ":") {
          lines[i] = String(lines[i][...colon]) + " " + tokens.randomElement(using: &rng)!
        }
      case 1: lines.remove(at: i)
      case 2: lines.insert(lines[i], at: i)
      case 3: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &rng))
      case 4:  // change indentation
        lines[i] = (Bool.random(using: &rng) ? "  " : "") + lines[i].drop { $0 == " " && Bool.random(using: &rng) }
      case 5:  // flip a byte (kept valid UTF-8 by choosing printable ASCII)
        var scalars = Array(lines[i].unicodeScalars)
        if !scalars.isEmpty {
          scalars[Int.random(in: 0..<scalars.count, using: &rng)] = Unicode.Scalar(UInt8.random(in: 32...126, using: &rng))
          lines[i] = String(String.UnicodeScalarView(scalars))
        }
      case 6:  // truncate
        lines = Array(lines.prefix(i))
      case 7:  // a drug's name in disguise, as an `other` medicine's name or as the drug key
        let key = Bool.random(using: &rng) ? "name" : "drug"
        lines.insert("    \(key): " + disguisedName(using: &rng), at: i)
      default:  // insert a random key
        lines.insert("  " + ["dose_mg", "weeks", "days", "every_weeks", "start", "times", "weekday", "taper"].randomElement(using: &rng)! + ": " + tokens.randomElement(using: &rng)!, at: i)
      }
    }
    return lines.joined(separator: "\n")
  }

  static var seeds: [String] {
    let folders = ["plans", "invalid", "fuzz"]
    return folders.flatMap { folder -> [String] in
      let url = Fixtures.url(folder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap {
        FileManager.default.contents(atPath: url.appendingPathComponent($0).path).flatMap { String(validating: $0, as: UTF8.self) }
      }
    }
  }

  @Test func theCrashCorpusStillParsesWithoutCrashing() throws {
    // Every file in Fixtures/fuzz/ once crashed or hung an earlier build; each must now give a plan or errors.
    let url = Fixtures.url("fuzz")
    let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".yaml") }
    #expect(!names.isEmpty)
    for name in names {
      let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
      _ = try? PlanFile.plan(text: text, fileName: name)
    }
  }

  @Test func mutatedPlanFilesNeverCrash() {
    let iterations = Int(ProcessInfo.processInfo.environment["TAPER_FUZZ_ITERATIONS"] ?? "") ?? 3000
    var rng = SeededGenerator(state: 20261125)
    let seeds = Self.seeds
    var planned = 0, refused = 0
    for n in 0..<iterations {
      let text = Self.mutate(seeds[n % seeds.count], using: &rng)
      do {
        let (plan, _) = try PlanFile.plan(text: text, fileName: "fuzz-\(n).yaml")
        planned += 1
        // A plan that is made must still hold the safety invariants: methotrexate at most 25 mg, never twice
        // within 7 days, and no `other` medicine that is a checked drug under another name.
        var lastMethotrexate: CivilDate?
        for day in plan.days {
          for a in day.administrations where plan.medicines[a.medicine].kind == .methotrexate {
            #expect(a.amount.mass.map { $0 <= Mass(mg: 25) } ?? false)
            if let last = lastMethotrexate { #expect(last.days(to: day.date) >= 7, "\(text)") }
            lastMethotrexate = day.date
          }
        }
        for medicine in plan.medicines where medicine.kind == .other {
          #expect(DrugDictionary.resolve(medicine.key).checkedMatch == nil, "\(medicine.key) in\n\(text)")
        }
      } catch {
        refused += 1
        #expect(error.diagnostics.allSatisfy { $0.severity == .error || $0.severity == .warning || $0.severity == .notice })
        #expect(error.diagnostics.contains { $0.severity == .error })
      }
    }
    #expect(planned + refused == iterations)
    #expect(refused > 0)
  }
}

extension String {
  func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
