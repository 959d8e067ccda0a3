import TaperUnicode

/// One finding about a plan: a refusal, a warning, or a notice the clinician should see.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  public enum Severity: String, Sendable, Hashable, Comparable {
    /// The plan is refused.
    case error
    /// The plan is made, but deviates from the seed or needs a clinician's attention.
    case warning
    /// Information: a rounding, a cap that applied, a shifted time.
    case notice

    private var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .notice: 2
      }
    }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
  }

  public var severity: Severity
  /// The plan-file key the finding is about, as `medications[2].dose_mg`; `nil` for the plan as a whole.
  public var path: String?
  /// The same place, typed (`nil` for the plan as a whole, and for a file-reading finding that has only a path).
  public var location: PlanLocation?
  public var message: String

  /// A finding of the file-reading layer, about a key by its path.
  public init(_ severity: Severity, _ path: String?, _ message: String) {
    self.severity = severity
    self.path = path.map(Self.inert)
    self.message = Self.inert(message)
  }

  /// A finding of the planner, about a typed location spelled in the caller's key names.
  public init(_ severity: Severity, at location: PlanLocation?, keys: PlanKeyNames, _ message: String) {
    self.init(severity, location.map(keys.path), message)
    self.location = location
  }

  /// The text with bidirectional controls and other invisible format characters written as code points, so a
  /// message that quotes hostile input cannot reorder or hide what a terminal or a page shows.
  static func inert(_ text: String) -> String { CodePoints.escaped(text, .formatCharacters) }

  /// `medications[2].dose_mg: 30 mg is above …` (no file or line: the plan-file layer adds those).
  public var description: String { (path.map { "\($0): " } ?? "") + message }
}

/// The planner refused a plan; `diagnostics` holds every error found, and the warnings so far.
public struct PlanRefusal: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]
  public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
  public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
  public var description: String {
    diagnostics.map { "\($0.severity.rawValue): \($0)" }.joined(separator: "\n")
  }
}
