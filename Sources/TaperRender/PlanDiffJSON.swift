public import TaperCore

/// `taper diff --format json`: the changes between two revisions, each with its date, drug, kind and words.
public enum PlanDiffJSON {
  public static func render(_ diff: PlanDiff) -> String {
    var members: [(String, JSONValue)] = [
      ("from", .int(diff.from)), ("to", .int(diff.to)),
      ("first_change", diff.firstChange.map { .string("\($0)") } ?? .null),
      ("patient", .array(diff.patientChanges.map(JSONValue.string))),
      (
        "revisions",
        .array(
          diff.revisions.map { r in
            .object([
              ("revision", .int(r.number)), ("from", r.effective.map { .string("\($0)") } ?? .null),
              ("written", r.written.map { .string("\($0)") } ?? .null), ("author", r.author.map(JSONValue.string) ?? .null),
              ("reason", r.reason.map(JSONValue.string) ?? .null), ("correction", .bool(r.correction)),
            ])
          })
      ),
      (
        "changes",
        .array(
          diff.items.map { item in
            .object([
              ("date", .string("\(item.date)")), ("drug", .string(item.drug)), ("kind", .string(item.kind.rawValue)),
              ("text", .string(item.text)),
            ])
          })
      ),
    ]
    members.append(("text", .string(diff.text)))
    return JSONValue.object(members).rendered() + "\n"
  }
}
