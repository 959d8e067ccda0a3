import Foundation
import TaperCore
import TaperPlanFile
import TaperRender

/// The plan builder's pieces of the new-plan and revise forms: a medicine row with only its drug's fields (their
/// units, the allowed range from ``DoseLimits`` and the seed's text beside them), the taper, escalation and pause
/// builders, and the live preview beside the form. Every builder works without the script (its buttons post the
/// form and the page comes back changed); `plan-form.js` only saves the round trip.
enum PlanBuilder {
  /// A code for each kind of drug row, for the page's `data-kind` and `data-kinds` attributes.
  static func code(_ kind: DrugKind?) -> String {
    switch kind {
    case nil: ""
    case .methylprednisolone?: "methylprednisolone"
    case .prednisolone?: "prednisolone"
    case .methotrexate?: "methotrexate"
    case .folicAcid?: "folic-acid"
    case .azathioprine?: "azathioprine"
    case .mycophenolate?: "mycophenolate"
    case .mycophenolicAcid?: "mycophenolic-acid"
    case .ivig?: "ivig"
    case .corticosteroid?: "corticosteroid"
    case .specialist?: "specialist"
    case .other?: "other"
    }
  }

  /// One drug of each kind a row can be.
  static let kinds: [DrugKind] = [
    .methylprednisolone, .prednisolone, .methotrexate, .folicAcid, .azathioprine, .mycophenolate, .mycophenolicAcid,
    .ivig, .corticosteroid(.dexamethasone), .specialist(.rituximab), .other,
  ]

  /// The kinds that take `field`, as the attribute lists them ("prednisolone methotrexate").
  static func kindsTaking(_ field: MedicationSpec.Field) -> String {
    kinds.filter { DrugKind.commonFields.contains(field) || $0.fields.contains(field) }.map(code).joined(separator: " ")
  }

  /// The names offered as the medicine is typed; any other name the dictionary knows works too.
  static let offeredNames = [
    "prednisolone", "methylprednisolone", "methotrexate", "folic acid", "azathioprine", "mycophenolate mofetil",
    "mycophenolic acid", "ivig", "ciclosporin", "tacrolimus", "rituximab", "cyclophosphamide", "abatacept",
    "tocilizumab", "other",
  ]

  /// A row's label for a field, by drug (methotrexate's dose is weekly, azathioprine's daily).
  static func label(_ field: PlanForm.Field, kind: DrugKind?) -> String {
    switch (field.key, kind) {
    case ("dose_mg", .methotrexate?): "Dose once a week (mg)"
    case ("dose_mg", .folicAcid?): "Dose (mg)"
    case ("dose_mg", .methylprednisolone?): "Dose each pulse day (mg)"
    case ("dose_mg", .prednisolone?): "Or a starting dose (mg a day)"
    case ("dose_mg", .azathioprine?), ("dose_mg", .mycophenolate?), ("dose_mg", .mycophenolicAcid?):
      "Starting dose (mg a day)"
    case ("days", .ivig?): "Infusion days each course"
    case ("days", .methylprednisolone?): "Pulse days"
    case ("every_weeks", .ivig?): "A course every (weeks)"
    case ("weekday", .methotrexate?): "Weekday (the same every week)"
    case ("weekday", .folicAcid?): "Weekday(s)"
    case ("time", _): "Time(s) of day"
    default: field.label
    }
  }

  /// The seed's dose text for the drug of a row: from the group and line's options, else any option.
  static func seedText(_ kind: DrugKind?, group: PatientGroup, line: Int) -> String? {
    let key: String
    switch kind {
    case .methylprednisolone?: key = "methylprednisolone"
    case .prednisolone?: key = "prednisolone"
    case .methotrexate?: key = "methotrexate"
    case .folicAcid?: key = "folic acid"
    case .azathioprine?: key = "azathioprine"
    case .mycophenolate?, .mycophenolicAcid?: key = "mycophenolate"
    case .ivig?: key = "ivig"
    case .specialist(let agent)?: key = agent.rawValue
    default: return nil
    }
    let here = Guideline.options(group: group, line: line).flatMap(\.drugs)
    let anywhere = PatientGroup.allCases.flatMap { g in (1...3).flatMap { Guideline.options(group: g, line: $0) } }
      .flatMap(\.drugs)
    return (here.first { $0.keys.contains(key) } ?? anywhere.first { $0.keys.contains(key) }).map { "\($0.name): \($0.dose)" }
  }

  /// What the row's name is taken as, in words: the drug Taper plans it as, or an `other` medicine's match in the
  /// dictionary; and for IVIG the dosing weights from the patient's height, sex and weight.
  static func rowNote(_ i: Int, form: PlanForm) -> HTML {
    let drug = form.values["medications[\(i)].drug"] ?? ""
    guard !drug.isEmpty else { return "Type a medicine's name: its fields appear." }
    guard let (kind, shown) = DrugKind.named(drug) else {
      return "'\(String(drug.prefix(80)))' is not a drug Taper plans under that name: choose one offered, or other."
    }
    switch kind {
    case .other:
      let name = form.values["medications[\(i)].name"] ?? ""
      guard !name.isEmpty else { return "Another medicine: give its name; it is shown as written, its dose not checked." }
      let resolution = DrugDictionary.resolve(name)
      if let match = resolution.checkedMatch {
        return "'\(String(name.prefix(80)))' is \(match.entry.displayName), a drug Taper checks: choose it as the medicine."
      }
      if let entry = resolution.entry {
        return "'\(String(name.prefix(80)))': \(entry.displayName) (\(entry.drugClass.rawValue)), shown as written; its dose is not checked."
      }
      if let near = resolution.nearMiss {
        return "'\(String(name.prefix(80)))' is not in Taper's dictionary and is close to \(near.entry.displayName): check it."
      }
      return "'\(String(name.prefix(80)))' is not in Taper's dictionary: shown as written, its dose not checked."
    case .specialist:
      return "\(shown): dosed by the specialist. Taper never computes its dose; write it as the specialist gave it."
    case .ivig:
      var note: HTML = "\(shown), a drug Taper checks."
      let weight = form.values["patient.weight_kg"].flatMap(Double.init).flatMap(BodyWeight.kg)
      let height = form.values["patient.height_cm"].flatMap(Double.init).flatMap(Height.cm)
      let sex = form.values["patient.sex"].flatMap(Sex.init(rawValue:))
      if let weight, let height, let sex, let ibw = DosingWeight.idealBodyWeight(height: height, sex: sex) {
        let adjusted = DosingWeight.adjustedBodyWeight(ideal: ibw, actual: weight)
        note += " Dosing weights: actual \(weight.description), ideal (Devine) \(ibw.description), adjusted \(adjusted.description)."
      } else if height != nil, sex != nil {
        note += " The ideal and adjusted weights need a height of at least 152.4 cm."
      } else {
        note += " Give the patient's height and sex to see the ideal and adjusted dosing weights."
      }
      return note
    default:
      return "\(shown), a drug Taper checks: its dose limits and schedule rules apply."
    }
  }

  // MARK: - A medicine row

  static func row(_ i: Int, form: PlanForm, findings: Pages.Findings, group: PatientGroup, line: Int) -> HTML {
    let row = "medications[\(i)]"
    let kind = form.kind(ofRow: i)
    let drug = form.values["\(row).drug"] ?? ""
    let title: HTML = drug.isEmpty ? "Medicine \(i + 1)" : "Medicine \(i + 1): \(String(drug.prefix(60)))"
    var out: HTML = "<fieldset class=\"medication\" data-field=\"\(row)\" data-kind=\"\(code(kind))\">"
    out += "<legend>\(title)</legend>" + Pages.messages(findings.byField[row], id: Pages.fieldID(row))
    out += "<p class=\"row-note\" id=\"note-\(Pages.fieldID(row))\" aria-live=\"polite\">\(rowNote(i, form: form))</p>"
    if let seed = seedText(kind, group: group, line: line) { out += "<p class=\"seed\">Guideline: \(seed)</p>" }
    out += "<div class=\"grid\">\n"
    for field in PlanForm.medicationFields {
      guard let spec = PlanForm.specField(field.key) else { continue }
      let name = "\(row).\(field.key)"
      let filled = form.values[name] != nil
      let shown = field.key == "drug" || (kind == nil ? filled : form.rowTakes(i, spec))
      let kinds = field.key == "drug" ? "" : kindsTaking(spec)
      if field.key == "tablets_mg" && kind == .prednisolone {
        out += tabletBoxes(name, form: form, findings: findings, kinds: "prednisolone")
        continue
      }
      let allowed = kind.flatMap { DoseLimits.allowedText($0, spec, weight: weight(form)) }
      var labelled = field
      labelled.label = label(field, kind: kind)
      out += Pages.input(
        labelled, name: name, form: form, findings: findings, allowed: allowed, kinds: kinds, hidden: !shown,
        list: field.key == "drug" ? "drug-names" : nil)
    }
    out += "</div>\n"
    if kind == nil ? form.values.keys.contains(where: { $0.hasPrefix("\(row).taper") }) : form.rowTakes(i, .taper) {
      out += taperBuilder(i, form: form, findings: findings)
    } else {
      out += "<div hidden data-kinds=\"\(kindsTaking(.taper))\" data-builder=\"taper\"></div>"
    }
    out += increaseBuilder(i, form: form, findings: findings, kind: kind, hidden: kind == nil
      ? !form.values.keys.contains(where: { $0.hasPrefix("\(row).increase") }) : !form.rowTakes(i, .increase))
    out += listBuilder(i, PlanForm.lists[2], form: form, findings: findings)
    out += "<p class=\"buttons\"><button type=\"submit\" name=\"action\" value=\"remove:\(row)\" formnovalidate>"
    out += "Remove medicine \(i + 1)</button></p></fieldset>\n"
    return out
  }

  static func weight(_ form: PlanForm) -> BodyWeight? {
    form.values["patient.weight_kg"].flatMap(Double.init).flatMap(BodyWeight.kg)
  }

  /// Prednisolone's tablet strengths as checkboxes (`…tablets_mg@5`).
  static func tabletBoxes(_ name: String, form: PlanForm, findings: Pages.Findings, kinds: String) -> HTML {
    let ticked = Set((form.values[name] ?? "").split(separator: ",").map { $0.trimmed })
    let id = Pages.fieldID(name)
    let bad = findings.byField[name] != nil
    var out: HTML = "<fieldset class=\"field tablets\(bad ? " bad" : "")\" data-field=\"\(name)\" data-kinds=\"\(kinds)\""
    out += bad ? " aria-describedby=\"e-\(id)\">" : ">"
    out += "<legend>Tablet strengths (mg) to make each dose from</legend>"
    for strength in PlanForm.prednisoloneStrengths {
      let boxID = "\(id)-\(strength.replacingOccurrences(of: ".", with: "-"))"
      let checked: HTML = ticked.contains(strength) ? " checked" : ""
      out += "<label class=\"check\" for=\"\(boxID)\"><input type=\"checkbox\" id=\"\(boxID)\" "
      out += "name=\"\(name)@\(strength)\" value=\"on\"\(checked)> \(strength) mg</label>"
    }
    return out + Pages.messages(findings.byField[name], id: id) + "</fieldset>\n"
  }

  // MARK: - Builders

  static func taperBuilder(_ i: Int, form: PlanForm, findings: Pages.Findings) -> HTML {
    let row = "medications[\(i)]"
    let name = "\(row).taper"
    let chosen = PlanForm.TaperKind(rawValue: form.values["\(row).\(PlanForm.taperKindField)"] ?? "") ?? .none
    let id = Pages.fieldID(name)
    var out: HTML = "<fieldset class=\"builder\" data-field=\"\(name)\" data-builder=\"taper\" data-kinds=\"\(kindsTaking(.taper))\">"
    out += "<legend>Taper</legend>" + Pages.messages(findings.byField[name], id: id)
    out += "<div class=\"choices\" role=\"radiogroup\" aria-label=\"How prednisolone comes down\">"
    for k in PlanForm.TaperKind.allCases {
      let radio = "\(id)-kind-\(k == .none ? "none" : k.rawValue)"
      let checked: HTML = k == chosen ? " checked" : ""
      out += "<label class=\"check\" for=\"\(radio)\"><input type=\"radio\" id=\"\(radio)\" "
      out += "name=\"\(row).\(PlanForm.taperKindField)\" value=\"\(k.rawValue)\"\(checked)> \(k.label)</label>"
    }
    out += "</div>"
    let protocolField = PlanForm.taperFields[0], hold = PlanForm.taperFields[1], final = PlanForm.taperFields[2]
    out += "<div class=\"grid\" data-taper=\"protocol\"\(chosen == .protocol ? "" : " hidden")>"
    out += Pages.input(
      protocolField, name: "\(row).\(protocolField.key)", form: form, findings: findings,
      allowed: "bands: the seed's bands; etg: eTG's; neuromuscular-review: the review's")
    out += "</div>"
    out += "<div data-taper=\"rules\"\(chosen == .rules ? "" : " hidden")><div class=\"grid\">"
    out += Pages.input(hold, name: "\(row).\(hold.key)", form: form, findings: findings, allowed: "1–52; 4 if left empty")
    out += "</div>" + listBuilder(i, PlanForm.lists[0], form: form, findings: findings) + "</div>"
    out += "<div data-taper=\"protocol rules\"\(chosen == .protocol || chosen == .rules ? "" : " hidden") class=\"grid\">"
    out += Pages.input(
      final, name: "\(row).\(final.key)", form: form, findings: findings,
      allowed: "0–\(DoseLimits.prednisolone.maximumDaily.mgText); needed with rules")
    out += "</div>"
    out += "<div data-taper=\"steps\"\(chosen == .steps ? "" : " hidden")>"
    out += listBuilder(i, PlanForm.lists[1], form: form, findings: findings) + "</div>"
    return out + "</fieldset>\n"
  }

  static func increaseBuilder(_ i: Int, form: PlanForm, findings: Pages.Findings, kind: DrugKind?, hidden: Bool) -> HTML {
    let row = "medications[\(i)]"
    let name = "\(row).increase"
    var out: HTML = "<fieldset class=\"builder\" data-field=\"\(name)\" data-builder=\"increase\" "
    out += "data-kinds=\"\(kindsTaking(.increase))\"\(hidden ? " hidden" : "")>"
    out += "<legend>Escalation (optional)</legend>" + Pages.messages(findings.byField[name], id: Pages.fieldID(name))
    out += "<div class=\"grid\">"
    for f in PlanForm.increaseFields {
      let allowed = f.key == "increase.to_mg" ? kind.flatMap { DoseLimits.allowedText($0, .increase, weight: weight(form)) } : nil
      out += Pages.input(f, name: "\(row).\(f.key)", form: form, findings: findings, allowed: allowed)
    }
    return out + "</div></fieldset>\n"
  }

  /// A list's rows, each with its fields and buttons to move it up or down and remove it, and a button to add one.
  static func listBuilder(_ i: Int, _ list: PlanForm.ListSpec, form: PlanForm, findings: Pages.Findings) -> HTML {
    let name = "medications[\(i)].\(list.key)"
    let count = form.rowCount(name)
    var out: HTML = "<fieldset class=\"list-builder\" data-field=\"\(name)\"><legend>\(list.title)</legend>"
    out += "<input type=\"hidden\" name=\"rows:\(name)\" value=\"\(count)\">"
    out += Pages.messages(findings.byField[name], id: Pages.fieldID(name))
    for j in 0..<count {
      let item = "\(name)[\(j)]"
      out += "<div class=\"item\" data-field=\"\(item)\" role=\"group\" aria-label=\"\(list.item.capitalized) \(j + 1)\">"
      out += Pages.messages(findings.byField[item], id: Pages.fieldID(item))
      for f in list.fields {
        out += Pages.input(f, name: "\(item).\(f.key.dropFirst(list.key.count + 3))", form: form, findings: findings)
      }
      out += "<span class=\"item-buttons\">"
      if j > 0 {
        out += "<button type=\"submit\" name=\"action\" value=\"up:\(item)\" formnovalidate "
        out += "aria-label=\"Move \(list.item) \(j + 1) up\">↑</button>"
      }
      if j + 1 < count {
        out += "<button type=\"submit\" name=\"action\" value=\"down:\(item)\" formnovalidate "
        out += "aria-label=\"Move \(list.item) \(j + 1) down\">↓</button>"
      }
      out += "<button type=\"submit\" name=\"action\" value=\"remove:\(item)\" formnovalidate "
      out += "aria-label=\"Remove \(list.item) \(j + 1)\">Remove</button></span></div>"
    }
    out += "<p class=\"buttons\"><button type=\"submit\" name=\"action\" value=\"add:\(name)\" formnovalidate>"
    out += "Add a \(list.item)</button></p></fieldset>\n"
    return out
  }

  // MARK: - The live preview

  /// What the form plans to, beside it: every finding (errors first, each linked to its field), then the taper
  /// chart and the first four weeks; for a revision, what changes and the first week it changes.
  enum Outcome {
    /// Not previewed yet (the page as it opens).
    case notYet
    case planned(TreatmentPlan)
    /// The form's findings that stop it planning.
    case refused([Diagnostic])
  }

  static func preview(
    _ form: PlanForm, result: Outcome, options: PrintOptions,
    revision: (diff: PlanDiff, week: WeeklyHTML.Parts?)? = nil
  ) -> (body: HTML, css: HTML) {
    var out: HTML = ""
    var css: HTML = ""
    let kinds = (0..<form.rows).map { code(form.kind(ofRow: $0)) }.joined(separator: ",")
    out += "<div id=\"preview-state\" hidden data-kinds=\"\(kinds)\">"
    for i in 0..<form.rows {
      out += "<p data-note=\"note-\(Pages.fieldID("medications[\(i)]"))\">\(rowNote(i, form: form))</p>"
    }
    out += "</div>"
    guard !{ if case .notYet = result { true } else { false } }() else {
      return ("<p>The preview shows the plan as the form stands: press Preview (it follows the form by itself when scripts run).</p>" + out, css)
    }
    switch result {
    case .notYet: break
    case .refused(let findings):
      let errors = findings.filter { $0.severity == .error }
      out += "<p class=\"errors\">Not a plan yet: \(errors.count) problem\(errors.count == 1 ? "" : "s") to put right.</p>"
      out += findingList(findings, form: form)
    case .planned(let plan):
      if let revision {
        out += "<h3>What changes (not saved yet)</h3>"
        for line in revision.diff.text.split(separator: "\n") {
          out += line.hasPrefix("- ") ? "<p class=\"change\">• \(String(line.dropFirst(2)))</p>\n" : "<p>\(String(line))</p>\n"
        }
      }
      out += "<p>\(plan.start.description) to \(plan.end.description), \(plan.weekCount) weeks; \(plan.medicines.count) "
      out += "medicine\(plan.medicines.count == 1 ? "" : "s"). Nothing is saved until you save.</p>"
      out += findingList(plan.notices, form: form)
      if let week = revision?.week {
        out += "<h3>The first week it changes</h3><div class=\"schedule \(week.isDraft ? "draft" : "approved")\">\(week.body)</div>"
        css = week.css
      } else {
        let parts = WeeklyHTML.previewParts(plan, options: options, weeks: 4)
        out += "<h3>Taper chart and the first four weeks</h3>"
        out += "<div class=\"schedule \(parts.isDraft ? "draft" : "approved")\">\(parts.body)</div>"
        css = parts.css
      }
    }
    return (out, css)
  }

  static func findingList(_ findings: [Diagnostic], form: PlanForm) -> HTML {
    guard !findings.isEmpty else { return "" }
    let sorted = findings.filter { $0.severity == .error } + findings.filter { $0.severity != .error }
    var out: HTML = "<ul class=\"findings\">"
    for d in sorted {
      let field = form.field(for: d.path)
      let kind: HTML = d.severity == .error ? "err" : "warn"
      out += "<li class=\"\(kind)\" data-field=\"\(field ?? "")\">"
      if let field { out += "<a href=\"#\(Pages.fieldID(field))\">\(d.severity.rawValue)</a>: " } else {
        out += "\(d.severity.rawValue): "
      }
      out += "\(d.description)</li>"
    }
    return out + "</ul>"
  }

  /// The page's script: fields follow the medicine, the taper's parts follow its kind, and the preview follows
  /// the form. Served at `/assets/plan-form.js`, allowed by the content-security policy (`script-src 'self'`).
  static let script = """
    // Taper's plan builder. Without this script the form works by its buttons; with it, the preview follows the
    // form and each medicine shows its own fields as it is typed.
    (function () {
      "use strict";
      var form = document.querySelector("form.plan");
      var panel = document.getElementById("preview-body");
      if (!form || !panel || !window.fetch || !window.FormData) return;
      var timer = null, sent = 0, shown = 0;
      function hasValue(el) {
        var inputs = el.querySelectorAll("input, select, textarea");
        for (var i = 0; i < inputs.length; i++) {
          var c = inputs[i];
          if (c.type === "checkbox" || c.type === "radio" ? c.checked : c.value !== "") return true;
        }
        return false;
      }
      function showKinds(kinds) {
        var rows = form.querySelectorAll("fieldset.medication");
        for (var r = 0; r < rows.length; r++) {
          var kind = kinds[r] === undefined ? rows[r].getAttribute("data-kind") : kinds[r];
          rows[r].setAttribute("data-kind", kind);
          var parts = rows[r].querySelectorAll("[data-kinds]");
          for (var p = 0; p < parts.length; p++) {
            var list = parts[p].getAttribute("data-kinds");
            if (!list) continue;
            var takes = kind === "" ? hasValue(parts[p]) : (" " + list + " ").indexOf(" " + kind + " ") >= 0;
            parts[p].hidden = !takes;
          }
        }
      }
      function showTaper(radio) {
        var box = radio.closest("fieldset");
        var parts = box.querySelectorAll("[data-taper]");
        for (var i = 0; i < parts.length; i++) {
          parts[i].hidden = (" " + parts[i].getAttribute("data-taper") + " ").indexOf(" " + radio.value + " ") < 0;
        }
      }
      function fieldErrors() {
        var old = form.querySelectorAll(".live-err");
        for (var i = 0; i < old.length; i++) old[i].remove();
        var marked = form.querySelectorAll("[aria-invalid=true]");
        for (var m = 0; m < marked.length; m++) marked[m].removeAttribute("aria-invalid");
        var items = panel.querySelectorAll("li[data-field]");
        for (var k = 0; k < items.length; k++) {
          var name = items[k].getAttribute("data-field");
          if (!name) continue;
          var box = form.querySelector("[data-field=\\"" + name + "\\"]");
          if (!box) continue;
          var span = document.createElement("span");
          span.className = "err live-err" + (items[k].className === "warn" ? " warn" : "");
          span.id = "live-" + k;
          span.textContent = items[k].textContent;
          box.appendChild(span);
          var control = box.querySelector("input, select, textarea");
          if (control) {
            control.setAttribute("aria-describedby", ((control.getAttribute("aria-describedby") || "") + " " + span.id).trim());
            if (items[k].className === "err") control.setAttribute("aria-invalid", "true");
          }
        }
      }
      function refresh() {
        var data = new FormData(form);
        data.set("action", "preview");
        var n = ++sent;
        panel.setAttribute("aria-busy", "true");
        fetch(form.getAttribute("action"), {
          method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
          headers: { "Taper-Fragment": "preview" }
        }).then(function (r) { return r.ok || r.status === 422 ? r.text() : null; }).then(function (html) {
          if (html === null || n < shown) return;
          shown = n;
          panel.innerHTML = html;
          panel.removeAttribute("aria-busy");
          var state = document.getElementById("preview-state");
          if (state) {
            showKinds(state.getAttribute("data-kinds").split(","));
            var notes = state.querySelectorAll("[data-note]");
            for (var i = 0; i < notes.length; i++) {
              var target = document.getElementById(notes[i].getAttribute("data-note"));
              if (target) target.textContent = notes[i].textContent;
            }
          }
          fieldErrors();
        }).catch(function () { panel.removeAttribute("aria-busy"); });
      }
      function later() { clearTimeout(timer); timer = setTimeout(refresh, 350); }
      form.addEventListener("input", later);
      form.addEventListener("change", function (e) {
        if (e.target.type === "radio" && e.target.name.slice(-11) === ".taper.kind") showTaper(e.target);
        later();
      });
      var button = document.getElementById("preview-button");
      if (button) button.addEventListener("click", function (e) { e.preventDefault(); refresh(); });
    })();

    """
}
