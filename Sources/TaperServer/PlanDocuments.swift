import Foundation
import Hummingbird
import Synchronization
import TaperCalendar
public import TaperCore
public import TaperPlanFile
import TaperPrint
import TaperRender

/// Turns a stored revision into its plan and its downloads. Every document comes from the planned
/// ``TreatmentPlan``; nothing here computes a dose.
public enum PlanDocuments {
  /// How often subscribed calendars should fetch the feed again.
  static let refreshInterval = RefreshInterval.feed

  /// Plans a stored revision (its text was validated before it was saved).
  public static func plan(_ revision: StoredRevision) throws(PlanFileError) -> TreatmentPlan {
    try PlanFile.plan(text: revision.text, fileName: fileName(revision, ext: "yaml")).0
  }

  /// `<plan id>-r<number>.<ext>`.
  public static func fileName(_ revision: StoredRevision, ext: String) -> String {
    "\(revision.planID)-r\(revision.number).\(ext)"
  }

  /// The moment a revision was saved, as `DTSTAMP`: the feed's bytes change only when a revision is saved.
  static func timestamp(_ revision: StoredRevision) -> ICalendarTimestamp {
    let t = PrintTimestamp(secondsSinceEpoch: Int(revision.savedAt))
    return ICalendarTimestamp(date: t.date, hour: t.hour, minute: t.minute, second: t.second)
      ?? ICalendarTimestamp(date: t.date, hour: 0, minute: 0, second: 0)!
  }

  /// The calendar of `revision`: stable UIDs, `SEQUENCE` = the revision, the previous revision's runs that
  /// are gone as `STATUS:CANCELLED`, refresh hints for subscribers, no patient label or weight.
  /// `asFeed`: the subscription feed's refresh hint (PT1H); a download is a file (PT12H, as `taper calendar`).
  public static func calendar(_ revision: StoredRevision, previous: StoredRevision?, asFeed: Bool = true) throws -> String {
    var plan = try plan(revision)
    plan.revision = revision.number
    var previousPlan = previous.flatMap { try? Self.plan($0) }
    previousPlan?.revision = previous?.number ?? 0
    if let p = previousPlan, p.id != plan.id || p.timeZone != plan.timeZone { previousPlan = nil }
    let options = ICalendarOptions(
      timestamp: timestamp(revision), includePatientLabel: false, previous: previousPlan,
      refreshInterval: asFeed ? refreshInterval : .file)
    return try ICalendarExporter.export(plan, options: options).text
  }

  /// Print options for a revision: the saved time as "generated", so a download is the same every time.
  static func printOptions(_ revision: StoredRevision, version: String) -> PrintOptions {
    PrintOptions(generatedAt: PrintTimestamp(secondsSinceEpoch: Int(revision.savedAt)), version: version)
  }

  public static func pdf(_ revision: StoredRevision, version: String) throws -> [UInt8] {
    try PDFSchedule.render(plan(revision), options: printOptions(revision, version: version))
  }

  public static func json(_ revision: StoredRevision) throws -> String {
    try PlanJSON.render(plan(revision))
  }

  /// The week grid and taper chart (the print HTML renderer): its style sheet and its pages, as parts to embed,
  /// so the plan page composes them instead of cutting them back out of a finished document.
  static func schedule(_ plan: TreatmentPlan, revision: StoredRevision, version: String) -> WeeklyHTML.Parts {
    WeeklyHTML.parts(plan, options: printOptions(revision, version: version))
  }
}

/// Rendered feeds, kept until a newer revision is saved: a feed is served from memory while nothing changed.
final class FeedCache: Sendable {
  struct Entry: Sendable {
    var revision: Int
    /// Shared, never copied per request (ByteBuffer is copy-on-write).
    var body: ByteBuffer
    var etag: String
  }
  private let entries = Mutex<[String: Entry]>([:])

  func get(_ planID: String, revision: Int) -> Entry? {
    entries.withLock { $0[planID].flatMap { $0.revision == revision ? $0 : nil } }
  }

  func put(_ planID: String, _ entry: Entry) {
    entries.withLock { $0[planID] = entry }
  }
}
