public import TaperCore

/// Which day a printed week starts on.
public enum WeekStart: String, Hashable, Sendable, CaseIterable {
  case monday, sunday

  /// The first weekday of a printed week.
  public var weekday: Weekday { self == .monday ? .monday : .sunday }
}

/// The paper a printout is laid out for, always in landscape.
public enum PaperSize: String, Hashable, Sendable, CaseIterable {
  case a4, letter

  /// Width and height in PostScript points (1/72 inch), landscape.
  public var landscapePoints: (width: Double, height: Double) {
    switch self {
    case .a4: (841.89, 595.28)
    case .letter: (792, 612)
    }
  }

  /// The CSS `@page` size keyword.
  public var cssName: String { self == .a4 ? "A4" : "letter" }
}

/// The "generated" stamp of a printout.
public typealias PrintTimestamp = UTCTimestamp

/// What a printout needs besides the plan: paper, week start, the generated stamp and the tool version.
public struct PrintOptions: Hashable, Sendable {
  public var paper: PaperSize
  public var weekStart: WeekStart
  public var generatedAt: PrintTimestamp
  /// The Taper version printed on page 1 ("0.1.0").
  public var version: String

  public init(paper: PaperSize = .a4, weekStart: WeekStart = .monday, generatedAt: PrintTimestamp, version: String) {
    self.paper = paper
    self.weekStart = weekStart
    self.generatedAt = generatedAt
    self.version = version
  }
}
