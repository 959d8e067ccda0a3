import Crypto
import Foundation
#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif
import JWTKit
import Synchronization

/// The hospital's identity provider: `taper serve --oidc-issuer … --oidc-client-id …`.
public struct OIDCSettings: Sendable, Hashable {
  /// The provider's issuer URL, exactly as its discovery document and its ID tokens give it.
  public var issuer: String
  public var clientID: String
  /// For a confidential client (sent as HTTP Basic to the token endpoint); `nil` for a public client.
  public var clientSecret: String?
  /// The ID-token claim that lists a person's roles (a list of strings, or one string).
  public var roleClaim: String

  public init(issuer: String, clientID: String, clientSecret: String? = nil, roleClaim: String = "roles") {
    self.issuer = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
    self.clientID = clientID
    self.clientSecret = clientSecret
    self.roleClaim = roleClaim
  }
}

/// Why a sign-in through the identity provider did not open a session. Each is shown on the sign-in page
/// and audited; none carries a token.
public enum OIDCError: Error, Equatable, CustomStringConvertible {
  case providerUnreachable(String)
  /// The callback's `state` is unknown, used, expired, or not this browser's.
  case unknownState
  /// The provider answered the callback with an error (`access_denied`).
  case providerError(String)
  /// The token endpoint refused the code (a wrong PKCE verifier, a used code).
  case tokenRefused(String)
  case badSignature
  case wrongIssuer
  case wrongAudience
  case expired
  case wrongNonce
  /// Signed in, but the role claim names no Taper role.
  case noRole(String)

  public var description: String {
    switch self {
    case .providerUnreachable(let why): "the identity provider could not be reached (\(why))"
    case .unknownState: "this sign-in was not started here, or took longer than ten minutes; sign in again"
    case .providerError(let code): "the identity provider refused the sign-in (\(code))"
    case .tokenRefused(let code): "the identity provider refused to exchange the sign-in code (\(code))"
    case .badSignature: "the ID token's signature is not the identity provider's"
    case .wrongIssuer: "the ID token comes from another issuer"
    case .wrongAudience: "the ID token was issued for another application"
    case .expired: "the ID token has expired"
    case .wrongNonce: "the ID token does not belong to this sign-in (nonce)"
    case .noRole(let claim):
      "you are signed in, but your account has no Taper role in its '\(claim)' claim "
        + "(prescriber, pharmacist, nurse or admin); ask the hospital's identity team"
    }
  }
}

/// OpenID Connect sign-in, authorization code with PKCE (S256): the provider's discovery document, its JWKS,
/// the code exchange, and the ID token's checks — signature (jwt-kit, against the JWKS), issuer, audience,
/// expiry and nonce. A sign-in in progress is kept here by its `state` for ten minutes and used once.
final class OpenIDConnect: Sendable {
  struct Metadata: Decodable, Sendable {
    var issuer: String
    var authorization_endpoint: String
    var token_endpoint: String
    var jwks_uri: String
    var end_session_endpoint: String?
  }

  /// The ID token's claims Taper reads; every string or list of strings is kept, for the role claim.
  struct Claims: JWTPayload {
    var iss: String
    var sub: String
    var aud: [String]
    var azp: String?
    var exp: Int64
    var iat: Int64?
    var nonce: String?
    var nbf: Int64?
    var strings: [String: [String]]

    struct Key: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: Key.self)
      iss = try c.decode(String.self, forKey: Key(stringValue: "iss"))
      sub = try c.decode(String.self, forKey: Key(stringValue: "sub"))
      if let one = try? c.decode(String.self, forKey: Key(stringValue: "aud")) {
        aud = [one]
      } else {
        aud = try c.decode([String].self, forKey: Key(stringValue: "aud"))
      }
      azp = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "azp"))
      exp = try c.decode(Int64.self, forKey: Key(stringValue: "exp"))
      iat = try? c.decodeIfPresent(Int64.self, forKey: Key(stringValue: "iat"))
      nonce = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "nonce"))
      nbf = try? c.decodeIfPresent(Int64.self, forKey: Key(stringValue: "nbf"))
      var strings: [String: [String]] = [:]
      for key in c.allKeys {
        if let one = try? c.decode(String.self, forKey: key) {
          strings[key.stringValue] = [one]
        } else if let list = try? c.decode([String].self, forKey: key) {
          strings[key.stringValue] = list
        }
      }
      self.strings = strings
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: Key.self)
      try c.encode(iss, forKey: Key(stringValue: "iss"))
      try c.encode(sub, forKey: Key(stringValue: "sub"))
      try c.encode(aud, forKey: Key(stringValue: "aud"))
      try c.encode(exp, forKey: Key(stringValue: "exp"))
      try c.encodeIfPresent(nonce, forKey: Key(stringValue: "nonce"))
    }

    /// Taper checks the claims itself, with the server's clock (``OpenIDConnect/verify(idToken:nonce:)``).
    func verify(using algorithm: some JWTAlgorithm) throws {}
  }

  let settings: OIDCSettings
  /// `<public URL>/login/oidc/callback`, registered with the provider.
  let redirectURI: String
  private let now: @Sendable () -> Int64
  private let metadata = Mutex<Metadata?>(nil)
  private let keys = Mutex<(collection: JWTKeyCollection, kids: Set<String>, fetched: Int64)?>(nil)
  /// Sign-ins in progress live in the store, so the callback may reach any process on it.
  private let store: PlanStore
  /// A sign-in must come back within this many seconds.
  static let pendingSeconds: Int64 = 600
  /// Clock difference allowed between the provider and this server.
  static let leewaySeconds: Int64 = 60

  init(settings: OIDCSettings, redirectURI: String, store: PlanStore, now: @escaping @Sendable () -> Int64) {
    self.settings = settings
    self.redirectURI = redirectURI
    self.store = store
    self.now = now
  }

  // MARK: - The flow

  /// Starts a sign-in: the provider's authorization URL and the `state` the browser must bring back (kept in
  /// a cookie, so a callback opened in another browser is refused).
  func start(next: String) async throws(OIDCError) -> (url: String, state: String) {
    let meta = try await discovery()
    let state = Hex.encode(Secrets.randomBytes(32))
    let nonce = Hex.encode(Secrets.randomBytes(32))
    let verifier = Self.base64URL(Secrets.randomBytes(32))
    let challenge = Self.base64URL(Array(SHA256.hash(data: Data(verifier.utf8))))
    do {
      try await store.backend.savePending(
        stateHash: ServerSecurity.hash(state), PendingSignIn(nonce: nonce, verifier: verifier, next: next, created: now()))
    } catch {
      throw .providerUnreachable("the sign-in could not be kept")
    }
    // The role claim is asked for in the ID token (OpenID Connect Core §5.5); a provider that puts it there
    // anyway ignores the request.
    let requested: [String: Any] = [
      "id_token": [settings.roleClaim: NSNull(), "name": NSNull(), "email": NSNull(), "preferred_username": NSNull()]
    ]
    let claims = (try? JSONSerialization.data(withJSONObject: requested, options: [.sortedKeys]))
      .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    guard var url = URLComponents(string: meta.authorization_endpoint) else {
      throw .providerUnreachable("bad authorization endpoint")
    }
    url.queryItems =
      (url.queryItems ?? []) + [
        URLQueryItem(name: "response_type", value: "code"),
        URLQueryItem(name: "client_id", value: settings.clientID),
        URLQueryItem(name: "redirect_uri", value: redirectURI),
        URLQueryItem(name: "scope", value: "openid profile email"),
        URLQueryItem(name: "state", value: state),
        URLQueryItem(name: "nonce", value: nonce),
        URLQueryItem(name: "code_challenge", value: challenge),
        URLQueryItem(name: "code_challenge_method", value: "S256"),
        URLQueryItem(name: "claims", value: claims),
      ]
    // `+` is a space in a query: encode it, as URLComponents does not.
    url.percentEncodedQuery = url.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
    guard let text = url.string else { throw .providerUnreachable("bad authorization endpoint") }
    return (text, state)
  }

  /// Finishes a sign-in from the callback: the code exchanged with the PKCE verifier, the ID token checked,
  /// the identity and where to go next. `browserState` is the state cookie the browser brought.
  func finish(code: String, state: String, browserState: String?) async throws(OIDCError) -> (Identity, next: String) {
    let time = now()
    let found = try? await store.backend.takePending(stateHash: ServerSecurity.hash(state))
    guard let found, browserState.map({ Secrets.constantTimeEqual($0, state) }) == true,
      time - found.created < Self.pendingSeconds
    else { throw .unknownState }
    let idToken = try await exchange(code: code, verifier: found.verifier)
    let claims = try await verify(idToken: idToken, nonce: found.nonce)
    return (try identity(claims), found.next)
  }

  /// Forgets a sign-in in progress (the provider answered with an error).
  func cancel(state: String) async {
    _ = try? await store.backend.takePending(stateHash: ServerSecurity.hash(state))
  }

  /// The identity an ID token's claims name; at least one Taper role, or ``OIDCError/noRole(_:)``.
  func identity(_ claims: Claims) throws(OIDCError) -> Identity {
    let roles = Set((claims.strings[settings.roleClaim] ?? []).compactMap(Role.named))
    guard !roles.isEmpty else { throw .noRole(settings.roleClaim) }
    let name =
      [claims.strings["name"], claims.strings["preferred_username"], claims.strings["email"]]
      .compactMap { $0?.first }.first { !$0.isEmpty } ?? claims.sub
    return Identity(subject: claims.sub, name: String(name.prefix(100)), roles: roles, method: "oidc")
  }

  // MARK: - The provider

  func discovery() async throws(OIDCError) -> Metadata {
    if let known = metadata.withLock({ $0 }) { return known }
    let data = try await get(settings.issuer + "/.well-known/openid-configuration")
    guard let meta = try? JSONDecoder().decode(Metadata.self, from: data) else {
      throw .providerUnreachable("the discovery document could not be read")
    }
    // The document must name the issuer configured (OpenID Connect Discovery §4.3).
    guard meta.issuer == settings.issuer || meta.issuer == settings.issuer + "/" else { throw .wrongIssuer }
    // Its endpoints over TLS, as the issuer (http only for a provider on this machine, as in the tests).
    for endpoint in [meta.authorization_endpoint, meta.token_endpoint, meta.jwks_uri] {
      guard let url = URL(string: endpoint), let scheme = url.scheme,
        scheme == "https" || (scheme == "http" && url.host.map(ServerSettings.isLoopback) == true)
      else { throw .providerUnreachable("the provider's endpoint \(endpoint) is not https") }
    }
    metadata.withLock { $0 = meta }
    return meta
  }

  /// The provider's keys, fetched again at most once a minute when a token names a key not yet known.
  private func keyCollection(refresh: Bool) async throws(OIDCError) -> (collection: JWTKeyCollection, kids: Set<String>) {
    let time = now()
    if let known = keys.withLock({ $0 }), !refresh || time - known.fetched < 60 { return (known.collection, known.kids) }
    let data = try await get(try await discovery().jwks_uri)
    let collection = JWTKeyCollection()
    do {
      _ = try await collection.add(jwksJSON: String(decoding: data, as: UTF8.self))
    } catch {
      throw .providerUnreachable("the provider's keys could not be read")
    }
    struct KeySet: Decodable {
      struct Key: Decodable { var kid: String? }
      var keys: [Key]
    }
    let kids = Set(((try? JSONDecoder().decode(KeySet.self, from: data))?.keys ?? []).compactMap(\.kid))
    keys.withLock { $0 = (collection, kids, time) }
    return (collection, kids)
  }

  /// The code exchanged for the ID token at the token endpoint, with the PKCE verifier.
  func exchange(code: String, verifier: String?) async throws(OIDCError) -> String {
    let meta = try await discovery()
    guard let url = URL(string: meta.token_endpoint) else { throw .providerUnreachable("bad token endpoint") }
    var request = URLRequest(url: url)
    request.httpMethod = "POST"
    request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
    request.setValue("application/json", forHTTPHeaderField: "Accept")
    var fields = [
      ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
    ]
    if let verifier { fields.append(("code_verifier", verifier)) }
    if let secret = settings.clientSecret {
      let basic = "\(Self.formEscape(settings.clientID)):\(Self.formEscape(secret))"
      request.setValue("Basic " + Data(basic.utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
    } else {
      fields.append(("client_id", settings.clientID))
    }
    request.httpBody = Data(fields.map { "\($0.0)=\(Self.formEscape($0.1))" }.joined(separator: "&").utf8)
    let (data, status) = try await send(request)
    struct TokenResponse: Decodable {
      var id_token: String?
      var error: String?
    }
    let answer = try? JSONDecoder().decode(TokenResponse.self, from: data)
    guard status == 200, let token = answer?.id_token else {
      throw .tokenRefused(answer?.error.map { String($0.prefix(60)) } ?? "HTTP \(status)")
    }
    return token
  }

  /// The ID token's signature (against the provider's JWKS), issuer, audience, expiry and nonce.
  func verify(idToken: String, nonce: String) async throws(OIDCError) -> Claims {
    // The token must name one of the provider's keys (jwt-kit would otherwise try its first key).
    struct Header: Decodable { var kid: String? }
    let headerPart = idToken.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    guard let kid = Self.base64URLDecoded(headerPart).flatMap({ try? JSONDecoder().decode(Header.self, from: $0) })?.kid
    else { throw .badSignature }
    var claims: Claims? = nil
    for refresh in [false, true] {
      let (collection, kids) = try await keyCollection(refresh: refresh)
      guard kids.contains(kid) else { continue }
      if let verified = try? await collection.verify(idToken, as: Claims.self) {
        claims = verified
        break
      }
    }
    guard let claims else { throw .badSignature }
    // The issuer exactly as the discovery document gives it (which must be the configured one, with or
    // without a final slash).
    let issuer = try await discovery().issuer
    guard claims.iss == issuer else { throw .wrongIssuer }
    guard claims.aud.contains(settings.clientID), claims.aud.count == 1 || claims.azp == settings.clientID else {
      throw .wrongAudience
    }
    let time = now()
    guard claims.exp + Self.leewaySeconds > time, (claims.iat ?? time) <= time + Self.leewaySeconds,
      (claims.nbf ?? time) <= time + Self.leewaySeconds
    else {
      throw .expired
    }
    guard let got = claims.nonce, Secrets.constantTimeEqual(got, nonce) else { throw .wrongNonce }
    return claims
  }

  // MARK: - HTTP

  private func get(_ address: String) async throws(OIDCError) -> Data {
    guard let url = URL(string: address) else { throw .providerUnreachable("bad address") }
    var request = URLRequest(url: url)
    request.setValue("application/json", forHTTPHeaderField: "Accept")
    let (data, status) = try await send(request)
    guard status == 200 else { throw .providerUnreachable("HTTP \(status)") }
    return data
  }

  private func send(_ request: URLRequest) async throws(OIDCError) -> (Data, Int) {
    var request = request
    request.timeoutInterval = 10
    do {
      let (data, response) = try await URLSession.shared.data(for: request)
      return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    } catch {
      throw .providerUnreachable("no answer")
    }
  }

  static func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  static func base64URLDecoded(_ text: String) -> Data? {
    var b64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while b64.count % 4 != 0 { b64 += "=" }
    return Data(base64Encoded: b64)
  }

  static func formEscape(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}
