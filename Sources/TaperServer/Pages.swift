import TaperCore
import TaperPlanFile
import TaperRender

/// The server's HTML: plain forms and links that work without JavaScript, inline CSS, no inline scripts and no
/// external assets (the plan builder's one script is Taper's own `/assets/plan-form.js`, ``PlanBuilder/script``).
///
/// Every builder returns ``HTML``, so text from a form, a plan or a request is escaped where it is interpolated,
/// by the type; markup is only ever the literals written here (and the pieces other builders return).
enum Pages {
  static let css: HTML = """
    body.app { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 0; color: #1e1e1e; background: #fafafa; }
    .app main { max-width: 1200px; margin: 0 auto; padding: 12px 20px 40px; }
    .app nav.bar { background: #1f3c6e; color: #fff; padding: 8px 20px; }
    .app nav.bar a { color: #fff; margin-right: 16px; text-decoration: none; font-weight: bold; }
    .app nav.bar .who { float: right; color: #dde6f5; }
    .app h1 { color: #1f3c6e; font-size: 20px; } .app h2 { color: #1f3c6e; font-size: 16px; margin-top: 24px; }
    .app fieldset { border: 1px solid #bbb; margin: 10px 0; padding: 8px 12px; background: #fff; }
    .app legend { font-weight: bold; color: #1f3c6e; }
    .app .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 6px 14px; }
    .app label { display: block; font-size: 12px; } .app label span.h { color: #666; font-weight: normal; }
    .app input[type=text], .app select, .app textarea { width: 100%; font: inherit; padding: 3px; }
    .app textarea { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
    .app .err { color: #b00020; font-size: 12px; display: block; margin-top: 2px; }
    .app .warn { color: #8a5a00; } .app .field.bad input, .app .field.bad select { border: 2px solid #b00020; }
    .app .errors { border: 2px solid #b00020; background: #fff0f0; padding: 6px 12px; }
    .app .notice { border-left: 4px solid #c98a00; background: #fff8e6; padding: 4px 10px; margin: 4px 0; }
    .app table.list { border-collapse: collapse; background: #fff; }
    .app table.list td, .app table.list th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
    .app .buttons a, .app .buttons button { display: inline-block; margin: 4px 8px 4px 0; padding: 6px 12px;
      background: #1f3c6e; color: #fff; text-decoration: none; border: 0; font: inherit; cursor: pointer; }
    .app form.inline { display: inline; }
    .app .secret { font-family: monospace; background: #fff; border: 1px solid #999; padding: 6px; word-break: break-all; }
    .app .schedule { background: #fff; border: 1px solid #ccc; padding: 8px; margin-top: 8px; }
    """

  static func layout(_ title: String, extraCSS: HTML = "", _ body: HTML) -> HTML {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(title) — Taper</title>
    <style>
    \(extraCSS)
    \(css)
    </style>
    </head>
    <body class="app">
    \(navigation(SignedInPage.current))
    <main>
    \(body)
    </main>
    </body>
    </html>

    """
  }

  /// The bar at the top: the links the signed-in person may follow, and who is signed in (on a shared ward
  /// computer, the name says whose session this is).
  static func navigation(_ page: SignedInPage?) -> HTML {
    guard let page else { return "<nav class=\"bar\"><a href=\"/\">Taper plans</a></nav>" }
    let identity = page.identity
    var links: HTML = ""
    if identity.may(.view) { links += "<a href=\"/\">Taper plans</a>" }
    if identity.may(.create) { links += "<a href=\"/plans/new\">New plan</a>" }
    if identity.may(.audit) { links += "<a href=\"/audit\">Audit log</a>" }
    if identity.may(.revokeLink) && !identity.may(.view) { links += "<a href=\"/links\">Subscription links</a>" }
    var who: HTML = "<span class=\"who\">\(HTML(escaping: identity.signature))"
    if !page.csrf.isEmpty {
      who += " <form method=\"post\" action=\"/logout\" class=\"inline\">\(csrfField(page.csrf))"
      who += "<button type=\"submit\" id=\"sign-out\">Sign out</button></form>"
    }
    return "<nav class=\"bar\">\(links)\(who)</span></nav>"
  }

  static func csrfField(_ token: String) -> HTML {
    "<input type=\"hidden\" name=\"csrf\" value=\"\(token)\">"
  }

  static func time(_ seconds: Int64) -> String { PrintTimestamp(secondsSinceEpoch: Int(seconds)).displayText }

  // MARK: - Plan list

  static func index(_ plans: [PlanSummary], csrf: String, identity: Identity = .local) -> HTML {
    var body: HTML = "<h1>Plans</h1>\n<p class=\"who\">Signed in as <strong>\(identity.name)</strong> (\(identity.roleText))</p>\n"
    var links: [HTML] = []
    if identity.may(.create) { links.append("<a href=\"/plans/new\">New plan</a>") }
    if identity.may(.audit) { links.append("<a href=\"/audit\">Audit log</a>") }
    if !links.isEmpty { body += "<p class=\"buttons\">\(links.joined())</p>\n" }
    if plans.isEmpty {
      body += "<p>No plans yet.</p>\n"
    } else {
      body += "<table class=\"list\"><tr><th>Plan</th><th>Title</th><th>Revision</th><th>Saved</th></tr>\n"
      for p in plans {
        body += "<tr><td><a href=\"/plans/\(HTML.pathComponent(p.id))\">\(p.id)</a></td><td>\(p.title)</td>"
        body += "<td>\(p.latest)</td><td>\(time(p.savedAt))</td></tr>\n"
      }
      body += "</table>\n"
    }
    if !csrf.isEmpty {
      body += "<form method=\"post\" action=\"/logout\" class=\"inline\">\(csrfField(csrf))"
      body += "<p class=\"buttons\"><button type=\"submit\">Sign out</button></p></form>\n"
    }
    return layout("Plans", body)
  }

  // MARK: - The form

  /// Findings beside their fields: field name → messages; the rest go above the form.
  struct Findings {
    var byField: [String: [Diagnostic]] = [:]
    var general: [Diagnostic] = []
    var isEmpty: Bool { byField.isEmpty && general.isEmpty }

    init() {}

    init(_ diagnostics: [Diagnostic], form: PlanForm) {
      for d in diagnostics {
        if let field = form.field(for: d.path) { byField[field, default: []].append(d) } else { general.append(d) }
      }
    }
  }

  enum FormMode {
    case new
    case revise(planID: String, base: Int)
  }

  /// The messages of one field, in one element whose id (`e-` and the field's id) the control names in its
  /// `aria-describedby`.
  static func messages(_ list: [Diagnostic]?, id: String? = nil) -> HTML {
    let spans = (list ?? []).map { d -> HTML in
      let kind = d.severity == .error ? "" : " warn"
      return "<span class=\"err\(kind)\" role=\"alert\">\(d.severity.rawValue): \(d.description)</span>"
    }.joined()
    guard let id, !(list ?? []).isEmpty else { return spans }
    return "<span class=\"msgs\" id=\"e-\(id)\">\(spans)</span>"
  }

  /// A field name as an element id: `medications[0].dose_mg` → `f-medications-0--dose_mg`.
  static func fieldID(_ name: String) -> String {
    "f-" + name.map { $0.isLetter || $0.isNumber || $0 == "_" ? String($0) : "-" }.joined()
  }

  /// One labelled control. `allowed` is the range beside it (from the limits table); `kinds` the drug rows that
  /// take it (the script shows and hides it as the medicine changes); `list` a datalist of offered values.
  static func input(
    _ field: PlanForm.Field, name: String, form: PlanForm, findings: Findings, locked: Bool = false,
    allowed: String? = nil, kinds: String = "", hidden: Bool = false, list: String? = nil
  ) -> HTML {
    let value = form.values[name] ?? ""
    let bad = findings.byField[name] != nil
    let id = fieldID(name)
    var described: [String] = []
    if !field.hint.isEmpty || allowed != nil { described.append("h-\(id)") }
    if bad { described.append("e-\(id)") }
    let aria: HTML =
      (described.isEmpty ? "" : " aria-describedby=\"\(described.joined(separator: " "))\"")
      + (bad && findings.byField[name]!.contains { $0.severity == .error } ? " aria-invalid=\"true\"" : "")
    var control: HTML
    // The boolean attributes are markup (HTML), the option texts are text: each is typed where it is chosen.
    switch field.kind {
    case .choice(let choices):
      let disabled: HTML = locked ? " disabled" : ""
      control = "<select id=\"\(id)\" name=\"\(name)\"\(disabled)\(aria)>"
      for c in choices {
        let selected: HTML = c == value ? " selected" : ""
        control += "<option value=\"\(c)\"\(selected)>\(c.isEmpty ? "—" : c)</option>"
      }
      control += "</select>"
    case .flag:
      let checked: HTML = ["on", "true", "yes", "1"].contains(value.lowercased()) ? " checked" : ""
      control = "<input type=\"checkbox\" id=\"\(id)\" name=\"\(name)\" value=\"on\"\(checked)\(aria)>"
    case .yesNo:
      control = "<select id=\"\(id)\" name=\"\(name)\"\(aria)>"
      for (v, t) in [("", "—"), ("true", "yes"), ("false", "no")] {
        let selected: HTML = v == value ? " selected" : ""
        control += "<option value=\"\(v)\"\(selected)>\(t)</option>"
      }
      control += "</select>"
    case .date:
      let readonly: HTML = locked ? " readonly" : ""
      control = "<input type=\"date\" id=\"\(id)\" name=\"\(name)\" value=\"\(value)\"\(readonly)\(aria)>"
    default:
      let readonly: HTML = locked ? " readonly" : ""
      let datalist: HTML = list.map { " list=\"\($0)\" autocomplete=\"off\"" as HTML } ?? ""
      control = "<input type=\"text\" id=\"\(id)\" name=\"\(name)\" value=\"\(value)\"\(readonly)\(datalist)\(aria)>"
    }
    var help: [String] = []
    if !field.hint.isEmpty { help.append(field.hint) }
    if let allowed { help.append("allowed: \(allowed)") }
    let hint: HTML = help.isEmpty ? "" : "<span class=\"h\" id=\"h-\(id)\">\(help.joined(separator: "; "))</span>"
    let badClass: HTML = bad ? " bad" : ""
    let kindsAttribute: HTML = kinds.isEmpty ? "" : " data-kinds=\"\(kinds)\""
    let hiddenAttribute: HTML = hidden ? " hidden" : ""
    let check: HTML = field.kind == .flag ? " check-field" : ""
    return """
      <div class="field\(badClass)\(check)" data-field="\(name)"\(kindsAttribute)\(hiddenAttribute)><label for="\(id)">\(field.label)</label>\
      \(control)\(hint)\(messages(findings.byField[name], id: id))</div>

      """
  }

  /// The new-plan or revise form with its live preview beside it, then the plan-file editor.
  ///
  /// `notice` is shown just above the form (text, escaped): the revise page says there when a revision was
  /// saved as a plan file and the form therefore starts empty. `preview` is ``PlanBuilder/preview``'s panel.
  static func planForm(
    _ form: PlanForm, mode: FormMode, findings: Findings, csrf: String, author: String = "", note: String = "",
    fileText: String? = nil, fileFindings: [LocatedDiagnostic] = [], notice: String? = nil,
    preview: (body: HTML, css: HTML)? = nil, previewing: Bool = false, chosen: [Int: String] = [:],
    adding: Set<Int> = []
  ) -> HTML {
    var body: HTML = ""
    let action: HTML
    let group = PatientGroup(rawValue: form.values["patient.group"] ?? "") ?? .severe
    let line = Int(form.values["patient.line"] ?? "") ?? 1
    switch mode {
    case .new:
      body += "<h1>New plan</h1>\n"
      action = "/plans"
      body += prefillForm(group: group, line: line, chosen: chosen, adding: adding)
    case .revise(let planID, let base):
      body += "<h1>Revise \(planID): revision \(base + 1)</h1>\n"
      body += "<p>The form is the plan from the revision's date: a medicine whose row you change takes that row as "
      body += "its regimen from the date (give the dose it starts from that day), a medicine you remove stops, a new "
      body += "row starts a medicine. Every day before the date stays as revision \(base) has it.</p>\n"
      action = "/plans/\(HTML.pathComponent(planID))/revisions"
    }
    if !findings.general.isEmpty || !findings.byField.isEmpty {
      let count = (findings.general + findings.byField.values.flatMap { $0 }).filter { $0.severity == .error }.count
      if previewing {
        body += "<div class=\"\(count > 0 ? "errors" : "notice")\" role=\"status\"><p>Preview: \(count) problem\(count == 1 ? "" : "s") "
        body += "to put right, shown beside the fields and in the preview. Nothing is saved yet.</p>\(messages(findings.general))</div>\n"
      } else {
        body +=
          "<div class=\"errors\" role=\"alert\"><p>The plan was not saved: \(count) problem\(count == 1 ? "" : "s"), "
        body += "shown beside the fields.</p>\(messages(findings.general))</div>\n"
      }
    }
    if let notice { body += "<p class=\"notice\">\(notice)</p>" }
    body += "<div class=\"builder-layout\"><div class=\"form-column\">\n"
    body += "<form method=\"post\" action=\"\(action)\" class=\"plan\">\n\(csrfField(csrf))\n"
    body += "<input type=\"hidden\" name=\"rows\" value=\"\(form.rows)\">\n"
    if case .revise(_, let base) = mode { body += "<input type=\"hidden\" name=\"base\" value=\"\(base)\">\n" }
    func section(_ title: String, _ fields: [PlanForm.Field]) -> HTML {
      let inputs = fields.map { f in
        let locked: Bool = if case .revise = mode, f.key == "plan.id" { true } else { false }
        return input(f, name: f.key, form: form, findings: findings, locked: locked)
      }
      return "<fieldset><legend>\(title)</legend><div class=\"grid\">\n\(inputs.joined())</div></fieldset>\n"
    }
    if case .revise = mode {
      let from = form.values[RevisionDraft.effectiveField] ?? ""
      let reason = form.values[RevisionDraft.reasonField] ?? ""
      let corrected: HTML = form.values[RevisionDraft.correctionField] != nil ? " checked" : ""
      let fromID = fieldID(RevisionDraft.effectiveField), reasonID = fieldID(RevisionDraft.reasonField)
      let fromBad = findings.byField[RevisionDraft.effectiveField] != nil
      let reasonBad = findings.byField[RevisionDraft.reasonField] != nil
      body += """
        <fieldset><legend>This revision</legend><div class="grid">
        <div class="field" data-field="\(RevisionDraft.effectiveField)"><label for="\(fromID)">Changes from (date)</label>\
        <input type="date" id="\(fromID)" name="\(RevisionDraft.effectiveField)" value="\(from)" required\
        \(fromBad ? " aria-describedby=\"e-\(fromID)\" aria-invalid=\"true\"" as HTML : "")>\
        \(messages(findings.byField[RevisionDraft.effectiveField], id: fromID))</div>
        <div class="field" data-field="\(RevisionDraft.reasonField)"><label for="\(reasonID)">Why (shown with the plan)</label>\
        <input type="text" id="\(reasonID)" name="\(RevisionDraft.reasonField)" value="\(reason)" required\
        \(reasonBad ? " aria-describedby=\"e-\(reasonID)\" aria-invalid=\"true\"" as HTML : "")>\
        \(messages(findings.byField[RevisionDraft.reasonField], id: reasonID))</div>
        <div class="field check-field"><label for="f-correction">A correction: it may change days already lived, and \
        every output says so</label><input type="checkbox" id="f-correction" name="\(RevisionDraft.correctionField)" \
        value="on"\(corrected)></div>
        </div></fieldset>

        """
    }
    body += section("Plan", PlanForm.planFields)
    body += section("Patient", PlanForm.patientFields)
    body += section("Clinic", PlanForm.clinicFields)
    body += "<datalist id=\"drug-names\">"
    body += PlanBuilder.offeredNames.map { "<option value=\"\($0)\"></option>" as HTML }.joined()
    body += "</datalist>\n<h2>Medicines</h2>\n"
    for i in 0..<form.rows { body += PlanBuilder.row(i, form: form, findings: findings, group: group, line: line) }
    body += "<p class=\"buttons\"><button type=\"submit\" name=\"action\" value=\"add-row\" formnovalidate>"
    body += "Add a medicine</button></p>\n"
    body += section("Blood monitoring", PlanForm.monitoringFields)
    let noteID: HTML = "f-note"
    let emptyPreview = PlanBuilder.preview(
      form, result: .notYet, options: PrintOptions(generatedAt: PrintTimestamp(secondsSinceEpoch: 0), version: "")).body
    let previewBody: HTML = preview?.body ?? emptyPreview
    body += """
      <fieldset><legend>Saving</legend><div class="grid">
      <p>Saved by <strong>\(author)</strong></p>
      <div class="field"><label for="\(noteID)">Note for the team</label><input type="text" id="\(noteID)" name="note" \
      value="\(note)"></div>
      </div></fieldset>
      <p class="buttons"><button type="submit" name="action" value="preview" id="preview-button" formnovalidate>\
      \(mode.isNew ? "Preview" : "Preview the change")</button>
      <button type="submit" name="action" value="save">\(mode.isNew ? "Save plan" : "Save revision")</button></p>
      </form>
      </div>
      <aside class="preview-column" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <div id="preview-body" aria-live="polite">\(previewBody)</div>
      </aside></div>

      """
    body += fileForm(mode: mode, csrf: csrf, text: fileText, findings: fileFindings, author: author, note: note)
    body += "<script src=\"/assets/plan-form.js\"></script>\n"
    return layout(mode.isNew ? "New plan" : "Revise", extraCSS: (preview?.css ?? "") + builderCSS, body)
  }

  /// The group and line to start from, and which alternative of each "A or B" option.
  static func prefillForm(group: PatientGroup, line: Int, chosen: [Int: String], adding: Set<Int>) -> HTML {
    let groups = PatientGroup.allCases.map { g -> HTML in
      let selected: HTML = g == group ? " selected" : ""
      return "<option value=\"\(g.rawValue)\"\(selected)>\(g.rawValue)</option>"
    }
    let lines = (1...3).map { l -> HTML in
      let selected: HTML = l == line ? " selected" : ""
      return "<option value=\"\(l)\"\(selected)>\(l)</option>"
    }
    var out: HTML = """
      <form method="get" action="/plans/new" class="prefill"><fieldset><legend>Start from the guideline</legend>
      <div class="grid"><div class="field"><label for="prefill-group">Patient group</label>\
      <select id="prefill-group" name="group">\(groups.joined())</select></div>
      <div class="field"><label for="prefill-line">Line</label><select id="prefill-line" name="line">\(lines.joined())</select></div></div>

      """
    for (k, alternative) in PlanForm.alternatives(group: group, line: line).enumerated() {
      let pick = chosen[k] ?? alternative.keys[0]
      out += "<fieldset class=\"choices\"><legend>\(alternative.option.title): which one</legend>"
      for key in alternative.keys {
        let id = "choice-\(k)-\(key.map { $0.isLetter ? String($0) : "-" }.joined())"
        let checked: HTML = key == pick ? " checked" : ""
        out += "<label class=\"check\" for=\"\(id)\"><input type=\"radio\" id=\"\(id)\" name=\"choice\(k)\" "
        out += "value=\"\(key)\"\(checked)> \(key)</label>"
      }
      out += "</fieldset>"
    }
    for (k, option) in PlanForm.considered(group: group, line: line).enumerated() {
      let id = "add-\(k)"
      let checked: HTML = adding.contains(k) ? " checked" : ""
      out += "<p><label class=\"check\" for=\"\(id)\"><input type=\"checkbox\" id=\"\(id)\" name=\"add\(k)\" value=\"on\"\(checked)> "
      out += "Also plan (consider, for some patients): \(option.title)</label></p>"
    }
    out += """
      <p class="buttons"><button type="submit">Pre-fill the seed's options</button></p>
      \(guidelinePanel(group: group, line: line))
      </fieldset></form>

      """
    return out
  }

  /// The builder's layout: the form and the preview side by side on a wide screen, one above the other from
  /// tablet width down; visible focus; controls and buttons at least 24 × 24 px (WCAG 2.2, 2.5.8).
  static let builderCSS: HTML = """
    .app [hidden] { display: none !important; }
    .app .builder-layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
    @media (min-width: 1100px) { .app .builder-layout { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
      .app .preview-column { position: sticky; top: 8px; align-self: start; max-height: 96vh; overflow: auto; } }
    .app .preview-column { background: #fff; border: 1px solid #bbb; padding: 8px 12px; min-width: 0; }
    .app .preview-column .schedule { overflow-x: auto; }
    .app .preview-column .schedule .page { max-width: 100%; }
    .app .preview-column svg { max-width: 100%; height: auto; }
    .app .preview-column table { max-width: 100%; }
    .app fieldset.builder, .app fieldset.list-builder { margin: 8px 0; background: #f6f8fc; }
    .app .item { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: end; border-bottom: 1px solid #dde; padding: 4px 0; }
    .app .item .field { flex: 1 1 140px; }
    .app .item-buttons button { min-width: 32px; min-height: 32px; margin-left: 4px; }
    .app input, .app select, .app button { min-height: 28px; }
    .app input[type=checkbox], .app input[type=radio] { width: 24px; height: 24px; min-height: 24px; margin: 2px 6px 2px 0; vertical-align: middle; }
    .app label.check { display: inline-flex; align-items: center; margin: 2px 14px 2px 0; font-size: 14px; min-height: 28px; }
    .app .check-field { display: flex; flex-direction: row-reverse; justify-content: flex-end; align-items: center; gap: 4px; }
    .app .row-note { font-size: 13px; margin: 2px 0; } .app .seed { font-size: 12px; color: #444; margin: 2px 0; }
    .app .h { display: block; color: #555; font-size: 12px; }
    .app label { font-size: 14px; }
    .app :focus-visible { outline: 3px solid #c25e00; outline-offset: 2px; }
    .app ul.findings li.err { color: #b00020; } .app ul.findings li.warn { color: #6b4600; }
    .app ul.findings a { color: inherit; font-weight: bold; }
    .app .prefill .choices { border: 0; padding: 0; margin: 4px 0; background: none; }

    """

  /// The plan-file editor: paste or edit the YAML itself.
  static func fileForm(
    mode: FormMode, csrf: String, text: String?, findings: [LocatedDiagnostic], author: String, note: String
  ) -> HTML {
    let action: HTML
    var hidden: HTML = ""
    switch mode {
    case .new: action = "/plans/import"
    case .revise(let planID, let base):
      action = "/plans/\(HTML.pathComponent(planID))/revisions"
      hidden =
        "<input type=\"hidden\" name=\"base\" value=\"\(base)\"><input type=\"hidden\" name=\"mode\" value=\"file\">"
    }
    let list = findings.map { d -> HTML in
      let kind = d.severity == .error ? "" : " warn"
      let line = d.line.map(String.init) ?? "?"
      return "<span class=\"err\(kind)\" role=\"alert\">\(d.severity.rawValue): line \(line): "
        + "\(d.diagnostic.description)</span>"
    }.joined()
    let badClass: HTML = findings.isEmpty ? "" : " bad"
    return """
      <h2 id="file">\(mode.isNew ? "Or paste a plan file" : "Or edit the plan file")</h2>
      <form method="post" action="\(action)" class="file">\(csrfField(csrf))\(hidden)
      <div class="field\(badClass)" data-field="plan_file"><label for="plan_file">Plan file (YAML, as \
      <code>taper plan</code> reads it)</label><textarea id="plan_file" name="plan_file" rows="24">\
      \(text ?? "")</textarea>\(list)</div>
      <div class="grid"><p>Saved by <strong>\(author)</strong></p>
      <label>Note <input type="text" name="note" value="\(note)"></label></div>
      <p class="buttons"><button type="submit">Save plan file</button></p></form>

      """
  }

  static func guidelinePanel(group: PatientGroup, line: Int) -> HTML {
    let options = Guideline.options(group: group, line: line)
    guard !options.isEmpty else { return "<p>The guideline has no options for this group and line.</p>" }
    var out: HTML = "<details open><summary>The guideline's options for \(group.rawValue), line \(line)</summary><ul>"
    for o in options {
      out += "<li><strong>\(o.kind.rawValue): \(o.title)</strong> \(o.referenceText)<ul>"
      for d in o.drugs { out += "<li>\(d.name) (\(d.choice.rawValue)): \(d.dose)</li>" }
      out += "</ul></li>"
    }
    return out + "</ul><p><small>\(Guideline.source)</small></p></details>"
  }

  // MARK: - The plan page

  struct RevisionView {
    var revision: StoredRevision
    var changes: [String]?
    /// The plan's own record of the revision: from when and why (`nil` for the first, or for a whole plan file
    /// re-issued before revisions had dates).
    var record: RevisionRecord? = nil
  }

  static func planPage(
    plan: TreatmentPlan, shown: StoredRevision, latest: Int, history: [RevisionView], feeds: [FeedRecord],
    csrf: String, version: String, identity: Identity = .local, approval: Approval? = nil,
    approvalLine: String? = nil, newFeed: (url: String, webcal: String, qr: HTML?)? = nil,
    schedule: WeeklyHTML.Parts? = nil
  ) -> HTML {
    let id = shown.planID
    let path = HTML.pathComponent(id)
    let schedule = schedule ?? PlanDocuments.schedule(plan, revision: shown, version: version, approval: approval)
    var body: HTML = "<h1>\(plan.title)</h1>\n"
    body += "<p>Plan <strong>\(id)</strong>, revision \(shown.number) of \(latest) · \(plan.status.rawValue)"
    body += " · \(plan.start) to \(plan.end) · saved \(time(shown.savedAt))"
    if !shown.author.isEmpty { body += " by \(shown.author)" }
    body += "</p>\n"
    if let approvalLine { body += "<p class=\"approval\"><strong>\(approvalLine)</strong></p>\n" }
    if approval == nil, shown.number == latest, identity.may(.approve) {
      body += """
        <form method="post" action="/plans/\(path)/revisions/\(shown.number)/approve" class="inline">\(csrfField(csrf))\
        <p class="buttons"><button type="submit" id="approve">Approve revision \(shown.number) for use</button></p></form>

        """
    }
    if !shown.note.isEmpty { body += "<p>Note: \(shown.note)</p>\n" }
    for line in RevisionText.lines(plan) { body += "<p class=\"revision\">\(line)</p>\n" }
    if shown.number != latest {
      body += "<p class=\"notice\">This is an earlier revision. "
      body += "<a href=\"/plans/\(path)\">See the latest (\(latest))</a>.</p>\n"
    }
    let base: HTML = "/plans/\(path)/revisions/\(shown.number)/"
    body += """
      <p class="buttons">\(identity.may(.revise) ? "<a href=\"/plans/\(path)/revise\">Revise</a>" as HTML : "")
      <a href="\(base)calendar.ics" download>Download .ics</a><a href="\(base)schedule.pdf" download>Download .pdf</a>
      <a href="\(base)plan.json" download>Download .json</a><a href="\(base)plan.yaml" download>Download plan file</a></p>

      """
    if let newFeed { body += feedCreated(newFeed) }
    let notices = plan.notices
    if !notices.isEmpty {
      body += "<h2>Notices and guideline warnings</h2>\n"
      body += notices.map { "<p class=\"notice\">\($0.severity.rawValue): \($0.description)</p>" as HTML }
        .joined(separator: "\n")
    }
    body += "<h2>Medicines</h2>\n<table class=\"list\">"
    body += "<tr><th>Medicine</th><th>Schedule</th><th>Guideline</th><th>Notes</th></tr>\n"
    for m in plan.medicines {
      let continuation: HTML = m.continuation.map { "<br>\($0)" } ?? ""
      body += "<tr><td>\(m.displayName)</td><td>\(m.scheduleText)\(continuation)</td>"
      body += "<td>\(m.guideline ?? (m.doseChecked ? "" : "not dose-checked"))</td>"
      body += "<td>\((m.instructions + m.safetyNotes).joined(separator: " "))</td></tr>\n"
    }
    body += "</table>\n"
    body += "<h2>Revisions</h2>\n<table class=\"list\">"
    body += "<tr><th>Revision</th><th>From</th><th>Why</th><th>Saved</th><th>By</th><th>Note</th><th>What changed</th></tr>\n"
    for v in history.reversed() {
      let r = v.revision
      let changes: HTML =
        if r.number == 1 { "First revision." } else if let c = v.changes {
          c.isEmpty ? "No change to doses or dates." : "<ul>\(c.map { "<li>\($0)</li>" as HTML }.joined())</ul>"
        } else { "" }
      let from: HTML =
        if let effective = v.record?.effective { "\(effective)" } else if r.number == 1 { "the start" } else {
          "the start (re-issued whole)"
        }
      var why: HTML = "\(v.record?.reason ?? "")"
      if let correction = v.record?.correctionText { why += "<br><strong>\(correction)</strong>" }
      body += "<tr><td><a href=\"/plans/\(path)?revision=\(r.number)\">\(r.number)</a></td><td>\(from)</td><td>\(why)</td>"
      body += "<td>\(time(r.savedAt))</td><td>\(r.author)</td><td>\(r.note)</td><td class=\"changes\">\(changes)</td></tr>\n"
    }
    body += "</table>\n"
    body += feedSection(planID: shown.planID, feeds: feeds, csrf: csrf, identity: identity)
    let scheduleClass = plan.status == .draft ? "draft" : "approved"
    // The print renderer's pages, embedded: its style sheet goes into this page's one <style> element.
    body += "<h2>Schedule</h2>\n<div class=\"schedule \(scheduleClass)\">\n\(schedule.body)</div>\n"
    return layout(plan.title, extraCSS: schedule.css, body)
  }

  static func feedSection(planID: String, feeds: [FeedRecord], csrf: String, identity: Identity = .local) -> HTML {
    let id = HTML.pathComponent(planID)
    var out: HTML = """
      <h2 id="subscribe">Calendar subscription</h2>
      <p>A subscription link lets the patient's calendar follow every revision of this plan by itself. The link is \
      a secret: it is shown once, stored only as a hash, and can be revoked or replaced. Feeds carry no patient \
      label or weight.</p>
      <form method="post" action="/plans/\(id)/feeds" class="inline">\(csrfField(csrf))\
      <p class="buttons"><button type="submit">Create a subscription link</button></p></form>

      """
    if !feeds.isEmpty {
      out += "<table class=\"list\"><tr><th>Link</th><th>Created</th><th>State</th><th></th></tr>\n"
      for f in feeds {
        out += "<tr><td>#\(f.id) (\(f.hashPrefix)…)</td><td>\(time(f.createdAt))</td>"
        if let revoked = f.revokedAt {
          out += "<td>revoked \(time(revoked))</td><td></td></tr>\n"
        } else {
          out += """
            <td>active</td><td>\(identity.may(.revokeLink) ? revokeForm(id: id, feed: f.id, csrf: csrf) : "")\
            \(identity.may(.revokeLink) && identity.may(.createLink) ? rotateForm(id: id, feed: f.id, csrf: csrf) : "")</td></tr>

            """
        }
      }
      out += "</table>\n"
    }
    return out
  }

  static func revokeForm(id: HTML, feed: Int64, csrf: String) -> HTML {
    """
    <form method="post" action="/plans/\(id)/feeds/\(feed)/revoke" class="inline">\
    \(csrfField(csrf))<button type="submit">Revoke</button></form> 
    """
  }

  static func rotateForm(id: HTML, feed: Int64, csrf: String) -> HTML {
    """
    <form method="post" action="/plans/\(id)/feeds/\(feed)/rotate" class="inline">\(csrfField(csrf))\
    <button type="submit">Replace with a new link</button></form>
    """
  }

  /// Every active subscription link, for an admin (who sees no plan): the plan's id, the link's number and
  /// when it was made, and a button to revoke it.
  static func links(_ feeds: [FeedRecord], csrf: String) -> HTML {
    var body: HTML = "<h1>Subscription links</h1>\n"
    body += "<p>Active links of every plan. Revoking one stops the patient's calendar from following the plan.</p>\n"
    guard !feeds.isEmpty else { return layout("Subscription links", body + "<p>No active links.</p>\n") }
    body += "<table class=\"list\"><tr><th>Plan</th><th>Link</th><th>Created</th><th></th></tr>\n"
    for f in feeds {
      let id = HTML.pathComponent(f.planID)
      body += "<tr><td>\(HTML(escaping: f.planID))</td><td>#\(f.id) (\(f.hashPrefix)…)</td><td>\(time(f.createdAt))</td>"
      body += "<td>\(revokeForm(id: id, feed: f.id, csrf: csrf))</td></tr>\n"
    }
    return layout("Subscription links", body + "</table>\n")
  }

  // MARK: - Audit

  static func audit(_ events: [AuditEvent], planID: String?, more: Int64?) -> HTML {
    var body: HTML = "<h1>Audit log</h1>\n"
    body += "<p>Every sign-in and sign-out, page view, download, print, subscription link, revision and approval, "
    body += "newest first\(planID.map { " (plan \($0))" } ?? ""). The log is append-only.</p>\n"
    let query: HTML = planID.map { "?plan=\(HTML.pathComponent($0))" } ?? ""
    body += "<p class=\"buttons\"><a href=\"/audit/audit.csv\(query)\" download>Download CSV</a>"
    body += "<a href=\"/audit/audit.fhir.json\(query)\" download>Download FHIR AuditEvent (JSON)</a></p>\n"
    body += "<table class=\"list\"><tr><th>#</th><th>Time (UTC)</th><th>Who</th><th>Role</th><th>What</th>"
    body += "<th>Plan</th><th>Revision</th><th>From</th><th>Outcome</th><th>Detail</th></tr>\n"
    for e in events {
      let who: HTML = e.name.isEmpty ? "\(e.subject)" : "\(e.name) <small>(\(e.subject))</small>"
      body += "<tr><td>\(String(e.sequence))</td><td>\(AuditExport.iso(e.time))</td><td>\(who)</td><td>\(e.role)</td>"
      body += "<td>\(e.action.rawValue)</td><td>\(e.planID ?? "")</td><td>\(e.revision.map(String.init) ?? "")</td>"
      body += "<td>\(e.address)</td><td>\(e.outcome.rawValue)</td><td>\(e.detail)</td></tr>\n"
    }
    body += "</table>\n"
    if let more {
      let plan: HTML = planID.map { "&amp;plan=\(HTML.pathComponent($0))" } ?? ""
      body += "<p><a href=\"/audit?before=\(String(more))\(plan)\">Older events</a></p>\n"
    }
    return layout("Audit log", body)
  }

  static func feedCreated(_ feed: (url: String, webcal: String, qr: HTML?)) -> HTML {
    """
    <div class="notice" id="new-feed"><h2>New subscription link (shown only now)</h2>
    <p>Give this link to the patient, or let them scan the code with their phone's camera.</p>
    <p class="secret feed-url">\(feed.url)</p>
    <p class="buttons"><a href="\(HTML.attribute(feed.webcal))">Subscribe (webcal)</a></p>
    \(feed.qr ?? "")
    <p>In the calendar app choose "add subscription" (or "from URL") and paste the link; the calendar updates itself \
    after each revision. Alarms in subscribed calendars are not dependable: set a default reminder for the calendar \
    in the app. The calendar is a convenience, not a substitute for the printed schedule.</p></div>

    """
  }

  static func message(_ title: String, _ text: String) -> HTML {
    layout(title, "<h1>\(title)</h1>\n<p>\(text)</p>\n<p><a href=\"/\">Back to the plans</a></p>\n")
  }

  /// The sign-in page: the hospital's identity provider, the access token, or both.
  static func login(failed: Bool, oidc: Bool = false, token: Bool = true) -> HTML {
    let refused: HTML = failed ? "<p class=\"err\">That access token is not right.</p>" : ""
    var body: HTML = "<h1>Sign in</h1>\(refused)\n"
    if oidc {
      body += "<p class=\"buttons\"><a class=\"button\" id=\"oidc\" href=\"/login/oidc\">Sign in with your hospital account</a></p>\n"
    }
    if token {
      body += """
        <form method="post" action="/login"><label>Access token <input type="password" name="token"></label>
        <p class="buttons"><button type="submit">Sign in</button></p></form>

        """
    }
    return layout("Sign in", body)
  }

  /// After the identity provider: a page that opens `next` by itself (a link for a browser that does not).
  /// A revision not saved because another was saved first, with what the clinician entered kept to copy.
  static func conflict(_ why: String, planID: String, kept: String) -> HTML {
    let path = HTML.pathComponent(planID)
    return layout(
      "Not saved",
      """
      <h1>Not saved</h1>
      <p>Not saved: \(HTML(escaping: why)).</p>
      <p>What you entered is kept below. <a href="/plans/\(path)/revise">Open the latest revision</a> and make your
      change there.</p>
      <label>What you entered<textarea readonly rows="20" id="kept">\(HTML(escaping: kept))</textarea></label>

      """)
  }

  static func continueTo(_ next: String) -> HTML {
    let target = HTML(escaping: next)
    return layout(
      "Signed in",
      """
      <meta http-equiv="refresh" content="0;url=\(target)">
      <h1>Signed in</h1>
      <p><a href="\(target)">Continue</a></p>

      """)
  }
}

extension Pages.FormMode {
  var isNew: Bool { if case .new = self { true } else { false } }
}
