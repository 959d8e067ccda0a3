public import TaperCore

/// The plan as JSON: stable key order, every day listed (days with no dose too).
public enum PlanJSON {
  /// Pretty-printed JSON with sorted keys, ending in a newline.
  public static func render(_ plan: TreatmentPlan) -> String {
    document(plan).rendered() + "\n"
  }

  /// The JSON tree of the plan.
  public static func document(_ p: TreatmentPlan) -> JSONValue {
    object([
      (
        "plan",
        object([
          ("id", .string(p.id)), ("title", .string(p.title)), ("start", .string("\(p.start)")),
          ("end", .string("\(p.end)")), ("timezone", .string(p.timeZone)), ("revision", .int(p.revision)),
          ("status", .string(p.status.rawValue)), ("weeks", .int(p.weekCount)),
        ])
      ),
      (
        "patient",
        object([
          ("weight_kg", .number(Mass.decimalText(p.patient.weight.grams, scale: 1000))),
          ("group", .string(p.patient.group.rawValue)), ("line", .int(p.patient.line)),
        ])
      ),
      ("medicines", .array(p.medicines.map(medicine))),
      ("revisions", revisions(p)),
      (
        "days",
        .array(
          p.days.map { d in
            object([
              ("date", .string("\(d.date)")), ("day", .int(d.number)), ("weekday", .string(d.date.weekday.name)),
              ("doses", .array(d.administrations.map(dose))),
            ])
          })
      ),
      (
        "changes",
        .array(
          p.changes.map {
            object([
              ("date", .string("\($0.date)")), ("drug", .string($0.drug)), ("from", .string($0.from)),
              ("to", .string($0.to)), ("reduction", .bool($0.isReduction)), ("summary", .string($0.summary)),
            ])
          })
      ),
      (
        "monitoring",
        .array(
          p.monitoring.map { m in
            object([
              ("date", .string("\(m.date)")), ("time", .string(m.time.description)), ("title", .string(m.title)),
              ("detail", .string(m.detail)),
              ("drugs", .array(m.medicines.map { .string(p.medicines[$0].key) })),
            ])
          })
      ),
      (
        "notices",
        .array(
          p.notices.map {
            object([
              ("severity", .string($0.severity.rawValue)), ("path", .optional($0.path)), ("message", .string($0.message)),
            ])
          })
      ),
    ])
  }

  static func medicine(_ m: Medicine) -> JSONValue {
    object([
      ("drug", .string(m.key)), ("name", .string(m.displayName)), ("route", .string(m.route.rawValue)),
      ("schedule", .string(m.scheduleText)), ("times", .array(m.times.map { .string($0.description) })),
      ("instructions", .array(m.instructions.map(JSONValue.string))),
      ("safety_notes", .array(m.safetyNotes.map(JSONValue.string))), ("dose_checked", .bool(m.doseChecked)),
      ("first_date", .optional(m.firstDate?.description)), ("last_date", .optional(m.lastDate?.description)),
      ("continuation", .optional(m.continuation)), ("dose_basis", .optional(m.doseBasis)),
      ("guideline", .optional(m.guideline)), ("duration_minutes", m.durationMinutes.map(JSONValue.int)),
      ("period", .optional(m.period)),
    ])
  }

  /// The revisions of a revised plan (left out for a plan never revised, whose files stay as they were).
  static func revisions(_ p: TreatmentPlan) -> JSONValue? {
    guard p.latestRevision != nil else { return nil }
    return .array(
      p.revisions.map { r in
        object([
          ("revision", .int(r.number)), ("from", .optional(r.effective?.description)),
          ("written", .optional(r.written?.description)), ("author", .optional(r.author)),
          ("reason", .optional(r.reason)), ("note", .optional(r.note)),
          ("correction", .optional(r.correctionText)),
          ("corrected_days", r.correctedDays.map { .array([.string("\($0.lowerBound)"), .string("\($0.upperBound)")]) }),
        ])
      })
  }

  static func dose(_ a: Administration) -> JSONValue {
    var amount: JSONValue?
    var unit: JSONValue?
    var text: JSONValue?
    switch a.amount {
    case .milligrams(let m):
      amount = .number(Mass.decimalText(m.micrograms, scale: 1000))
      unit = .string("mg")
    case .grams(let m):
      let tenths = Int((Double(m.micrograms) / 100_000).rounded())
      amount = .number(Mass.decimalText(tenths, scale: 10))
      unit = .string("g")
    case .text(let t):
      text = .string(t)
    }
    return object([
      ("drug", .string(a.drug)), ("amount", amount), ("unit", unit), ("dose_text", text),
      ("route", .string(a.route.rawValue)), ("time", .string(a.time.description)),
      ("scheduled_time", a.time == a.scheduledTime ? nil : .string(a.scheduledTime.description)),
      (
        "tablets",
        .array(
          a.tablets.map {
            object([
              ("strength_mg", .number(Mass.decimalText($0.strength.micrograms, scale: 1000))), ("count", .int($0.count)),
            ])
          })
      ),
      ("note", .optional(a.note)), ("continues_after_plan", a.continuesAfterPlan ? .bool(true) : nil),
    ])
  }
}
