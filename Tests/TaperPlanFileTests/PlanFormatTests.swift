import Foundation
import TaperTestSupport
import Testing

import TaperCore
@testable import TaperPlanFile

/// The plan-file format is declared once (``PlanFormat/keys``): the decoder's keys, the unknown-key schema and
/// the README's key reference must all agree with the declarations.
@Suite struct PlanFormatTests {
  func names(_ section: PlanFormat.Section) -> Set<String> { Set(PlanFormat.keys(in: section).map(\.name)) }

  @Test func theDecoderReadsExactlyTheDeclaredKeys() {
    #expect(Set(PlanSection.CodingKeys.allCases.map(\.rawValue)) == names(.plan))
    #expect(Set(ClinicSection.CodingKeys.allCases.map(\.rawValue)) == names(.clinic))
    #expect(Set(PatientSection.CodingKeys.allCases.map(\.rawValue)) == names(.patient))
    #expect(Set(MedicationEntry.CodingKeys.allCases.map(\.rawValue)) == names(.medication))
    #expect(Set(TaperEntry.CodingKeys.allCases.map(\.rawValue)) == names(.taper))
    #expect(Set(RuleEntry.CodingKeys.allCases.map(\.rawValue)) == names(.taperRule))
    #expect(Set(StepEntry.CodingKeys.allCases.map(\.rawValue)) == names(.taperStep))
    #expect(Set(IncreaseEntry.CodingKeys.allCases.map(\.rawValue)) == names(.increase))
    #expect(Set(PauseEntry.CodingKeys.allCases.map(\.rawValue)) == names(.pause))
    #expect(Set(MonitoringSection.CodingKeys.allCases.map(\.rawValue)) == names(.monitoring))
    let topLevel = Set(PlanFormat.Section.allCases.filter { !$0.rawValue.contains(".") }.map {
      $0.rawValue.hasSuffix("[]") ? String($0.rawValue.dropLast(2)) : $0.rawValue
    })
    #expect(Set(PlanFileDTO.CodingKeys.allCases.map(\.rawValue)) == topLevel)
  }

  @Test func everyKeyIsDeclaredOnceWithHelp() {
    let paths = PlanFormat.keys.map(\.path)
    #expect(Set(paths).count == paths.count, "a key declared twice")
    #expect(PlanFormat.keys.allSatisfy { !$0.help.isEmpty })
    // Every mapping-valued key opens a declared section.
    for key in PlanFormat.keys {
      switch key.value {
      // A revision's `patient` and `medications` take the first revision's sections.
      case .mapping where key.field == .revision(.patient): break
      case .mappings where key.field == .revision(.medications): break
      case .mapping: #expect(PlanFormat.Section(rawValue: key.path) != nil, "\(key.path)")
      case .mappings: #expect(PlanFormat.Section(rawValue: key.path + "[]") != nil, "\(key.path)")
      default: break
      }
    }
  }

  @Test func theUnknownKeyCheckKnowsEveryDeclaredKey() throws {
    // A plan file that uses every declared key of every section is never told "unknown key".
    let yaml = """
      plan: { id: all-keys, title: T, start: 2027-01-04, timezone: Europe/London, revision: 1, status: draft, weeks: 12 }
      clinic: { name: C, phone: "1", prescriber: P }
      patient: { weight_kg: 70, age: 50, group: remission, line: 1, height_cm: 170, sex: male, label: L,
        previous_treatment: x, ild: false, tpmt: normal, egfr: 90, pregnant: false, contraception: false,
        allopurinol: false }
      medications:
        - drug: prednisolone
          dose_mg: 5
          taper: { steps: [ { dose_mg: 5, weeks: 4 } ] }
          pauses: [ { from: 2027-02-01, to: 2027-02-02, reason: r } ]
      monitoring: { enabled: true, fortnightly_until_stable_weeks: 6, monthly_count: 3, then_every_weeks: 12,
        time: "09:00" }
      revisions:
        - { revision: 2, from: 2027-01-18, written: 2027-01-18, author: A, reason: R, note: N, correction: false,
            patient: { weight_kg: 68, egfr: 80 }, stop: [prednisolone],
            medications: [ { drug: folic acid, dose_mg: 5, weekday: monday } ] }
      """
    do {
      _ = try PlanFile(text: yaml, fileName: "all-keys.yaml")
    } catch {
      #expect(!error.description.contains("unknown key"), "\(error)")
    }
    var seen: Set<String> = []
    func walk(_ schema: Schema, _ path: String) {
      switch schema {
      case .mapping(let fields): for (k, v) in fields { walk(v, path.isEmpty ? k : "\(path).\(k)") }
      case .sequence(let inner): walk(inner, path + "[]")
      case .scalar: seen.insert(path)
      }
    }
    walk(PlanFormat.schema, "")
    let scalars = PlanFormat.keys.filter { $0.value != .mapping && $0.value != .mappings }.map(\.path)
    // A revision's medications and patient are the first revision's sections again.
    let reused = scalars.filter { $0.hasPrefix("medications[].") || $0.hasPrefix("patient.") }.map { "revisions[].\($0)" }
    #expect(seen == Set(scalars + reused))
  }

  /// Each spec field the core can point at is one declared key, and each declared key is one spec field.
  @Test func everySpecFieldIsOneDeclaredKey() {
    for field in PlanFormat.Field.allCases {
      let declared = PlanFormat.keys.filter { $0.field == field }
      #expect(declared.count == 1, "\(field) is declared \(declared.count) times")
      #expect(declared.first?.section == field.section, "\(field)")
    }
    #expect(PlanFormat.keys.count == PlanFormat.Field.allCases.count)
  }

  /// The planner's typed locations come out as the plan file's key paths, from the declarations.
  @Test func locationsAreSpelledAsKeyPaths() {
    let names = PlanFormat.keyNames
    let cases: [(PlanLocation, String)] = [
      (.plan(.timeZone), "plan.timezone"),
      (.patient(.weight), "patient.weight_kg"),
      (.clinic(.phone), "clinic.phone"),
      (.monitoring(.thenEveryWeeks), "monitoring.then_every_weeks"),
      (.medications, "medications"),
      (.medication(2), "medications[2]"),
      (.medication(2, .dose), "medications[2].dose_mg"),
      (.medication(0, .weekdays), "medications[0].weekday"),
      (.taper(1), "medications[1].taper"),
      (.taper(1, .finalDose), "medications[1].taper.final_mg"),
      (.taperRule(1, rule: 3, .above), "medications[1].taper.rules[3].above_mg"),
      (.taperRule(1, rule: 3), "medications[1].taper.rules[3]"),
      (.taperStep(1, step: 0, .doses), "medications[1].taper.steps[0].dose_mg"),
      (.increase(4, .to), "medications[4].increase.to_mg"),
      (.pause(0, pause: 2), "medications[0].pauses[2]"),
      (.pause(0, pause: 2, .to), "medications[0].pauses[2].to"),
      (.item(3, .onDays, 1), "medications[3].on_days[1]"),
      (.item(3, .tablets, 0), "medications[3].tablets_mg[0]"),
    ]
    for (location, path) in cases {
      #expect(names.path(location) == path)
      // Every spelled path names a declared key (list indices dropped).
      let declared = path.replacing(/\[\d+\]/, with: "[]")
      if declared.contains(".") && !declared.hasSuffix("[]") {
        #expect(PlanFormat.key(at: declared) != nil, "\(declared)")
      }
    }
    #expect(names.key(.taperStep(1, step: 0, .doses)) == "dose_mg")
    #expect(names.key(.item(3, .onDays, 1)) == "on_days")
  }

  /// The core never spells a plan-file key: its findings point at typed locations and its messages ask
  /// `PlanKeyNames` for key names. Every declared key with an underscore (a word no English message uses) and
  /// every list path (`medications[`) is searched for in the core's code outside comments.
  @Test func theCoreSpellsNoPlanFileKey() throws {
    let core = Fixtures.root.appendingPathComponent("Sources/TaperCore")
    let files = try #require(FileManager.default.enumerator(at: core, includingPropertiesForKeys: nil))
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    #expect(files.count > 10)
    let spelled = Set(PlanFormat.keys.map(\.name).filter { $0.contains("_") })
    let lists = PlanFormat.Section.allCases.map(\.rawValue).filter { $0.hasSuffix("[]") && !$0.contains(".") }
      .map { $0.dropLast(2) + "[" }
    for file in files {
      for (n, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n").enumerated() {
        let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let words = Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        for key in spelled.intersection(words) {
          Issue.record("\(file.lastPathComponent):\(n + 1) spells the plan-file key `\(key)`")
        }
        for list in lists where code.contains("\"\(list)") || code.contains(" \(list)") {
          Issue.record("\(file.lastPathComponent):\(n + 1) spells the plan-file path `\(list)`")
        }
      }
    }
  }

  /// The README's "Plan-file keys" section is generated from the declarations; re-record with RECORD_GOLDEN=1.
  @Test func theREADMEReferenceIsTheDeclarations() throws {
    try expectGeneratedSection(
      PlanFormat.referenceMarkdown() + "\n",
      begin: "<!-- plan-file keys: generated from PlanFormat.keys (RECORD_GOLDEN=1 swift test --filter PlanFormatTests) -->\n",
      end: "<!-- end of plan-file keys -->")
  }
}
