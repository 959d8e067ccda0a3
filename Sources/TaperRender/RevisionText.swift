public import TaperCore

/// What every output says about a revised plan: the revision it shows and from when, and each correction
/// ("corrected on …: …").
public enum RevisionText {
  /// Nothing for a plan never revised.
  public static func lines(_ plan: TreatmentPlan) -> [String] {
    var out: [String] = []
    for revision in plan.revisions where revision.effective != nil {
      guard let from = revision.effective else { continue }
      var line = "Revision \(revision.number) from \(from)"
      if let author = revision.author { line += " (\(author))" }
      line += revision.correction ? ", a correction" : ""
      line += ": \(revision.reason ?? "")"
      out.append(line)
      if let corrected = revision.correctionText {
        let days = revision.correctedDays.map { $0.lowerBound == $0.upperBound ? " (changes \($0.lowerBound))" : " (changes \($0.lowerBound) to \($0.upperBound))" } ?? ""
        out.append("  \(corrected.prefix(1).uppercased() + corrected.dropFirst())\(days)")
      }
    }
    return out
  }
}
