public import Hummingbird
import HTTPTypes
import NIOCore

/// What a signed-in person may do in Taper, from their role (README, "Running Taper in a hospital").
public enum Role: String, Sendable, Hashable, CaseIterable, Comparable {
  /// Creates, revises and approves plans.
  case prescriber
  /// View, print, download, and give a patient a subscription link.
  case pharmacist
  case nurse
  /// Reads and exports the audit log, and revokes subscription links.
  case admin

  public static func < (a: Role, b: Role) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }

  /// The role a claim's value names: `prescriber`, `Prescriber`, `ROLE_PRESCRIBER`, `taper-prescriber`.
  static func named(_ value: String) -> Role? {
    var name = value.lowercased()
    for prefix in ["role_", "taper-", "taper_", "taper."] where name.hasPrefix(prefix) {
      name.removeFirst(prefix.count)
    }
    return Role(rawValue: name)
  }
}

/// One thing a request may do; each route asks for one.
public enum Permission: String, Sendable, Hashable, CaseIterable {
  /// The list of plans, a plan's page, its history and what changed.
  case view
  /// The print page and the PDF.
  case print
  /// A revision's calendar, plan file or JSON.
  case download
  /// A new subscription link for a patient, or a new address for one (rotate).
  case createLink
  /// A new plan from the form or a file.
  case create
  case revise
  /// Marks a revision approved for use.
  case approve
  /// Ends a subscription link.
  case revokeLink
  /// The audit log's page and its exports.
  case audit

  /// The roles that may.
  var roles: Set<Role> {
    switch self {
    case .view, .print, .download, .createLink: [.prescriber, .pharmacist, .nurse]
    case .create, .revise, .approve: [.prescriber]
    case .revokeLink: [.prescriber, .admin]
    case .audit: [.admin]
    }
  }
}

/// Who is signed in: the identity provider's subject and name, or the local clinician of the access token.
public struct Identity: Sendable, Hashable {
  /// The provider's `sub` (stable), or `local` for the access token.
  public var subject: String
  /// The name shown on pages, in "saved by" and on the printed approval.
  public var name: String
  public var roles: Set<Role>
  /// `oidc` or `token`.
  public var method: String

  public init(subject: String, name: String, roles: Set<Role>, method: String) {
    self.subject = subject
    self.name = name
    self.roles = roles
    self.method = method
  }

  /// The single clinician of a machine, signed in with the access token: prescriber and admin.
  static let local = Identity(subject: "local", name: "Local clinician", roles: [.prescriber, .admin], method: "token")

  public func may(_ permission: Permission) -> Bool { !roles.isDisjoint(with: permission.roles) }

  /// "prescriber", "nurse, admin".
  var roleText: String { roles.sorted().map(\.rawValue).joined(separator: ", ") }
  /// "Dr Ada Lovelace (prescriber)".
  var signature: String { "\(name) (\(roleText))" }
}

/// The request context of every route: who is signed in (set by ``SignedInMiddleware``) and from where.
public struct TaperRequestContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// `nil` before the sign-in check, and on the feeds and the sign-in pages.
  public var identity: Identity?
  /// The signed-in session's CSRF token ("" for the bearer token, which needs none, and signed out).
  public var csrf: String = ""
  /// The client's address: as the socket saw it, or, from a trusted reverse proxy (`--trusted-proxy`), the
  /// last address its `X-Forwarded-For` names (``ClientAddressMiddleware``).
  public var address: String

  public init(source: ApplicationRequestContextSource) {
    coreContext = .init(source: source)
    address = source.channel.remoteAddress?.ipAddress ?? "unknown"
  }

  /// The signed-in identity if it may do `permission`; otherwise a 403 page (or the sign-in page, signed out).
  func identity(for permission: Permission) throws(PageError) -> Identity {
    guard let identity else { throw PageError(.unauthorized, "Sign in", "Sign in to use Taper.") }
    guard identity.may(permission) else {
      throw PageError(
        .forbidden, "Not allowed",
        "\(identity.name) is signed in as \(identity.roleText); this needs the role "
          + "\(permission.roles.sorted().map(\.rawValue).joined(separator: " or ")).")
    }
    return identity
  }
}

/// Behind a trusted reverse proxy, the client's address is the one the proxy saw: the last entry of
/// `X-Forwarded-For` (the proxy's own addition; earlier entries are the client's to write). From any other
/// peer the header is ignored.
struct ClientAddressMiddleware: RouterMiddleware {
  typealias Context = TaperRequestContext
  let trusted: Set<String>
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    guard trusted.contains(context.address), let forwarded = request.headers[.xForwardedFor] else {
      return try await next(request, context)
    }
    var context = context
    let last = forwarded.split(separator: ",").last.map { String($0.filter { $0 != " " && $0 != "\t" }) } ?? ""
    if !last.isEmpty, last.count <= 64, last.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) {
      context.address = last
    }
    return try await next(request, context)
  }
}

extension HTTPField.Name {
  static let xForwardedFor = Self("X-Forwarded-For")!
}
