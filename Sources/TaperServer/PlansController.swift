import Foundation
import HTTPTypes
import Hummingbird
import TaperRender
import TaperCore
import TaperPlanFile

/// The plans: the list, a new plan (from the form or a pasted plan file), a plan's page, its revision form
/// and its downloads. Signed-in pages; every plan goes through the plan-file parser and planner before it is
/// stored.
struct PlansController: Sendable {
  typealias Context = WebServer.Context
  let store: PlanStore
  let settings: ServerSettings
  let security: ServerSecurity
  let audit: AuditLog
  /// Where plans and printouts are rendered, off the request threads.
  let pool: RenderPool
  /// Renders by plan, revision and what; a revision never changes, so they are never stale.
  let renders: RenderCache

  func addRoutes(to group: RouterGroup<Context>) {
    group.get("/", use: list)
    group.group("plans")
      .get("new", use: newPlan)
      .post(use: create)
      .post("import", use: importFile)
      .get(":id", use: page)
      .get(":id/revise", use: revisePage)
      .post(":id/revisions", use: revise)
      .get(":id/revisions/:n/:file", use: download)
      .post(":id/revisions/:n/approve", use: approve)
  }

  /// The signed-in identity if it may do `permission`; a refusal (403) is audited.
  func authorize(_ permission: Permission, _ context: Context) throws(PageError) -> Identity {
    try audit.authorize(permission, context, plan: context.parameters.get("id"), now: settings.now())
  }

  /// A plan file's text planned on the render pool (never on the request's thread), or its refusal.
  func planned(_ text: String) async throws -> Result<TreatmentPlan, PlanFileError> {
    try await pool.run {
      do throws(PlanFileError) {
        return .success(try PlanFile.plan(text: text, fileName: "plan.yaml").0)
      } catch {
        return .failure(error)
      }
    }
  }

  /// The posted form if its CSRF token and origin are this session's; a refusal is audited as `action`.
  func checked<Form: CSRFForm>(_ type: Form.Type, _ request: Request, _ context: Context, _ action: AuditAction)
    async throws -> Form?
  {
    try await CSRF.checked(type, request, context, security, audit: audit, action: action, now: settings.now())
  }

  /// A store refusal (a conflict, an id taken, already approved) as its page, audited as `action`.
  func refused(_ error: StoreError, _ action: AuditAction, _ who: Identity, _ context: Context, title: String) -> Response {
    audit.record(event(action, who, context, plan: context.parameters.get("id"), outcome: .refused, detail: error.description))
    return html(Pages.message(title, error.description), status: .conflict)
  }

  /// An audit event of this request.
  func event(
    _ action: AuditAction, _ who: Identity?, _ context: Context, plan: String? = nil, revision: Int? = nil,
    outcome: AuditOutcome = .success, detail: String = ""
  ) -> AuditEvent {
    AuditEvent(
      time: settings.now(), action: action, identity: who, planID: plan, revision: revision,
      address: context.address, outcome: outcome, detail: detail)
  }

  // MARK: - List and new plans

  @Sendable func list(_ request: Request, context: Context) async throws -> Response {
    let who = try authorize(.view, context)
    return html(Pages.index(try await store.plans(), csrf: context.csrf, identity: who))
  }

  @Sendable func newPlan(_ request: Request, context: Context) async throws -> Response {
    let who = try authorize(.create, context)
    let token = context.csrf
    let query = request.uri.queryParameters
    let group = query["group"].flatMap { PatientGroup(rawValue: String($0)) } ?? .severe
    let line = query["line"].flatMap { Int(String($0)) }.map { min(3, max(1, $0)) } ?? 1
    // The alternative chosen for each "A or B" option (`choice0=azathioprine`).
    var chosen: [Int: String] = [:]
    for k in 0..<PlanForm.alternatives(group: group, line: line).count {
      if let pick = query["choice\(k)"] { chosen[k] = String(pick) }
    }
    var adding: Set<Int> = []
    for k in 0..<PlanForm.considered(group: group, line: line).count where query["add\(k)"] != nil { adding.insert(k) }
    let form = PlanForm.prefilled(group: group, line: line, chosen: chosen, adding: adding)
    return html(
      Pages.planForm(
        form, mode: .new, findings: .init(), csrf: token, author: who.signature, chosen: chosen, adding: adding))
  }

  /// Whether the page's script asked for the preview panel alone (`Taper-Fragment: preview`).
  static func wantsFragment(_ request: Request) -> Bool {
    request.headers[HTTPField.Name("Taper-Fragment")!] == "preview"
  }

  /// The preview of a plan file's text: planned and rendered (the chart and four weeks) on the render pool.
  func preview(_ text: String, form: PlanForm, revision: StoredRevision?) async throws -> (body: HTML, css: HTML) {
    let version = settings.version
    let now = settings.now()
    return try await pool.run {
      let options = PrintOptions(generatedAt: PrintTimestamp(secondsSinceEpoch: Int(now)), version: version)
      do throws(PlanFileError) {
        let plan = try PlanFile.plan(text: text, fileName: "plan.yaml").0
        return PlanBuilder.preview(form, result: .planned(plan), options: options)
      } catch {
        return PlanBuilder.preview(form, result: .refused(error.diagnostics.map(\.diagnostic)), options: options)
      }
    }
  }

  @Sendable func create(_ request: Request, context: Context) async throws -> Response {
    let who = try authorize(.create, context)
    guard let submitted = try await checked(PlanFormFields.self, request, context, .planCreated) else { return CSRF.refused }
    var form = PlanForm.from(submitted: submitted.values)
    // "Saved by" is who is signed in, never a form field.
    let author = who.signature
    let note = submitted["note"]?.trimmed ?? ""
    let token = submitted.csrf ?? ""
    func refuse(_ findings: [Diagnostic], status: HTTPResponse.Status) -> Response {
      html(
        Pages.planForm(
          form, mode: .new, findings: Pages.Findings(findings, form: form), csrf: token, author: author, note: note),
        status: status)
    }
    let action = submitted["action"] ?? "save"
    // A builder's button (add, remove or move a row): the same form back, changed.
    if form.apply(action: action) {
      return html(Pages.planForm(form, mode: .new, findings: .init(), csrf: token, author: author, note: note))
    }
    if action == "preview" {
      let text = form.planFileText(id: form.values["plan.id"] ?? "preview", revision: 1)
      let panel = try await preview(text, form: form, revision: nil)
      if Self.wantsFragment(request) { return html(panel.body) }
      let findings: [Diagnostic]
      switch try await planned(text) {
      case .success(let plan): findings = plan.notices
      case .failure(let error): findings = error.diagnostics.map(\.diagnostic)
      }
      return html(
        Pages.planForm(
          form, mode: .new, findings: Pages.Findings(findings, form: form), csrf: token, author: author, note: note,
          preview: panel, previewing: true))
    }
    let id = form.values["plan.id"] ?? "plan-" + Hex.encode(Secrets.randomBytes(5))
    // Checked before the id is written into plan-file text.
    if let problem = PlanID.problem(id) {
      return refuse([Diagnostic(.error, "plan.id", problem)], status: .unprocessableContent)
    }
    let text = form.planFileText(id: id, revision: 1)
    let plan: TreatmentPlan
    switch try await planned(text) {
    case .success(let p): plan = p
    case .failure(let error): return refuse(error.diagnostics.map(\.diagnostic), status: .unprocessableContent)
    }
    let revision = StoredRevision(
      planID: id, number: 1, text: text, form: form.values.merging(["plan.id": id]) { $1 }, title: plan.title,
      author: author, note: note, savedAt: settings.now())
    do {
      try await store.createPlan(revision, audit: [event(.planCreated, who, context, plan: id, detail: "form")])
    } catch let error as StoreError {
      audit.record(event(.planCreated, who, context, plan: id, outcome: .refused, detail: error.description))
      return refuse([Diagnostic(.error, "plan.id", error.description)], status: .conflict)
    }
    return redirect("/plans/\(id)")
  }

  @Sendable func importFile(_ request: Request, context: Context) async throws -> Response {
    let who = try authorize(.create, context)
    guard let submitted = try await checked(ImportForm.self, request, context, .planCreated) else { return CSRF.refused }
    let pasted = (submitted.planFile ?? "").replacingOccurrences(of: "\r\n", with: "\n")
    let author = who.signature
    let note = submitted.note?.trimmed ?? ""
    func refuse(_ findings: [LocatedDiagnostic], status: HTTPResponse.Status) -> Response {
      html(
        Pages.planForm(
          PlanForm.prefilled(group: .severe, line: 1), mode: .new, findings: .init(), csrf: submitted.csrf ?? "",
          author: author, note: note, fileText: pasted, fileFindings: findings), status: status)
    }
    let plan: TreatmentPlan
    do {
      plan = try await PlanImport.save(
        text: pasted, fileName: "plan.yaml", into: store, author: author, note: note, now: settings.now(),
        audit: event(.planCreated, who, context, detail: "plan file"))
    } catch let error as PlanFileError {
      return refuse(error.diagnostics, status: .unprocessableContent)
    } catch let error as StoreError {
      audit.record(event(.planCreated, who, context, plan: nil, outcome: .refused, detail: error.description))
      return refuse(
        [LocatedDiagnostic(Diagnostic(.error, "plan.id", error.description), file: "plan.yaml", line: nil)],
        status: .conflict)
    }
    return redirect("/plans/\(plan.id)")
  }

  // MARK: - A plan's page

  @Sendable func page(_ request: Request, context: Context) async throws -> Response {
    let who = try authorize(.view, context)
    return try await planPage(request, id: context.planID, identity: who, context: context)
  }

  /// The plan's page at the asked revision (`?revision=`, else the latest), with its history and links;
  /// `newFeed` shows a link just made, once.
  func planPage(
    _ request: Request, id: String, identity: Identity, context: Context,
    newFeed: (url: String, webcal: String, qr: HTML?)? = nil
  ) async throws -> Response {
    // The revisions' rows without their files: the page needs the files only to plan what it has not yet.
    let revisions = try await store.revisionSummaries(planID: id)
    guard let latest = revisions.last else { return notFoundPage }
    let wanted = request.uri.queryParameters["revision"].flatMap { Int(String($0)) } ?? latest.number
    guard let shown = revisions.first(where: { $0.number == wanted }) else { return notFoundPage }
    let approvals = try await store.approvals(planID: id)
    if newFeed == nil { audit.record(event(.view, identity, context, plan: id, revision: shown.number)) }
    let token = context.csrf
    let derived = try await derived(planID: id, revisions: revisions, shown: shown.number)
    guard var plan = derived.plan else {
      return html(
        Pages.message("Cannot show the plan", "This revision no longer plans with this version of Taper."),
        status: .internalServerError)
    }
    let fileSays = plan.status
    // Approved only when approved here (an imported file's own `approved` is not a record).
    let approval = approvals[shown.number]
    plan.status = approval == nil ? .draft : .approved
    let scheduleKey = RenderCache.Key.schedule(id, shown.number, approved: approval != nil)
    let schedule: WeeklyHTML.Parts
    if case .schedule(let parts)? = renders.get(scheduleKey) {
      schedule = parts
    } else {
      let version = settings.version
      let planned = plan
      let line = PlanDocuments.approvalLine(fileSays: fileSays, approval: approval)
      schedule = try await pool.run {
        PlanDocuments.schedule(planned, revision: shown, version: version, approval: approval, approvalLine: .some(line))
      }
      renders.put(scheduleKey, .schedule(schedule))
    }
    let feeds = try await store.feeds(planID: id)
    return html(
      Pages.planPage(
        plan: plan, shown: shown, latest: latest.number, history: derived.history, feeds: feeds, csrf: token,
        version: settings.version, identity: identity, approval: approval,
        approvalLine: PlanDocuments.approvalLine(fileSays: fileSays, approval: approval), newFeed: newFeed,
        schedule: schedule))
  }

  /// The history's rows and the shown revision's plan, from the render cache; what is missing is planned on the
  /// render pool, once, from the revisions' files.
  func derived(planID id: String, revisions: [StoredRevision], shown: Int) async throws
    -> (history: [Pages.RevisionView], plan: TreatmentPlan?)
  {
    func cached() -> (history: [Pages.RevisionView], plan: TreatmentPlan?)? {
      var history: [Pages.RevisionView] = []
      for r in revisions {
        guard case .history(let changes, let record)? = renders.get(.history(id, r.number)) else { return nil }
        history.append(.init(revision: r, changes: changes, record: record))
      }
      guard case .plan(let plan)? = renders.get(.plan(id, shown)) else { return nil }
      return (history, plan)
    }
    if let hit = cached() { return hit }
    let files = try await store.revisions(planID: id)
    let cache = self.renders
    let computed: [(Int, [String]?, RevisionRecord?)] = try await pool.run {
      var rows: [(Int, [String]?, RevisionRecord?)] = []
      var previous: TreatmentPlan?
      for r in files {
        let plan = try? PlanDocuments.plan(r)
        if r.number == shown, let plan { cache.put(.plan(id, shown), .plan(plan)) }
        var changes: [String]?
        if let old = previous, let new = plan { changes = PlanChanges.describe(from: old, to: new) }
        // A revision the plan file holds has its date and reason; a whole re-issued file has none.
        let record = plan.flatMap { $0.latestRevision?.number == r.number ? $0.latestRevision : nil }
        rows.append((r.number, changes, record))
        previous = plan
      }
      return rows
    }
    for (number, changes, record) in computed {
      renders.put(.history(id, number), .history(changes: changes, record: record))
    }
    let byNumber = Dictionary(uniqueKeysWithValues: computed.map { ($0.0, $0) })
    let history = revisions.map { r in
      Pages.RevisionView(revision: r, changes: byNumber[r.number]?.1, record: byNumber[r.number]?.2)
    }
    guard case .plan(let plan)? = renders.get(.plan(id, shown)) else { return (history, nil) }
    return (history, plan)
  }

  // MARK: - Revisions

  @Sendable func revisePage(_ request: Request, context: Context) async throws -> Response {
    let who = try authorize(.revise, context)
    let id = context.planID
    guard let (latest, _) = try await store.latestTwo(planID: id) else { return notFoundPage }
    let token = context.csrf
    var form = latest.form.map { PlanForm(values: $0) } ?? PlanForm(values: ["plan.id": id])
    // The revision's date: today in the plan's time zone, unless the clinician says otherwise.
    let zone = (try? PlanDocuments.plan(latest))?.timeZone ?? "Europe/London"
    form.values[RevisionDraft.effectiveField] = "\(settings.today(in: zone))"
    let notice = "This revision was saved as a plan file: edit it below (the form starts empty)."
    let page = Pages.planForm(
      form, mode: .revise(planID: id, base: latest.number), findings: .init(), csrf: token, author: who.signature,
      note: "",
      fileText: latest.text, notice: latest.form == nil ? notice : nil)
    audit.record(event(.view, who, context, plan: id, revision: latest.number, detail: "revise form"))
    return html(page)
  }

  @Sendable func revise(_ request: Request, context: Context) async throws -> Response {
    let who = try authorize(.revise, context)
    let id = context.planID
    guard let submitted = try await checked(PlanFormFields.self, request, context, .revisionSaved) else { return CSRF.refused }
    guard let base = Int(submitted["base"] ?? ""), let (latest, _) = try await store.latestTwo(planID: id) else {
      return notFoundPage
    }
    let author = who.signature
    let note = submitted["note"]?.trimmed ?? ""
    let token = submitted.csrf ?? ""
    let next = base + 1
    let mode = Pages.FormMode.revise(planID: id, base: base)
    let text: String
    var form: PlanForm?
    // The form's revision is planned once (before the preview or the save), not again to save it.
    var plannedText: TreatmentPlan?
    if submitted["mode"] == "file" {
      let pasted = (submitted["plan_file"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
      // Another revision was saved since this one's base: a conflict (the text kept), before any check of the
      // text against the saved file, which has moved on.
      guard latest.number == base else {
        return conflict(.conflict(base: base, latest: latest.number), who, context, kept: pasted)
      }
      let fallback = latest.form.map { PlanForm(values: $0) } ?? PlanForm(values: ["plan.id": id])
      func refuse(_ findings: [LocatedDiagnostic]) -> Response {
        html(
          Pages.planForm(
            fallback, mode: mode, findings: .init(), csrf: token, author: author, note: note, fileText: pasted,
            fileFindings: findings), status: .unprocessableContent)
      }
      do {
        let file = try PlanFile(text: pasted, fileName: "plan.yaml")
        if file.spec.id != id {
          return refuse([
            LocatedDiagnostic(
              Diagnostic(
                .error, "plan.id", "this plan's id is \(id); a revision keeps it (start a new plan for another id)"),
              file: "plan.yaml", line: file.line(of: "plan.id"))
          ])
        }
        // The file holds the plan's history: every stored day kept, one more revision at its end.
        guard let last = file.spec.revisions.last, last.number == next else {
          return refuse([
            LocatedDiagnostic(
              Diagnostic(
                .error, "revisions",
                "a revision says what changes from a date: keep the file as saved (revision \(base)) and add "
                  + "revision \(next) at the end of its `revisions` list (taper revise FILE --from DATE …, or the form above)"),
              file: "plan.yaml", line: file.line(of: "revisions"))
          ])
        }
        // Every byte saved stays as it was (the history's reasons and authors included): the file is the saved
        // one with one revision added at its end.
        guard pasted.hasPrefix(latest.text) else {
          return refuse([
            LocatedDiagnostic(
              Diagnostic(
                .error, "revisions",
                "the file is not the saved plan file (revision \(base)) with one revision added: start from the saved "
                  + "plan file, change nothing in it, and add revision \(next) at the end of its `revisions` list"),
              file: "plan.yaml", line: file.line(of: "revisions"))
          ])
        }
        // The author of a revision saved here is the person signed in, never what a file says.
        if let written = last.author, written != who.signature {
          return refuse([
            LocatedDiagnostic(
              Diagnostic(
                .error, "revisions[\(file.spec.revisions.count - 1)].author",
                "'\(written)' is not the person signed in (\(who.signature)): leave `author` out, or write "
                  + "\"\(who.signature)\""),
              file: "plan.yaml", line: file.line(of: "revisions"))
          ])
        }
        if let before = try? PlanFile.plan(file.spec, asOf: base), let stored = try? PlanDocuments.plan(latest),
          before.days != stored.days
        {
          let day = zip(before.days, stored.days).first { $0.0 != $0.1 }?.0.date ?? before.end
          return refuse([
            LocatedDiagnostic(
              Diagnostic(
                .error, "revisions",
                "the file's revision \(base) is not the saved one (the days differ from \(day)): start from the saved "
                  + "plan file and add one revision"),
              file: "plan.yaml", line: file.line(of: "revisions"))
          ])
        }
        text = pasted
      } catch {
        return refuse(error.diagnostics)
      }
    } else {
      var f = PlanForm.from(submitted: submitted.values)
      f.values["plan.id"] = id
      for key in [RevisionDraft.effectiveField, RevisionDraft.reasonField, RevisionDraft.correctionField] {
        if let v = submitted[key]?.trimmed, !v.isEmpty { f.values[key] = v }
      }
      if f.apply(action: submitted["action"] ?? "save") {
        return html(
          Pages.planForm(
            f, mode: mode, findings: .init(), csrf: token, author: author, note: note, fileText: latest.text))
      }
      guard latest.number == base else {
        let kept = submitted.values.filter { !["csrf", "action", "base", "mode"].contains($0.key) && !$0.value.isEmpty }
          .sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
        return conflict(.conflict(base: base, latest: latest.number), who, context, kept: kept)
      }
      // The form is the plan from the revision's date: what differs from the regimens in force is the revision.
      let zone = (try? PlanDocuments.plan(latest))?.timeZone ?? "Europe/London"
      let draft = RevisionDraft.make(
        latest: latest, form: f, effective: f.values[RevisionDraft.effectiveField] ?? "",
        reason: f.values[RevisionDraft.reasonField] ?? "", correction: f.values[RevisionDraft.correctionField] != nil,
        author: author, note: note, written: settings.today(in: zone))
      let previewing = submitted["action"] == "preview"
      let options = PlanDocuments.printOptions(latest, version: settings.version)
      func refuse(_ findings: [Diagnostic]) -> Response {
        if previewing && Self.wantsFragment(request) {
          return html(PlanBuilder.preview(f, result: .refused(findings), options: options).body)
        }
        return html(
          Pages.planForm(
            f, mode: mode, findings: Pages.Findings(findings, form: f), csrf: token, author: author, note: note,
            fileText: latest.text,
            preview: previewing ? PlanBuilder.preview(f, result: .refused(findings), options: options) : nil,
            previewing: previewing), status: .unprocessableContent)
      }
      switch draft {
      case .failure(let refusal): return refuse(refusal.findings)
      case .success(let d):
        let revised: TreatmentPlan
        switch try await planned(d.text) {
        case .success(let p): revised = p
        case .failure(let error):
          return refuse(error.diagnostics.map { var x = $0.diagnostic; x.path = d.formPath(x.path); return x })
        }
        // Before saving: what changes, in words, and the first week it changes, with the revision's findings.
        if previewing {
          let findings = revised.notices.filter { $0.path?.hasPrefix("revisions[\(d.index)]") == true }
            .map { var x = $0; x.path = d.formPath(x.path); return x }
          let shownForm = f
          let panel = try await pool.run { () -> (body: HTML, css: HTML) in
            let previous = try? PlanDocuments.plan(latest)
            let diff = previous.map { PlanDiff.between($0, revised) }
            let week = (diff?.firstChange ?? revised.latestRevision?.effective).flatMap {
              WeeklyHTML.weekParts(revised, options: options, containing: $0)
            }
            var shown = revised
            shown.notices = findings
            return PlanBuilder.preview(shownForm, result: .planned(shown), options: options, revision: diff.map { ($0, week) })
          }
          if Self.wantsFragment(request) { return html(panel.body) }
          return html(
            Pages.planForm(
              f, mode: mode, findings: Pages.Findings(findings, form: f), csrf: token, author: author, note: note,
              fileText: latest.text, preview: panel, previewing: true))
        }
        text = d.text
        form = f
        plannedText = revised
      }
    }
    let plan: TreatmentPlan
    if let plannedText {
      plan = plannedText
    } else {
      switch try await planned(text) {
      case .success(let p): plan = p
      case .failure(let error):
        return html(
          Pages.planForm(
            PlanForm(values: latest.form ?? ["plan.id": id]), mode: mode, findings: .init(), csrf: token,
            author: author, note: note, fileText: text, fileFindings: error.diagnostics), status: .unprocessableContent)
      }
    }
    do {
      try await store.addRevision(
        StoredRevision(
          planID: id, number: next, text: text, form: form?.values, title: plan.title, author: author, note: note,
          savedAt: settings.now()), base: base,
        audit: [event(.revisionSaved, who, context, plan: id, detail: form == nil ? "plan file" : "form")])
    } catch let error as StoreError {
      return conflict(error, who, context, kept: text)
    }
    return redirect("/plans/\(id)")
  }

  /// A revision refused because another was saved first: nothing is lost — the page keeps what the clinician
  /// entered, to make again on the latest revision. Audited as refused.
  func conflict(_ error: StoreError, _ who: Identity, _ context: Context, kept: String) -> Response {
    audit.record(
      event(.revisionSaved, who, context, plan: context.planID, outcome: .refused, detail: error.description))
    return html(Pages.conflict(error.description, planID: context.planID, kept: kept), status: .conflict)
  }

  // MARK: - Downloads

  @Sendable func download(_ request: Request, context: Context) async throws -> Response {
    let file = context.parameters.get("file") ?? ""
    let who = try authorize(file == "schedule.pdf" ? .print : .download, context)
    let id = context.planID
    let number = context.parameters.get("n", as: Int.self) ?? 0
    let revisions = try await store.revisions(planID: id)
    guard let r = revisions.first(where: { $0.number == number }) else { return notFoundPage }
    let previous = revisions.first { $0.number == number - 1 }
    let approval = try await store.approvals(planID: id)[number]
    if ["plan.yaml", "plan.json", "calendar.ics", "schedule.pdf"].contains(file) {
      audit.record(event(file == "schedule.pdf" ? .print : .download, who, context, plan: id, revision: number, detail: file))
    }
    let version = settings.version
    /// A download's bytes from the render cache, or rendered on the pool (once per revision and approval).
    func rendered(_ make: @escaping @Sendable () throws -> [UInt8]) async throws -> [UInt8] {
      let key = RenderCache.Key.file(id, number, file, approved: approval != nil)
      if case .bytes(let bytes)? = renders.get(key) { return bytes }
      let bytes = try await pool.run(make)
      renders.put(key, .bytes(bytes))
      return bytes
    }
    switch file {
    case "plan.yaml":
      return attachment(
        Array(r.text.utf8), type: "application/yaml; charset=utf-8", name: PlanDocuments.fileName(r, ext: "yaml"))
    case "plan.json":
      return attachment(
        try await rendered { Array(try PlanDocuments.json(r, approval: approval).utf8) }, type: "application/json",
        name: PlanDocuments.fileName(r, ext: "json"))
    case "calendar.ics":
      return attachment(
        try await rendered { Array(try PlanDocuments.calendar(r, previous: previous, asFeed: false, approval: approval).utf8) },
        type: "text/calendar; charset=utf-8",
        name: PlanDocuments.fileName(r, ext: "ics"))
    case "schedule.pdf":
      return attachment(
        try await rendered { try PlanDocuments.pdf(r, version: version, approval: approval) },
        type: "application/pdf",
        name: PlanDocuments.fileName(r, ext: "pdf"))
    default:
      return notFoundPage
    }
  }

  // MARK: - Approval

  /// A prescriber approves a revision for use: who and when are stored with it (and its audit event in the
  /// same transaction) and printed on it. Only the latest revision is approved; a later one is a draft again
  /// until it is approved.
  @Sendable func approve(_ request: Request, context: Context) async throws -> Response {
    let id = context.planID
    let number = context.parameters.get("n", as: Int.self) ?? 0
    let who = try authorize(.approve, context)
    guard try await checked(TokenOnlyForm.self, request, context, .approved) != nil else { return CSRF.refused }
    guard let latest = try await store.latestNumber(planID: id) else { return notFoundPage }
    guard number == latest else { return refused(.notLatest(latest), .approved, who, context, title: "Not approved") }
    let time = settings.now()
    do {
      try await store.approve(
        planID: id, number: number,
        approval: Approval(subject: who.subject, name: who.name, role: who.roleText, time: time),
        audit: event(.approved, who, context, plan: id, revision: number))
    } catch let error as StoreError {
      return refused(error, .approved, who, context, title: "Not approved")
    }
    return redirect("/plans/\(HTML.pathComponent(id))")
  }
}

extension WebServer.Context {
  /// The `:id` of a plan route.
  var planID: String { parameters.get("id") ?? "" }
}
