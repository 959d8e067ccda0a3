import Foundation
public import ServiceLifecycle
import Synchronization
import TaperCore
import TaperRender

/// What happened, as the audit log names it.
public enum AuditAction: String, Sendable, Hashable, CaseIterable {
  case signIn = "sign-in"
  case signOut = "sign-out"
  /// A plan's page, its revision form or its history.
  case view
  /// A calendar, plan file or JSON.
  case download
  /// The print page or the PDF.
  case print
  case linkCreated = "link-created"
  case linkRotated = "link-rotated"
  case linkRevoked = "link-revoked"
  case planCreated = "plan-created"
  case revisionSaved = "revision-saved"
  case approved
  /// The audit log's page or an export of it.
  case auditRead = "audit-read"

  /// FHIR `AuditEvent.action`: C, R, U, E.
  var fhirAction: String {
    switch self {
    case .planCreated, .linkCreated: "C"
    case .view, .download, .print, .auditRead: "R"
    case .revisionSaved, .approved, .linkRotated, .linkRevoked: "U"
    case .signIn, .signOut: "E"
    }
  }
}

extension Permission {
  /// What a request needing this permission does, as the audit log names it (a refusal is logged as that).
  var auditAction: AuditAction {
    switch self {
    case .view: .view
    case .print: .print
    case .download: .download
    case .createLink: .linkCreated
    case .create: .planCreated
    case .revise: .revisionSaved
    case .approve: .approved
    case .revokeLink: .linkRevoked
    case .audit: .auditRead
    }
  }
}

/// Whether it was done.
public enum AuditOutcome: String, Sendable, Hashable {
  case success
  /// Refused: a wrong credential, a forbidden role, a forged form.
  case refused
  /// Went wrong inside the server.
  case failed

  /// FHIR `AuditEvent.outcome`: 0 success, 4 minor failure, 8 serious failure.
  var fhirCode: String {
    switch self {
    case .success: "0"
    case .refused: "4"
    case .failed: "8"
    }
  }
}

/// One line of the audit log: who (identity and role), when, what (plan, revision), from where, and the
/// outcome. It holds no patient data: plan ids and revision numbers only.
public struct AuditEvent: Sendable, Hashable {
  /// Its place in the log (1, 2, 3…), given when it is written; 0 before.
  public var sequence: Int64 = 0
  /// Seconds since 1970-01-01 UTC.
  public var time: Int64
  public var action: AuditAction
  /// The identity provider's subject (`local` for the access token; `anonymous` before sign-in).
  public var subject: String
  public var name: String
  /// The roles at the time, "prescriber" or "nurse, admin".
  public var role: String
  public var planID: String?
  public var revision: Int?
  /// The client's address.
  public var address: String
  public var outcome: AuditOutcome
  /// What kind (`pdf`, `ics`), or why it was refused; never plan text.
  public var detail: String

  public init(
    time: Int64, action: AuditAction, identity: Identity?, planID: String? = nil, revision: Int? = nil,
    address: String, outcome: AuditOutcome = .success, detail: String = ""
  ) {
    self.time = time
    self.action = action
    subject = identity?.subject ?? "anonymous"
    name = identity?.name ?? ""
    role = identity?.roleText ?? ""
    self.planID = planID
    self.revision = revision
    self.address = address
    self.outcome = outcome
    self.detail = String(detail.prefix(200))
  }

  init(
    sequence: Int64, time: Int64, action: AuditAction, subject: String, name: String, role: String, planID: String?,
    revision: Int?, address: String, outcome: AuditOutcome, detail: String
  ) {
    self.sequence = sequence
    self.time = time
    self.action = action
    self.subject = subject
    self.name = name
    self.role = role
    self.planID = planID
    self.revision = revision
    self.address = address
    self.outcome = outcome
    self.detail = detail
  }
}

/// The audit log's writer: events that change nothing (a page view, a download, a sign-in) are kept in memory
/// and written in batches, one transaction per batch, at least once a second and at shutdown, so auditing
/// every page view does not cost every page view a disk sync. The audit of a change (a revision, an approval,
/// a subscription link) does not come here: it is written in the change's own transaction (``PlanStore``).
///
/// `taper serve` runs it as a service beside the server; `flush()` returns once the batch is committed (with
/// `synchronous = FULL`, it survives a killed process from then on).
public final class AuditLog: Service, Sendable {
  let store: PlanStore
  private let pending = Mutex<[AuditEvent]>([])
  /// How often the batch is written.
  static let interval: Duration = .milliseconds(500)

  public init(store: PlanStore) {
    self.store = store
  }

  /// The signed-in identity if it may do `permission`; otherwise the refusal (a 403 page, or 401 signed out)
  /// is queued — what was attempted, by whom, on which plan — and thrown.
  func authorize(
    _ permission: Permission, _ context: TaperRequestContext, plan: String?, now: Int64
  ) throws(PageError) -> Identity {
    do {
      return try context.identity(for: permission)
    } catch {
      record(
        AuditEvent(
          time: now, action: permission.auditAction, identity: context.identity, planID: plan,
          address: context.address, outcome: .refused, detail: "needs \(permission.rawValue)"))
      throw error
    }
  }

  /// Writes `event` now, after whatever is queued (so the log keeps its order): for what must be in the log
  /// before the answer goes out (sign-in and sign-out).
  public func write(_ event: AuditEvent) async throws {
    record(event)
    try await flush()
  }

  /// Queues `event` for the next batch.
  public func record(_ event: AuditEvent) {
    pending.withLock { $0.append(event) }
  }

  /// Events queued and not yet written.
  var queued: Int { pending.withLock { $0.count } }

  /// Writes every queued event in one transaction. If the write fails they stay queued, in order.
  public func flush() async throws {
    let batch = pending.withLock { queue in
      defer { queue.removeAll(keepingCapacity: true) }
      return queue
    }
    guard !batch.isEmpty else { return }
    do {
      try await store.appendAudit(batch)
    } catch {
      pending.withLock { $0.insert(contentsOf: batch, at: 0) }
      throw error
    }
  }

  /// Flushes every `interval` until the server shuts down, then once more.
  public func run() async throws {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
      try? await Task.sleep(for: Self.interval)
      try? await flush()
    }
    try await flush()
  }
}

// MARK: - Exports

/// The audit log as CSV and as FHIR R4 `AuditEvent` resources (IHE Basic Audit Log Patterns).
enum AuditExport {
  static let csvHeader = "sequence,time,action,subject,name,role,plan,revision,address,outcome,detail"

  static func csv(_ events: [AuditEvent]) -> String {
    var out = csvHeader + "\r\n"
    for e in events {
      let fields = [
        String(e.sequence), iso(e.time), e.action.rawValue, e.subject, e.name, e.role, e.planID ?? "",
        e.revision.map(String.init) ?? "", e.address, e.outcome.rawValue, e.detail,
      ]
      out += fields.map(csvField).joined(separator: ",") + "\r\n"
    }
    return out
  }

  /// A field quoted when it must be (RFC 4180); a leading `=`, `+`, `-` or `@` is prefixed with `'` so a
  /// spreadsheet never runs a name as a formula.
  static func csvField(_ value: String) -> String {
    var v = value
    if let first = v.first, "=+-@\t\r".contains(first) { v = "'" + v }
    guard v.contains(where: { ",\"\r\n".contains($0) }) else { return v }
    return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func iso(_ seconds: Int64) -> String {
    let t = PrintTimestamp(secondsSinceEpoch: Int(seconds))
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02dZ", t.date.year, t.date.month, t.date.day, t.hour, t.minute, t.second)
  }

  /// A FHIR R4 `Bundle` (type `collection`) of `AuditEvent`s.
  static func fhirBundle(_ events: [AuditEvent], serverName: String) throws -> String {
    let bundle: [String: Any] = [
      "resourceType": "Bundle", "type": "collection",
      "entry": events.map { ["resource": fhir($0, serverName: serverName)] },
    ]
    let data = try JSONSerialization.data(withJSONObject: bundle, options: [.sortedKeys, .prettyPrinted])
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// One event as a FHIR R4 `AuditEvent`: sign-in and sign-out as DICOM "User Authentication" (110114, Login
  /// 110122 / Logout 110123), everything else as a RESTful operation on the plan.
  static func fhir(_ e: AuditEvent, serverName: String) -> [String: Any] {
    let type: [String: Any]
    let subtype: [[String: Any]]
    switch e.action {
    case .signIn, .signOut:
      type = ["system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110114", "display": "User Authentication"]
      subtype = [
        e.action == .signIn
          ? ["system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110122", "display": "Login"]
          : ["system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110123", "display": "Logout"]
      ]
    default:
      type = ["system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest", "display": "RESTful Operation"]
      let interaction: String =
        switch e.action.fhirAction {
        case "C": "create"
        case "U": "update"
        default: "read"
        }
      subtype = [["system": "http://hl7.org/fhir/restful-interaction", "code": interaction]]
    }
    var agent: [String: Any] = [
      "type": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP",
        "display": "information recipient"]]],
      "who": ["identifier": ["value": e.subject], "display": e.name.isEmpty ? e.subject : e.name],
      "requestor": true,
      "network": ["address": e.address, "type": e.address.contains(":") || e.address.first?.isNumber == true ? "2" : "1"],
    ]
    if !e.role.isEmpty { agent["role"] = [["text": e.role]] }
    var event: [String: Any] = [
      "resourceType": "AuditEvent", "id": "taper-audit-\(e.sequence)", "type": type, "subtype": subtype,
      "action": e.action.fhirAction, "recorded": iso(e.time), "outcome": e.outcome.fhirCode, "agent": [agent],
      "source": [
        "observer": ["display": serverName],
        "type": [["system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4",
          "display": "Application Server"]],
      ],
    ]
    if !e.detail.isEmpty || e.outcome != .success { event["outcomeDesc"] = "\(e.action.rawValue): \(e.outcome.rawValue)\(e.detail.isEmpty ? "" : " (\(e.detail))")" }
    if let plan = e.planID {
      var entity: [String: Any] = [
        "what": ["identifier": ["system": "urn:taper:plan", "value": plan]],
        "type": ["system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "2", "display": "System Object"],
        "description": "treatment plan",
      ]
      if let revision = e.revision { entity["detail"] = [["type": "revision", "valueString": String(revision)]] }
      event["entity"] = [entity]
    }
    return event
  }
}
