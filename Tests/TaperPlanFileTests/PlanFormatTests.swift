import Foundation
import TaperTestSupport
import Testing

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
    let declaredScalars = Set(
      PlanFormat.keys.filter { $0.value != .mapping && $0.value != .mappings }.map(\.path))
    #expect(seen == declaredScalars)
  }

  /// The README's "Plan-file keys" section is generated from the declarations; re-record with RECORD_GOLDEN=1.
  @Test func theREADMEReferenceIsTheDeclarations() throws {
    try expectGeneratedSection(
      PlanFormat.referenceMarkdown() + "\n",
      begin: "<!-- plan-file keys: generated from PlanFormat.keys (RECORD_GOLDEN=1 swift test --filter PlanFormatTests) -->\n",
      end: "<!-- end of plan-file keys -->")
  }
}
