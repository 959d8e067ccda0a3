import Foundation
import Hummingbird
import TaperCore
import TaperPlanFile
import TaperRender

/// The route handlers: read the request, validate through the plan-file parser and planner, store, render.
struct Handlers: Sendable {
  let store: PlanStore
  let settings: ServerSettings
  let cache = FeedCache()

  static let csrfCookie = "taper_csrf"

  // MARK: - CSRF (double-submit cookie)

  /// The request's CSRF token, or a new one with the cookie that sets it.
  func csrf(_ request: Request) -> (token: String, cookies: [Cookie]) {
    if let value = request.cookies[Self.csrfCookie]?.value, value.count == 32, Hex.decode(value) != nil {
      return (value, [])
    }
    let token = Hex.encode(Secrets.randomBytes(16))
    return (token, [Cookie(name: Self.csrfCookie, value: token, path: "/", httpOnly: true, sameSite: .strict)])
  }

  /// The submitted form when its `csrf` field matches the cookie; otherwise `nil`.
  func checkedForm(_ request: Request) async throws -> [String: String]? {
    let buffer = try await request.body.collect(upTo: WebServer.maximumBody)
    let form = FormData.parse(String(buffer: buffer))
    guard let cookie = request.cookies[Self.csrfCookie]?.value, let field = form["csrf"], !cookie.isEmpty,
      Secrets.constantTimeEqual(cookie, field)
    else { return nil }
    return form
  }

  var csrfRefused: Response {
    html(
      Pages.message(
        "Form expired",
        "The form could not be checked (its security token is missing or old). Nothing was saved: "
          + "go back, reload the page and submit again."), status: .forbidden)
  }

  // MARK: - Pages

  func index() async throws -> Response {
    html(Pages.index(try await store.plans(), csrf: ""))
  }

  func login(_ request: Request) async throws -> Response {
    let buffer = try await request.body.collect(upTo: 4096)
    let token = FormData.parse(String(buffer: buffer))["token"] ?? ""
    guard let expected = settings.accessToken,
      Secrets.constantTimeEqual(SHA256.digest(Array(token.utf8)), SHA256.digest(Array(expected.utf8)))
    else { return html(Pages.login(failed: true), status: .unauthorized) }
    return redirect(
      "/",
      cookies: [Cookie(name: AccessTokenMiddleware.cookie, value: token, path: "/", httpOnly: true, sameSite: .strict)])
  }

  func newPlan(_ request: Request) async throws -> Response {
    let (token, cookies) = csrf(request)
    let group = request.uri.queryParameters["group"].flatMap { PatientGroup(rawValue: String($0)) } ?? .severe
    let line = request.uri.queryParameters["line"].flatMap { Int(String($0)) }.map { min(3, max(1, $0)) } ?? 1
    let form = PlanForm.prefilled(group: group, line: line)
    return html(Pages.planForm(form, mode: .new, findings: .init(), csrf: token), cookies: cookies)
  }

  func create(_ request: Request) async throws -> Response {
    guard let submitted = try await checkedForm(request) else { return csrfRefused }
    var form = PlanForm.from(submitted: submitted)
    let author = submitted["author"]?.trimmed ?? ""
    let note = submitted["note"]?.trimmed ?? ""
    let token = submitted["csrf"] ?? ""
    if submitted["action"] == "add-row" {
      form.rows = min(PlanForm.maximumRows, form.rows + 1)
      return html(Pages.planForm(form, mode: .new, findings: .init(), csrf: token, author: author, note: note))
    }
    let id = form.values["plan.id"] ?? "plan-" + Hex.encode(Secrets.randomBytes(5))
    if let problem = Self.idProblem(id) {
      let findings = Pages.Findings([Diagnostic(.error, "plan.id", problem)], form: form)
      return html(
        Pages.planForm(form, mode: .new, findings: findings, csrf: token, author: author, note: note),
        status: .unprocessableContent)
    }
    let text = form.planFileText(id: id, revision: 1)
    let plan: TreatmentPlan
    do {
      plan = try PlanFile.plan(text: text, fileName: "plan.yaml").0
    } catch {
      let findings = Pages.Findings(error.diagnostics.map(\.diagnostic), form: form)
      return html(
        Pages.planForm(form, mode: .new, findings: findings, csrf: token, author: author, note: note),
        status: .unprocessableContent)
    }
    let revision = StoredRevision(
      planID: id, number: 1, text: text, form: form.values.merging(["plan.id": id]) { $1 }, title: plan.title,
      author: author, note: note, savedAt: settings.now())
    do {
      try await store.createPlan(revision)
    } catch let error as StoreError {
      let findings = Pages.Findings([Diagnostic(.error, "plan.id", error.description)], form: form)
      return html(
        Pages.planForm(form, mode: .new, findings: findings, csrf: token, author: author, note: note),
        status: .conflict)
    }
    return redirect("/plans/\(id)")
  }

  func importFile(_ request: Request) async throws -> Response {
    guard let submitted = try await checkedForm(request) else { return csrfRefused }
    let pasted = (submitted["plan_file"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
    let author = submitted["author"]?.trimmed ?? ""
    let note = submitted["note"]?.trimmed ?? ""
    let token = submitted["csrf"] ?? ""
    func refuse(_ findings: [LocatedDiagnostic], status: HTTPResponse.Status) -> Response {
      let form = PlanForm.prefilled(group: .severe, line: 1)
      return html(
        Pages.planForm(
          form, mode: .new, findings: .init(), csrf: token, author: author, note: note, fileText: pasted,
          fileFindings: findings), status: status)
    }
    let plan: TreatmentPlan
    let text: String
    do {
      // The store numbers revisions from 1: a pasted file that says otherwise is saved saying 1.
      let file = try PlanFile(text: pasted, fileName: "plan.yaml")
      text = Self.settingRevision(pasted, to: 1, file: file) ?? pasted
      plan = try PlanFile.plan(text: text, fileName: "plan.yaml").0
    } catch {
      return refuse(error.diagnostics, status: .unprocessableContent)
    }
    if let problem = Self.idProblem(plan.id) {
      return refuse(
        [LocatedDiagnostic(Diagnostic(.error, "plan.id", problem), file: "plan.yaml", line: nil)],
        status: .unprocessableContent)
    }
    if plan.revision != 1 {
      return refuse(
        [
          LocatedDiagnostic(
            Diagnostic(.error, "plan.revision", "a new plan is revision 1; write `revision: 1` under `plan:`"),
            file: "plan.yaml", line: nil)
        ],
        status: .unprocessableContent)
    }
    do {
      try await store.createPlan(
        StoredRevision(
          planID: plan.id, number: 1, text: text, form: nil, title: plan.title, author: author, note: note,
          savedAt: settings.now()))
    } catch let error as StoreError {
      return refuse(
        [LocatedDiagnostic(Diagnostic(.error, "plan.id", error.description), file: "plan.yaml", line: nil)],
        status: .conflict)
    }
    return redirect("/plans/\(plan.id)")
  }

  /// Plan ids appear in URLs: letters, digits, `-`, `_` and `.` only.
  static func idProblem(_ id: String) -> String? {
    let ok =
      !id.isEmpty && id.count <= 64 && id.first != "."
      && id.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0))
      }
    return ok ? nil : "a plan id is 1 to 64 letters, digits, `-`, `_` or `.` (it appears in the page's address)"
  }

  func planPage(
    _ request: Request, id: String, newFeed: (url: String, webcal: String, qr: HTML?)? = nil,
    cookies extra: [Cookie] = []
  ) async throws -> Response {
    let revisions = try await store.revisions(planID: id)
    guard let latest = revisions.last else { return notFound }
    let wanted = request.uri.queryParameters["revision"].flatMap { Int(String($0)) } ?? latest.number
    guard let shown = revisions.first(where: { $0.number == wanted }) else { return notFound }
    let (token, cookies) = csrf(request)
    let plans = revisions.map { try? PlanDocuments.plan($0) }
    var history: [Pages.RevisionView] = []
    for (i, r) in revisions.enumerated() {
      var changes: [String]?
      if i > 0, let old = plans[i - 1], let new = plans[i] { changes = PlanChanges.describe(from: old, to: new) }
      history.append(.init(revision: r, changes: changes))
    }
    guard let plan = plans[shown.number - 1] else {
      return html(
        Pages.message("Cannot show the plan", "This revision no longer plans with this version of Taper."),
        status: .internalServerError)
    }
    let feeds = try await store.feeds(planID: id)
    return html(
      Pages.planPage(
        plan: plan, shown: shown, latest: latest.number, history: history, feeds: feeds, csrf: token,
        version: settings.version, newFeed: newFeed), cookies: cookies + extra)
  }

  func revisePage(_ request: Request, id: String) async throws -> Response {
    guard let (latest, _) = try await store.latestTwo(planID: id) else { return notFound }
    let (token, cookies) = csrf(request)
    let form = latest.form.map { PlanForm(values: $0) } ?? PlanForm(values: ["plan.id": id])
    let notice = "This revision was saved as a plan file: edit it below (the form starts empty)."
    let page = Pages.planForm(
      form, mode: .revise(planID: id, base: latest.number), findings: .init(), csrf: token, author: "", note: "",
      fileText: latest.text, notice: latest.form == nil ? notice : nil)
    return html(page, cookies: cookies)
  }

  func revise(_ request: Request, id: String) async throws -> Response {
    guard let submitted = try await checkedForm(request) else { return csrfRefused }
    guard let base = Int(submitted["base"] ?? ""), let (latest, _) = try await store.latestTwo(planID: id) else {
      return notFound
    }
    let author = submitted["author"]?.trimmed ?? ""
    let note = submitted["note"]?.trimmed ?? ""
    let token = submitted["csrf"] ?? ""
    let next = base + 1
    let mode = Pages.FormMode.revise(planID: id, base: base)
    let text: String
    var form: PlanForm?
    if submitted["mode"] == "file" {
      let pasted = (submitted["plan_file"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
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
        guard let renumbered = Self.settingRevision(pasted, to: next, file: file) else {
          return refuse([
            LocatedDiagnostic(
              Diagnostic(.error, "plan.revision", "write `revision: \(next)` under `plan:` (this is revision \(next))"),
              file: "plan.yaml", line: file.line(of: "plan"))
          ])
        }
        text = renumbered
      } catch {
        return refuse(error.diagnostics)
      }
    } else {
      var f = PlanForm.from(submitted: submitted)
      f.values["plan.id"] = id
      if submitted["action"] == "add-row" {
        f.rows = min(PlanForm.maximumRows, f.rows + 1)
        return html(
          Pages.planForm(
            f, mode: mode, findings: .init(), csrf: token, author: author, note: note, fileText: latest.text))
      }
      text = f.planFileText(id: id, revision: next)
      form = f
    }
    let plan: TreatmentPlan
    do {
      plan = try PlanFile.plan(text: text, fileName: "plan.yaml").0
    } catch {
      if let form {
        return html(
          Pages.planForm(
            form, mode: mode, findings: Pages.Findings(error.diagnostics.map(\.diagnostic), form: form), csrf: token,
            author: author, note: note, fileText: latest.text), status: .unprocessableContent)
      }
      return html(
        Pages.planForm(
          PlanForm(values: latest.form ?? ["plan.id": id]), mode: mode, findings: .init(), csrf: token, author: author,
          note: note, fileText: text, fileFindings: error.diagnostics), status: .unprocessableContent)
    }
    do {
      try await store.addRevision(
        StoredRevision(
          planID: id, number: next, text: text, form: form?.values, title: plan.title, author: author, note: note,
          savedAt: settings.now()), base: base)
    } catch let error as StoreError {
      return html(Pages.message("Not saved", error.description), status: .conflict)
    }
    return redirect("/plans/\(id)")
  }

  /// The plan-file text with `plan.revision` set to `number`, or `nil` when the key cannot be placed.
  static func settingRevision(_ text: String, to number: Int, file: PlanFile) -> String? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if file.spec.revision == number { return text }
    if let n = file.line(of: "plan.revision"), n >= 1, n <= lines.count,
      let range = lines[n - 1].range(of: #"^\s+revision:\s*[0-9]+\s*(#.*)?$"#, options: .regularExpression)
    {
      let indent = lines[n - 1][range].prefix(while: { $0 == " " })
      lines[n - 1] = indent + "revision: \(number)"
      return lines.joined(separator: "\n")
    }
    // The top-level `plan:` key starts a line of its own in a block mapping.
    if let i = lines.firstIndex(where: { $0.hasPrefix("plan:") && $0.dropFirst(5).trimmed.isEmpty }) {
      let n = i + 1
      let next = lines.dropFirst(n).first { !$0.trimmed.isEmpty && !$0.trimmed.hasPrefix("#") } ?? "  x"
      let indent = next.prefix(while: { $0 == " " })
      guard !indent.isEmpty else { return nil }
      lines.insert(indent + "revision: \(number)", at: n)
      return lines.joined(separator: "\n")
    }
    return nil
  }

  // MARK: - Downloads

  func download(id: String, number: Int, file: String) async throws -> Response {
    let revisions = try await store.revisions(planID: id)
    guard let r = revisions.first(where: { $0.number == number }) else { return notFound }
    let previous = revisions.first { $0.number == number - 1 }
    switch file {
    case "plan.yaml":
      return attachment(
        Array(r.text.utf8), type: "application/yaml; charset=utf-8", name: PlanDocuments.fileName(r, ext: "yaml"))
    case "plan.json":
      return attachment(
        Array(try PlanDocuments.json(r).utf8), type: "application/json", name: PlanDocuments.fileName(r, ext: "json"))
    case "calendar.ics":
      return attachment(
        Array(try PlanDocuments.calendar(r, previous: previous).utf8), type: "text/calendar; charset=utf-8",
        name: PlanDocuments.fileName(r, ext: "ics"))
    case "schedule.pdf":
      return attachment(
        try PlanDocuments.pdf(r, version: settings.version), type: "application/pdf",
        name: PlanDocuments.fileName(r, ext: "pdf"))
    default:
      return notFound
    }
  }

  // MARK: - Feeds

  /// The feed's address (http or https), its `webcal:` form, and that as a QR code.
  func feedURLs(_ request: Request, token: String) -> (url: String, webcal: String, qr: HTML?) {
    let path = "/feeds/\(token).ics"
    let url: String
    if let base = settings.publicURL {
      url = base + path
    } else {
      url = "http://" + (request.head.authority ?? "\(settings.host):\(settings.port)") + path
    }
    // webcal: asks the calendar app to subscribe; apps fetch it over https when the link was https.
    let webcal = "webcal" + url.drop(while: { $0 != ":" })
    return (url, webcal, QRCode.svg(webcal))
  }

  func createFeed(_ request: Request, id: String) async throws -> Response {
    guard try await checkedForm(request) != nil else { return csrfRefused }
    let token = Secrets.newFeedToken()
    do {
      try await store.addFeed(planID: id, tokenHash: Secrets.tokenHash(token), at: settings.now())
    } catch StoreError.planNotFound {
      return notFound
    }
    return try await planPage(request, id: id, newFeed: feedURLs(request, token: token))
  }

  func revokeFeed(_ request: Request, id: String, feed: Int64?) async throws -> Response {
    guard try await checkedForm(request) != nil else { return csrfRefused }
    guard let feed else { return notFound }
    do {
      try await store.revokeFeed(planID: id, feedID: feed, at: settings.now())
    } catch StoreError.feedNotFound {
      return notFound
    }
    return redirect("/plans/\(id)#subscribe")
  }

  func rotateFeed(_ request: Request, id: String, feed: Int64?) async throws -> Response {
    guard try await checkedForm(request) != nil else { return csrfRefused }
    guard let feed else { return notFound }
    let token = Secrets.newFeedToken()
    do {
      _ = try await store.rotateFeed(
        planID: id, feedID: feed, newTokenHash: Secrets.tokenHash(token), at: settings.now())
    } catch StoreError.feedNotFound {
      return notFound
    }
    return try await planPage(request, id: id, newFeed: feedURLs(request, token: token))
  }

  /// `/feeds/<token>.ics`: the latest revision's calendar; 404 for unknown and revoked tokens alike.
  func feed(_ request: Request, file: String) async throws -> Response {
    let token = file.hasSuffix(".ics") ? String(file.dropLast(4)) : file
    // Hash whatever was sent, so a malformed token takes the same path as a well-formed wrong one.
    let hash = Secrets.tokenHash(token)
    guard let (planID, latest) = try await store.planForFeed(tokenHash: hash) else { return feedNotFound }
    let entry: FeedCache.Entry
    if let cached = cache.get(planID, revision: latest) {
      entry = cached
    } else {
      guard let (current, previous) = try await store.latestTwo(planID: planID) else { return feedNotFound }
      let body = Array(try PlanDocuments.calendar(current, previous: previous).utf8)
      entry = FeedCache.Entry(
        revision: current.number, body: ByteBuffer(bytes: body), etag: "\"" + String(SHA256.hex(body).prefix(32)) + "\""
      )
      cache.put(planID, entry)
    }
    var headers: HTTPFields = [.eTag: entry.etag, .cacheControl: "private, max-age=900"]
    if let match = request.headers[.ifNoneMatch],
      match.split(separator: ",").contains(where: { $0.trimmed == entry.etag || $0.trimmed == "*" })
    {
      return Response(status: .notModified, headers: headers)
    }
    headers[.contentType] = "text/calendar; charset=utf-8"
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
  }

  var feedNotFound: Response {
    Response(
      status: .notFound, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
      body: .init(byteBuffer: ByteBuffer(string: "Not found\n")))
  }

  var notFound: Response { html(Pages.message("Not found", "There is no such plan or revision."), status: .notFound) }
}

/// `application/x-www-form-urlencoded` bodies.
enum FormData {
  static func parse(_ text: String) -> [String: String] {
    var result: [String: String] = [:]
    for pair in text.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = decode(parts[0])
      let value = parts.count > 1 ? decode(parts[1]) : ""
      result[key] = value
    }
    return result
  }

  static func decode(_ text: Substring) -> String {
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let b = utf8.popFirst() {
      if b == UInt8(ascii: "+") {
        bytes.append(UInt8(ascii: " "))
      } else if b == UInt8(ascii: "%"), utf8.count >= 2,
        let v = Hex.decode(String(decoding: utf8.prefix(2), as: UTF8.self))
      {
        bytes.append(v[0])
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(b)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Encodes fields as a form body (for tests and tools).
  static func encode(_ fields: [(String, String)]) -> String {
    fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
  }

  static func escape(_ text: String) -> String {
    var out = ""
    for b in text.utf8 {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
        out.append(Character(Unicode.Scalar(b)))
      default: out += "%" + Hex.encode([b]).uppercased()
      }
    }
    return out
  }
}
