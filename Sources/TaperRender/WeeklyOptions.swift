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

  /// For a revised plan: what changed from the revision before. The printout then starts with a "What changed"
  /// page and its week pages with the week the revision takes effect.
  public var whatChanged: PlanDiff? = nil
  /// Every week of the plan, also before a revision's date.
  public var allWeeks: Bool = false
  /// Who approved the plan for use and when, as the web server recorded it ("Approved for use in Taper by …"),
  /// or that a file's own `approved` was not recorded there; printed under the plan line on page 1.
  public var approval: String? = nil
  /// RNIB large print (`taper print --large-print`): portrait, at least 16 pt, one day per block with one row
  /// per dose and a 9 mm tick box; the week grid becomes a list.
  public var largePrint: Bool = false

  public init(
    paper: PaperSize = .a4, weekStart: WeekStart = .monday, generatedAt: PrintTimestamp, version: String,
    whatChanged: PlanDiff? = nil, allWeeks: Bool = false
  ) {
    self.paper = paper
    self.weekStart = weekStart
    self.generatedAt = generatedAt
    self.version = version
    self.whatChanged = whatChanged
    self.allWeeks = allWeeks
  }
}

/// The printout's pages, in order: "What changed" (a revision), page 1, the weeks printed, the tablet supply. The
/// PDF and the HTML number their pages from it.
public struct PrintLayout: Sendable {
  /// The weeks printed: from the revision's week on, or all of them.
  public let weeks: [WeeklySchedule.Week]
  public let whatChanged: PlanDiff?
  /// The day the revision changes the plan (its week is the first printed).
  public let changesFrom: CivilDate?

  /// Every page in print order, the one list the PDF and the HTML both follow.
  public let pages: [Page]

  /// A page of the printout. The patient's pages come first; the clinician page is last, so it can be kept
  /// in the notes and not handed over.
  public enum Page: Hashable, Sendable {
    /// "What changed" (a revision printed with its diff).
    case changes
    /// Who to call, when to get help now, the medicines and the taper chart.
    case cover
    /// Each medicine's advice: if you feel unwell, if you miss a dose.
    case advice
    /// The steroid emergency card, when the plan meets its criterion.
    case steroidCard
    /// The `i`-th printed week.
    case week(Int)
    /// The tablet supply.
    case supply
    /// The planner's findings, dose arithmetic and the guideline's notes.
    case clinician
  }

  public init(_ plan: TreatmentPlan, schedule: WeeklySchedule, options: PrintOptions) {
    whatChanged = options.whatChanged
    let from = options.whatChanged.flatMap { plan.latestRevision?.effective ?? $0.firstChange }
    changesFrom = from
    if let from, !options.allWeeks {
      let kept = schedule.weeks.filter { $0.last >= from }
      weeks = kept.isEmpty ? schedule.weeks : kept
    } else {
      weeks = schedule.weeks
    }
    var pages: [Page] = options.whatChanged == nil ? [] : [.changes]
    pages += [.cover, .advice]
    if plan.steroidCard != nil { pages.append(.steroidCard) }
    pages += weeks.indices.map(Page.week)
    pages += [.supply, .clinician]
    self.pages = pages
  }

  /// The page number of `page` (1-based), or `nil` when the printout has no such page.
  public func number(of page: Page) -> Int? { pages.firstIndex(of: page).map { $0 + 1 } }
  public var coverPage: Int { number(of: .cover) ?? 1 }
  public var pageCount: Int { pages.count }
  /// The page of the `i`-th printed week (0-based).
  public func page(ofWeekAt i: Int) -> Int { number(of: .week(i)) ?? coverPage + 1 + i }

  /// The "What changed" page's title and lines: the diff in plain words.
  public var changesTitle: String {
    "What changed" + (changesFrom.map { " from \($0.longDescription)" } ?? "")
  }
  public var changesLines: [String] {
    guard let whatChanged else { return [] }
    return whatChanged.text.split(separator: "\n").map(String.init)
  }
}
