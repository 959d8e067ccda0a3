import Foundation
import TaperCore
import TaperPlanFile
import TaperRender
import TaperTestSupport
import Testing

@testable import TaperServer

@Suite struct StoreAndHashTests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func sha256KnownAnswers(input: String, digest: String) {
    #expect(Secrets.sha256Hex(Array(input.utf8)) == digest)
  }

  @Test func sha256MillionA() {
    #expect(
      Secrets.sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func tokensAre128RandomBitsAndCompareInConstantTime() {
    let a = Secrets.newFeedToken()
    let b = Secrets.newFeedToken()
    #expect(a.count == 32 && Hex.decode(a)?.count == 16)
    #expect(a != b)
    #expect(Secrets.constantTimeEqual(Secrets.tokenHash(a), Secrets.tokenHash(a)))
    #expect(!Secrets.constantTimeEqual(Secrets.tokenHash(a), Secrets.tokenHash(b)))
    #expect(!Secrets.constantTimeEqual([1, 2], [1, 2, 3]))
  }

  @Test func revisionsAreNeverOverwrittenOrDeleted() async throws {
    let store = try makeStore()
    let text = try Fixtures.text("plans/remission.yaml").replacingOccurrences(of: "revision: 2", with: "revision: 1")
    try await PlanImport.save(text: text, fileName: "r.yaml", into: store, author: "a", note: "", now: 10)
    await #expect(throws: StoreError.planExists("demo-remission-003")) {
      _ = try await PlanImport.save(text: text, fileName: "r.yaml", into: store, author: "a", note: "", now: 11)
    }
    await #expect(throws: (any Error).self) { try await store.execute("UPDATE revision SET text = 'x'") }
    await #expect(throws: (any Error).self) { try await store.execute("DELETE FROM revision") }
    let revision = StoredRevision(
      planID: "demo-remission-003", number: 0, text: text, form: nil, title: "t", author: "b", note: "n", savedAt: 20)
    #expect(try await store.addRevision(revision, base: 1) == 2)
    await #expect(throws: StoreError.conflict(base: 1, latest: 2)) { try await store.addRevision(revision, base: 1) }
    let all = try await store.revisions(planID: "demo-remission-003")
    #expect(all.map(\.number) == [1, 2])
    #expect(all[0].author == "a" && all[1].author == "b")
    // WAL journal.
    #expect(try await store.journalMode() == "wal")
  }

  @Test func changesAreDescribedInPlainWords() throws {
    let old = try Fixtures.plan("remission")
    var spec = try Fixtures.spec("remission")
    spec.revision = 3
    let text = try Fixtures.text("plans/remission.yaml").replacingOccurrences(
      of: "dose_mg: 6, weeks: 4", with: "dose_mg: 6, weeks: 2")
    let (new, _) = try PlanFile.plan(text: text, fileName: "x")
    let lines = PlanChanges.describe(from: old, to: new)
    #expect(!lines.isEmpty)
    #expect(lines.contains { $0.hasPrefix("Prednisolone from ") && $0.contains("(was ") })
    #expect(PlanChanges.describe(from: old, to: old).isEmpty)
    #expect(PlanChanges.words(CivilDate(iso: "2027-01-04")!) == "Mon 4 January 2027")
  }

  @Test func formTextIsAPlanFileTheCLIAccepts() throws {
    let form = PlanForm.from(submitted: Dictionary(nonSevereForm(), uniquingKeysWith: { $1 }))
    let text = form.planFileText(id: "plan-abc", revision: 1)
    let (plan, _) = try PlanFile.plan(text: text, fileName: "form.yaml")
    let fixture = try Fixtures.plan("non-severe")
    // Same doses as the bundled example for the two checked medicines.
    for (a, b) in zip(plan.days, fixture.days) {
      #expect(a.administrations.filter { $0.drug != "omeprazole" }.map(\.amount) == b.administrations.map(\.amount))
    }
    // The form writes as a number exactly what the reader takes as one.
    for (text, plain) in [("2.5", true), ("-1", true), ("70", true), ("2,5", false), ("5.", false), ("010", false), ("1e3", false), (".5", false)] {
      #expect(PlanFormat.isPlainDecimal(text) == plain, "\(text)")
    }
  }

  @Test func theFormsBloodTestTimeIsMonitoringTime() throws {
    var submitted = Dictionary(nonSevereForm(), uniquingKeysWith: { $1 })
    submitted["monitoring.time"] = "07:30"
    let text = PlanForm.from(submitted: submitted).planFileText(id: "plan-abc", revision: 1)
    #expect(text.contains("monitoring:\n  time: \"07:30\"\n"))
    let (plan, _) = try PlanFile.plan(text: text, fileName: "form.yaml")
    #expect(!plan.monitoring.isEmpty && plan.monitoring.allSatisfy { $0.time.description == "07:30" })
  }

  @Test(arguments: PatientGroup.allCases)
  func prefilledFormsPlan(group: PatientGroup) throws {
    for line in 1...3 where !Guideline.options(group: group, line: line).isEmpty {
      var form = PlanForm.prefilled(group: group, line: line)
      form.values["plan.start"] = "2027-01-04"
      form.values["patient.weight_kg"] = "70"
      form.values["patient.age"] = "50"
      form.values["patient.tpmt"] = "normal"
      for i in 0..<form.rows where SpecialistAgent(rawValue: form.values["medications[\(i)].drug"] ?? "") != nil {
        // The seed leaves the dose to the specialist: the form starts without one, and without a schedule.
        #expect(form.values["medications[\(i)].dose"] == nil && form.values["medications[\(i)].on_days"] == nil)
        #expect(form.values["medications[\(i)].set_by_specialist"] == nil)
        form.values["medications[\(i)].dose"] = "1 g"
        form.values["medications[\(i)].on_days"] = "1, 15"
        form.values["medications[\(i)].set_by_specialist"] = "on"
      }
      let text = form.planFileText(id: "p", revision: 1)
      do {
        _ = try PlanFile.plan(text: text, fileName: "prefill.yaml")
      } catch {
        Issue.record("\(group) line \(line): \(error)\n\(text)")
      }
    }
  }

  @Test func qrCodeIsAnSVG() throws {
    let svg = try #require(QRCode.svg("webcal://127.0.0.1:8080/feeds/0123456789abcdef0123456789abcdef.ics")).description
    #expect(svg.hasPrefix("<svg"))
    #expect(svg.contains("<path"))
  }
}

/// The web form's fields come from the plan-file format's declarations (``PlanFormat``).
@Suite struct PlanFormFieldTests {
  @Test func everyDeclaredKeyHasAFieldAndEveryFieldIsDeclared() {
    let form = Set(
      (PlanForm.planFields + PlanForm.clinicFields + PlanForm.patientFields + PlanForm.monitoringFields
        + PlanForm.medicationFields + PlanForm.taperFields + PlanForm.increaseFields + PlanForm.lists.flatMap(\.fields))
        .map { PlanForm.Field.path($0.key) })
    let sections: [PlanFormat.Section] = [
      .plan, .clinic, .patient, .medication, .monitoring, .taper, .taperRule, .taperStep, .increase, .pause,
    ]
    // The server numbers revisions itself; the taper, escalation and pauses are built by their builders (their
    // keys inside are fields), never typed.
    let built = ["medications[].taper", "medications[].increase", "medications[].pauses", "medications[].taper.rules", "medications[].taper.steps"]
    let declared = Set(PlanFormat.keys.filter { sections.contains($0.section) }.map(\.path))
      .subtracting(["plan.revision"] + built)
    #expect(declared.subtracting(form).isEmpty, "keys without a field: \(declared.subtracting(form).sorted())")
    #expect(form.subtracting(declared).isEmpty, "fields without a key: \(form.subtracting(declared).sorted())")
  }

  @Test func aFieldsKindIsItsDeclaration() {
    #expect(PlanForm.Field(key: "patient.tpmt", label: "TPMT").kind == .choice(["", "normal", "low", "absent", "unknown"]))
    #expect(PlanForm.Field(key: "patient.group", label: "Group").kind == .choice(["severe", "non-severe", "remission"]))
    #expect(PlanForm.Field(key: "tablets_mg", label: "Tablets").kind == .numbers)
    #expect(PlanForm.Field(key: "taper", label: "Taper").kind == .built)
    #expect(PlanForm.Field(key: "pauses[].from", label: "From").kind == .date)
    #expect(PlanForm.Field(key: "patient.contraception", label: "C").kind == .flag)
  }
}
