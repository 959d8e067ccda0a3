import Foundation
import Hummingbird

/// A form read as its name–value pairs.
protocol FlatForm {
  init(pairs: [(String, String)])
}

/// A posted form that carries the page's CSRF token.
protocol CSRFForm: Decodable {
  var csrf: String? { get }
}

/// A form with nothing but its CSRF token (the subscription-link buttons).
struct TokenOnlyForm: CSRFForm {
  var csrf: String?
}

/// The sign-in form.
struct SignInForm: Decodable {
  var token: String?
}

/// A plan file pasted on the new-plan page.
struct ImportForm: CSRFForm {
  var csrf: String?
  var planFile: String?
  var author: String?
  var note: String?

  /// The page's field names.
  enum CodingKeys: String, CodingKey {
    case csrf, author, note
    case planFile = "plan_file"
  }
}

/// The plan form (new plan or revision): every field by its name, since the names are the plan file's paths
/// (`patient.weight_kg`, `medications[2].dose_mg`) and a form has up to ``PlanForm/maximumRows`` rows of them.
///
/// Read as name–value pairs (``FormBody/pairs(_:)``), not through the decoder: the builders' names nest lists in
/// rows (`medications[1].taper.rules[0].above_mg`), which the decoder's key parser refuses.
struct PlanFormFields: CSRFForm, FlatForm {
  var values: [String: String]

  init(from decoder: any Decoder) throws {
    var values: [String: String] = [:]
    for (name, value) in try [String: String](from: decoder) { values[FormBody.restoringRowName(name)] = value }
    self.values = values
  }

  init(pairs: [(String, String)]) {
    values = Dictionary(pairs, uniquingKeysWith: { _, last in last })
  }

  var csrf: String? { values["csrf"] }
  subscript(name: String) -> String? { values[name] }
}

/// Form bodies read with Hummingbird's `URLEncodedFormDecoder`.
enum FormBody {
  /// The form in the request's body, or ``PageError/unreadableForm``.
  static func decode<Form: Decodable>(_ type: Form.Type, from request: Request, limit: Int) async throws -> Form {
    let buffer = try await request.body.collect(upTo: limit)
    if let flat = Form.self as? any FlatForm.Type {
      guard let pairs = pairs(String(buffer: buffer)), let form = flat.init(pairs: pairs) as? Form else {
        throw PageError.unreadableForm
      }
      return form
    }
    do {
      return try URLEncodedFormDecoder().decode(Form.self, from: flatteningRowNames(String(buffer: buffer)))
    } catch {
      throw PageError.unreadableForm
    }
  }

  // The decoder reads `a[0]=` and `a[k]=` names as arrays and maps, but not the plan form's `medications[2].drug`:
  // its key parser refuses a `.` after `]`, and it has no maps inside arrays. So the medication rows' names
  // are renamed `medications.2.drug` (one flat name) before decoding, and back after. A pair starts the body or
  // follows a raw `&`, which inside a name or value is always written `%26`, so the rename never touches a value.
  static var rowName: Regex<(Substring, Substring, Substring)> {
    /(^|&)medications(?:\[|%5[Bb])([0-9]{1,3})(?:\]|%5[Dd])\./
  }
  static var flatRowName: Regex<(Substring, Substring)> { /^medications\.([0-9]{1,3})\./ }

  static func flatteningRowNames(_ body: String) -> String {
    body.replacing(rowName) { "\($0.output.1)medications.\($0.output.2)." }
  }

  /// An `application/x-www-form-urlencoded` body as its name–value pairs, in order (`+` is a space, `%XX` a
  /// byte of UTF-8); `nil` when an escape is not UTF-8.
  static func pairs(_ body: String) -> [(String, String)]? {
    var out: [(String, String)] = []
    for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decoded(_ s: Substring) -> String? { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
      guard let name = decoded(parts[0]), let value = decoded(parts.count > 1 ? parts[1] : "") else { return nil }
      out.append((name, value))
    }
    return out
  }

  static func restoringRowName(_ name: String) -> String {
    name.replacing(flatRowName) { "medications[\($0.output.1)]." }
  }
}

/// CSRF protection: every form carries its session's token (an HMAC of the session id, ``ServerSecurity``), and
/// is accepted only from this server's own origin.
enum CSRF {
  /// The submitted form when it may act; otherwise `nil`. Behind ``SignedInMiddleware``, which has found the
  /// session (and its token) or the bearer token: a session's form must come from this server's origin with
  /// that session's token; the bearer token (a script's; no browser sends it by itself) needs neither.
  ///
  /// A refused form is audited as the `action` it attempted.
  static func checked<Form: CSRFForm>(
    _ type: Form.Type, _ request: Request, _ context: WebServer.Context, _ security: ServerSecurity,
    audit: AuditLog, action: AuditAction, now: Int64
  ) async throws -> Form? {
    let form = try await FormBody.decode(Form.self, from: request, limit: WebServer.maximumBody)
    guard context.identity != nil else { return nil }
    if context.csrf.isEmpty { return form }
    guard security.originAllowed(request), let field = form.csrf, field.count == 64,
      Secrets.constantTimeEqual(field, context.csrf)
    else {
      audit.record(
        AuditEvent(
          time: now, action: action, identity: context.identity, planID: context.parameters.get("id"),
          address: context.address, outcome: .refused,
          detail: security.originAllowed(request) ? "form token missing or wrong" : "form from another origin"))
      return nil
    }
    return form
  }

  /// The page for a form whose token is missing or wrong.
  static var refused: Response {
    html(
      Pages.message(
        "Form expired",
        "The form could not be checked (its security token is missing or old). Nothing was saved: "
          + "go back, reload the page and submit again."), status: .forbidden)
  }
}
