import Hummingbird
import TaperCore

/// The audit log for admins, `/audit`: the page (newest first, by plan with `?plan=`), its CSV and its FHIR
/// `AuditEvent` export. Reading it is itself audited. The queue is flushed first, so the page shows every event
/// up to the request.
struct AuditController: Sendable {
  typealias Context = WebServer.Context
  let store: PlanStore
  let settings: ServerSettings
  let audit: AuditLog

  /// Events on a page; the exports hold up to `exportLimit`.
  static let pageSize = 200
  static let exportLimit = 100_000

  func addRoutes(to group: RouterGroup<Context>) {
    group.get(use: page).get("audit.csv", use: csv).get("audit.fhir.json", use: fhir)
  }

  func events(_ request: Request, _ context: Context, limit: Int, detail: String) async throws -> [AuditEvent] {
    let who = try audit.authorize(.audit, context, plan: nil, now: settings.now())
    let plan = request.uri.queryParameters["plan"].map(String.init).flatMap { PlanID.problem($0) == nil ? $0 : nil }
    let before = request.uri.queryParameters["before"].flatMap { Int64(String($0)) }
    audit.record(
      AuditEvent(time: settings.now(), action: .auditRead, identity: who, planID: plan, address: context.address, detail: detail))
    try await audit.flush()
    return try await store.auditEvents(planID: plan, before: before, limit: limit)
  }

  @Sendable func page(_ request: Request, context: Context) async throws -> Response {
    let events = try await events(request, context, limit: Self.pageSize + 1, detail: "page")
    let plan = request.uri.queryParameters["plan"].map(String.init).flatMap { PlanID.problem($0) == nil ? $0 : nil }
    let shown = Array(events.prefix(Self.pageSize))
    return html(Pages.audit(shown, planID: plan, more: events.count > Self.pageSize ? shown.last?.sequence : nil))
  }

  @Sendable func csv(_ request: Request, context: Context) async throws -> Response {
    let events = try await events(request, context, limit: Self.exportLimit, detail: "csv")
    return attachment(Array(AuditExport.csv(events).utf8), type: "text/csv; charset=utf-8", name: "taper-audit.csv")
  }

  @Sendable func fhir(_ request: Request, context: Context) async throws -> Response {
    let events = try await events(request, context, limit: Self.exportLimit, detail: "fhir")
    let body = try AuditExport.fhirBundle(events, serverName: "Taper \(settings.version)")
    return attachment(Array(body.utf8), type: "application/fhir+json", name: "taper-audit.fhir.json")
  }
}
