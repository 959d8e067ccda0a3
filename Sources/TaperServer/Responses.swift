import Hummingbird
import TaperRender

// MARK: - Responses

/// An HTML page that no cache keeps.
func html(_ page: HTML, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> Response {
  var response = Response(
    status: status,
    headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
    body: .init(byteBuffer: ByteBuffer(string: page.description)))
  for c in cookies { response.setCookie(c) }
  return response
}

/// A download saved under `name`.
func attachment(_ bytes: [UInt8], type: String, name: String) -> Response {
  Response(
    status: .ok,
    headers: [
      .contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store",
    ],
    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}

/// `303 See Other`: after a form is saved the browser shows the result with a GET.
func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
  var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
  for c in cookies { response.setCookie(c) }
  return response
}

/// The page for a plan or revision that does not exist.
var notFoundPage: Response {
  html(Pages.message("Not found", "There is no such plan or revision."), status: .notFound)
}

// MARK: - Errors

/// An error shown as a message page (`Pages.message`) with its status, so that no failure reaches the browser
/// as a bodiless 500.
///
/// Handlers throw it for requests they cannot serve; ``ErrorPageMiddleware`` turns any other error (a database
/// failure, a revision that no longer plans) into ``unexpected``.
struct PageError: HTTPResponseError {
  var status: HTTPResponse.Status
  var title: String
  var message: String
  /// Seconds, for a 503: when to try again.
  var retryAfter: Int?

  init(_ status: HTTPResponse.Status, _ title: String, _ message: String, retryAfter: Int? = nil) {
    self.status = status
    self.title = title
    self.message = message
    self.retryAfter = retryAfter
  }

  func response(from request: Request, context: some RequestContext) throws -> Response {
    var response = html(Pages.message(title, message), status: status)
    if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
    return response
  }

  /// A form body that is not `application/x-www-form-urlencoded` as a browser writes it.
  static let unreadableForm = PageError(
    .badRequest, "Form not read", "The form's contents could not be read. Nothing was saved: go back and submit again.")

  /// Anything that went wrong inside the server; the log has the error's type.
  static let unexpected = PageError(
    .internalServerError, "Something went wrong",
    "The server could not finish this request. Reload the plan's page to see what was saved.")
}
