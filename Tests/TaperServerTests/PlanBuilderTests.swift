import Foundation
import TaperCore
import TaperPlanFile
import TaperRender
import TaperTestSupport
import Testing

@testable import TaperServer

/// The plan builder's form: per-medicine fields, the taper, escalation and pause builders, their row buttons,
/// and the plan file they write, against the bundled plans.
@Suite struct PlanBuilderTests {
  /// A plan's JSON without what a new plan of the same content is allowed to differ in (its id, title, revision,
  /// status and approval).
  static func comparable(_ plan: TreatmentPlan) throws -> NSDictionary {
    let json = PlanJSON.render(plan)
    var object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    var head = try #require(object["plan"] as? [String: Any])
    for key in ["id", "title", "revision", "status", "approval"] { head[key] = nil }
    object["plan"] = head
    return object as NSDictionary
  }

  /// The severe plan as a clinician enters it: pre-filled from the guideline, then the taper built as rules and
  /// methotrexate's escalation added — the fields a browser sends.
  static func severeSubmission() -> [String: String] {
    var form = PlanForm.prefilled(group: .severe, line: 1, adding: [0]).values
    form["plan.start"] = "2026-12-07"
    form["plan.id"] = "builder-severe"
    form["clinic.name"] = "Rheumatology clinic"
    form["clinic.phone"] = "+44 20 7946 0000"
    form["clinic.prescriber"] = "Dr A. Example"
    form["patient.weight_kg"] = "70"
    form["patient.age"] = "54"
    form["patient.height_cm"] = "175"
    form["patient.sex"] = "male"
    form["patient.label"] = "J. Smith"
    // Prednisolone (row 1): tablets ticked, a rule taper of four bands.
    form["medications[1].tablets_mg"] = nil
    for s in ["5", "2.5", "1"] { form["medications[1].tablets_mg@\(s)"] = "on" }
    form["medications[1].taper.kind"] = "rules"
    form["medications[1].taper.protocol"] = nil
    form["medications[1].taper.hold_weeks"] = "4"
    form["medications[1].taper.final_mg"] = "4"
    for (j, rule) in [("40", "10", "2"), ("20", "5", "2"), ("10", "2.5", "2"), ("0", "1", "4")].enumerated() {
      form["medications[1].taper.rules[\(j)].above_mg"] = rule.0
      form["medications[1].taper.rules[\(j)].reduce_mg"] = rule.1
      form["medications[1].taper.rules[\(j)].every_weeks"] = rule.2
    }
    form["medications[2].increase.by_mg"] = "2.5"
    form["medications[2].increase.every_weeks"] = "2"
    form["medications[2].increase.to_mg"] = "20"
    form["action"] = "save"
    return form
  }

  @Test func theSeverePlanMadeInTheFormPlansAsTheBundledFile() throws {
    let form = PlanForm.from(submitted: Self.severeSubmission())
    let text = form.planFileText(id: "builder-severe", revision: 1)
    let (plan, _) = try PlanFile.plan(text: text, fileName: "form.yaml")
    #expect(try Self.comparable(plan) == Self.comparable(try Fixtures.plan("severe")), "\(text)")
    // Nothing the clinician did was typed as YAML: the taper is the builder's fields.
    #expect(!form.values.keys.contains("medications[1].taper"))
    #expect(text.contains("rules:"))
  }

  @Test func aRowWritesOnlyTheFieldsItsDrugTakes() throws {
    // IVIG's fields left in a row whose medicine became methotrexate are not written (they are hidden).
    var values = Self.severeSubmission()
    values["medications[2].days"] = "5"
    values["medications[2].g_per_kg"] = "2"
    let text = PlanForm.from(submitted: values).planFileText(id: "p", revision: 1)
    let (plan, _) = try PlanFile.plan(text: text, fileName: "form.yaml")
    #expect(try Self.comparable(plan) == Self.comparable(try Fixtures.plan("severe")))
    // A brand name is the drug it names: its fields follow (Maxtrex is methotrexate).
    var brand = PlanForm(values: ["medications[0].drug": "Maxtrex"])
    #expect(brand.kind(ofRow: 0) == .methotrexate)
    #expect(brand.rowTakes(0, .weekdays) && !brand.rowTakes(0, .taper) && !brand.rowTakes(0, .gPerKg))
    brand.values["medications[0].drug"] = "no such drug"
    #expect(brand.kind(ofRow: 0) == nil && brand.rowTakes(0, .gPerKg))
  }

  @Test func theBuildersButtonsAddRemoveAndReorderRows() throws {
    var form = PlanForm.from(submitted: Self.severeSubmission())
    let rules = "medications[1].taper.rules"
    #expect(form.rowCount(rules) == 4)
    var applied = form.apply(action: "add:\(rules)")
    #expect(applied)
    #expect(form.rowCount(rules) == 5)
    applied = form.apply(action: "up:\(rules)[1]")
    #expect(applied)
    #expect(form.values["\(rules)[0].above_mg"] == "20" && form.values["\(rules)[1].above_mg"] == "40")
    applied = form.apply(action: "down:\(rules)[0]")
    #expect(applied)
    #expect(form.values["\(rules)[0].above_mg"] == "40")
    applied = form.apply(action: "remove:\(rules)[3]")
    #expect(applied)
    #expect(form.rowCount(rules) == 4)
    #expect(form.values["\(rules)[3].above_mg"] == nil && form.values["\(rules)[2].above_mg"] == "10")
    // Removing a medicine renumbers the rows after it, their builders with them.
    applied = form.apply(action: "remove:medications[0]")
    #expect(applied)
    #expect(form.values["medications[0].drug"] == "prednisolone")
    #expect(form.values["medications[0].taper.rules[0].above_mg"] == "40")
    #expect(form.rowCount("medications[0].taper.rules") == 4)
    // Anything else is not a builder's action.
    let others = [form.apply(action: "save"), form.apply(action: "remove:plan.id"), form.apply(action: "add:medications[0].dose_mg")]
    #expect(others == [false, false, false])
  }

  @Test func aPausesAndStepsRoundTripThroughThePlanFile() throws {
    var values = PlanForm.prefilled(group: .remission, line: 1, chosen: [0: "mycophenolate"]).values
    values["plan.start"] = "2027-06-07"
    values["patient.weight_kg"] = "82"
    values["patient.age"] = "67"
    values["medications[1].taper.steps[2].dose_mg"] = "5, 4"
    values["medications[1].taper.steps[2].weeks"] = "4"
    values["medications[0].pauses[0].from"] = "2027-07-01"
    values["medications[0].pauses[0].to"] = "2027-07-07"
    values["medications[0].pauses[0].reason"] = "operation"
    let text = PlanForm.from(submitted: values).planFileText(id: "p", revision: 1)
    #expect(text.contains("dose_mg: [5, 4]"), "\(text)")
    let (plan, _) = try PlanFile.plan(text: text, fileName: "form.yaml")
    let july = plan.days.first { $0.date == CivilDate(iso: "2027-07-03")! }
    #expect(july?.administrations.contains { $0.drug.hasPrefix("mycophenol") } == false)
  }

  @Test func aFormSavedBeforeTheBuildersReadsIntoThem() throws {
    let stored = [
      "medications[0].drug": "prednisolone", "medications[0].taper": "{ protocol: bands }",
      "medications[1].drug": "azathioprine", "medications[1].increase": "{ by_mg: 25, every_weeks: 2, to_mg: 125 }",
      "medications[1].pauses": "[{ from: 2027-02-01, to: 2027-02-07 }]",
    ]
    let form = PlanForm(values: stored)
    #expect(form.values["medications[0].taper.kind"] == "protocol")
    #expect(form.values["medications[0].taper.protocol"] == "bands")
    #expect(form.values["medications[1].increase.to_mg"] == "125")
    #expect(form.values["medications[1].pauses[0].to"] == "2027-02-07")
  }

  @Test func errorsAreBesideTheirFieldAndNamedByIt() throws {
    var values = Self.severeSubmission()
    values["medications[1].taper.rules[1].every_weeks"] = "0"
    values["medications[2].dose_mg"] = "30"
    let form = PlanForm.from(submitted: values)
    let text = form.planFileText(id: "p", revision: 1)
    let findings: [Diagnostic]
    do {
      _ = try PlanFile.plan(text: text, fileName: "form.yaml")
      Issue.record("planned")
      return
    } catch { findings = error.diagnostics.map(\.diagnostic) }
    let placed = Pages.Findings(findings, form: form)
    #expect(placed.byField["medications[1].taper.rules[1].every_weeks"] != nil, "\(findings)")
    #expect(placed.byField["medications[2].dose_mg"] != nil, "\(findings)")
    let page = Pages.planForm(form, mode: .new, findings: placed, csrf: "t").description
    let id = Pages.fieldID("medications[2].dose_mg")
    // The control names its message, which is beside it.
    #expect(page.contains("id=\"\(id)\" name=\"medications[2].dose_mg\" value=\"30\" aria-describedby=\"h-\(id) e-\(id)\" aria-invalid=\"true\""))
    #expect(page.contains("<span class=\"msgs\" id=\"e-\(id)\">"))
  }

  @Test func eachMedicineShowsOnlyItsOwnFieldsWithRangesAndTheSeed() throws {
    let form = PlanForm.prefilled(group: .severe, line: 1, adding: [0])
    let page = Pages.planForm(form, mode: .new, findings: .init(), csrf: "t").description
    func field(_ name: String) -> Substring? {
      guard let r = page.range(of: "<div class=\"field\" data-field=\"\(name)\"") ?? page.range(of: "<div class=\"field check-field\" data-field=\"\(name)\"") else { return nil }
      return page[r.lowerBound...].prefix(300)
    }
    // Methotrexate (row 2): its weekday shown, IVIG's g/kg hidden, the weekly range beside the dose.
    #expect(field("medications[2].weekday").map { !$0.contains(" hidden>") } == true)
    #expect(field("medications[2].g_per_kg").map { $0.contains(" hidden>") } == true)
    #expect(page.contains("allowed: 7.5–25 mg once a week, in 2.5 mg steps"))
    #expect(page.contains("Guideline: methotrexate: 7.5 to 25 mg orally/subcutaneously/intramuscularly once weekly"))
    // IVIG shows its dosing weights from the height and sex as typed.
    var ivig = form
    ivig.values["patient.weight_kg"] = "95"
    ivig.values["patient.height_cm"] = "175"
    ivig.values["patient.sex"] = "male"
    let ivigPage = Pages.planForm(ivig, mode: .new, findings: .init(), csrf: "t").description
    #expect(ivigPage.contains("Dosing weights: actual 95 kg, ideal (Devine) 70.5 kg, adjusted 80.3 kg."))
    // Nothing on the form asks for YAML.
    #expect(!page.contains("{ protocol") && !page.contains("{ by_mg"))
  }
}
