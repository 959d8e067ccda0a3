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

  /// Plans a stored revision (its text was validated before it was saved), as its file says.
  public static func plan(_ revision: StoredRevision) throws(PlanFileError) -> TreatmentPlan {
    try PlanFile.plan(text: revision.text, fileName: fileName(revision, ext: "yaml")).0
  }

  /// Plans a stored revision with its status as Taper knows it: approved only when a prescriber approved this
  /// revision in Taper (`approval`), a draft otherwise, whatever the file's `status` says.
  public static func plan(_ revision: StoredRevision, approval: Approval?) throws(PlanFileError) -> TreatmentPlan {
    var plan = try plan(revision)
    plan.status = approval == nil ? .draft : .approved
    return plan
  }

  /// The approval as printed: who and when, or that a file's own `approved` is not Taper's record.
  static func approvalLine(_ revision: StoredRevision, approval: Approval?) -> String? {
    approvalLine(fileSays: approval == nil ? (try? plan(revision))?.status : nil, approval: approval)
  }

  /// The same, from what the revision's file says (`fileSays`: its planned status).
  static func approvalLine(fileSays: PlanStatus?, approval: Approval?) -> String? {
    if let approval {
      let t = PrintTimestamp(secondsSinceEpoch: Int(approval.time))
      return "Approved for use in Taper by \(approval.name) (\(approval.role)) on \(t.displayText)"
    }
    if fileSays == .approved {
      return "The plan file says approved: approval not recorded in Taper (a draft until a prescriber approves it)"
    }
    return nil
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
  public static func calendar(
    _ revision: StoredRevision, previous: StoredRevision?, asFeed: Bool = true, approval: Approval? = nil
  ) throws -> String {
    var plan = try plan(revision, approval: approval)
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
  static func printOptions(
    _ revision: StoredRevision, version: String, approval: Approval? = nil, approvalLine line: String?? = nil
  ) -> PrintOptions {
    var options = PrintOptions(generatedAt: PrintTimestamp(secondsSinceEpoch: Int(revision.savedAt)), version: version)
    options.approval = line ?? approvalLine(revision, approval: approval)
    return options
  }

  public static func pdf(_ revision: StoredRevision, version: String, approval: Approval? = nil) throws -> [UInt8] {
    try PDFSchedule.render(
      plan(revision, approval: approval), options: printOptions(revision, version: version, approval: approval))
  }

  public static func json(_ revision: StoredRevision, approval: Approval? = nil) throws -> String {
    try PlanJSON.render(plan(revision, approval: approval))
  }

  /// The week grid and taper chart (the print HTML renderer): its style sheet and its pages, as parts to embed,
  /// so the plan page composes them instead of cutting them back out of a finished document.
  ///
  /// `approvalLine`: the line as ``approvalLine(fileSays:approval:)`` gives it, when `revision` is a summary
  /// without its file.
  static func schedule(
    _ plan: TreatmentPlan, revision: StoredRevision, version: String, approval: Approval?,
    approvalLine: String?? = nil
  ) -> WeeklyHTML.Parts {
    WeeklyHTML.parts(plan, options: printOptions(revision, version: version, approval: approval, approvalLine: approvalLine))
  }
}

/// Rendered feeds, kept until a newer revision is saved: a feed is served from memory while nothing changed.
final class FeedCache: Sendable {
  struct Entry: Sendable {
    var revision: Int
    /// Whether the revision was approved when the feed was rendered (the calendar's name says "draft").
    var approved: Bool
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

  private struct Flight: Hashable { var planID: String, revision: Int, approved: Bool }
  private let inFlight = Mutex<[Flight: Task<Entry, any Error>]>([:])

  /// The entry for `planID` at `revision`, rendered by `render` once however many requests ask at the same
  /// moment (the first request after a revision, or after a start, is often hundreds at once: without this,
  /// each would render and most would find the render pool full).
  func entry(
    _ planID: String, revision: Int, approved: Bool, render: @escaping @Sendable () async throws -> Entry
  ) async throws -> Entry {
    if let cached = get(planID, revision: revision), cached.approved == approved { return cached }
    let key = Flight(planID: planID, revision: revision, approved: approved)
    let task: Task<Entry, any Error> = inFlight.withLock { flights in
      if let running = flights[key] { return running }
      let task = Task { try await render() }
      flights[key] = task
      return task
    }
    defer { _ = inFlight.withLock { $0.removeValue(forKey: key) } }
    let entry = try await task.value
    put(planID, entry)
    return entry
  }
}
