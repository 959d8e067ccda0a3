import TaperUnicode

/// Plans a plan with later revisions: the first revision as written, then each revision in turn, from its
/// effective date.
///
/// A revision becomes one spec for the whole history: a medicine whose regimen changes keeps its entry up to the
/// day before (``Segment/until``) and gains the new entry from the date, which continues it (the start-of-treatment
/// limits do not apply to it, the maxima and the steroid rules see the whole history); a new weight is used for
/// the per-kg doses and ceilings given from the date (IVIG, azathioprine), and every running regimen keeps the
/// weight it began on. The planner then proves the revision: every day before its date must be the previous
/// revision's day, dose for dose, or the revision is refused — unless it is a correction, whose changed days every
/// output names.
struct RevisionComposer {
  let spec: PlanSpec
  let keys: PlanKeyNames
  let zones: any ZoneRulesSource

  /// The plan as of revision `target` (the latest when `nil`).
  func plan(asOf target: Int?) throws(PlanRefusal) -> TreatmentPlan {
    let first = spec.revision
    let last = spec.revisions.last?.number ?? first
    let wanted = target ?? last
    guard (first...last).contains(wanted) else {
      throw PlanRefusal(diagnostics: [
        Diagnostic(
          .error, at: .plan(.revision), keys: keys,
          "there is no revision \(wanted): the plan holds revision\(first == last ? " \(first)" : "s \(first) to \(last)")")
      ])
    }
    var current = spec
    current.revisions = []
    var previous = try Planner.planSingle(current, keys: keys, zones: zones)
    var records = [RevisionRecord(number: first)]
    var notices = previous.notices
    for (r, revision) in spec.revisions.enumerated() where revision.number <= wanted {
      var step = Step(composer: self, revision: revision, index: r, spec: current, previous: previous)
      let next = step.apply()
      let names = step.names(for: next)
      if step.findings.contains(where: { $0.severity == .error }) {
        throw PlanRefusal(diagnostics: step.findings.sorted { $0.severity < $1.severity })
      }
      var plan: TreatmentPlan
      do {
        plan = try Planner.planSingle(next, keys: names, zones: zones)
      } catch {
        // The first revision's own findings were shown with it; what is new is this revision's.
        let new = error.diagnostics.filter { $0.severity == .error || !notices.contains($0) }
        throw PlanRefusal(diagnostics: (step.findings + new).sorted { $0.severity < $1.severity })
      }
      let corrected = step.prove(plan, names: names)
      // The blood tests planned before the date stay as the previous revision planned them (their rhythm follows
      // dose changes, and a change after the date must not move a test before it); a correction replans them.
      if !revision.correction {
        plan.monitoring =
          previous.monitoring.filter { $0.date < revision.effective } + plan.monitoring.filter { $0.date >= revision.effective }
      }
      step.flag(plan, names: names)
      if step.findings.contains(where: { $0.severity == .error }) {
        throw PlanRefusal(diagnostics: step.findings.sorted { $0.severity < $1.severity })
      }
      records.append(
        RevisionRecord(
          number: revision.number, effective: revision.effective, written: revision.written, author: revision.author,
          reason: revision.reason, note: revision.note, correction: revision.correction, correctedDays: corrected))
      for d in step.findings + plan.notices where !notices.contains(d) { notices.append(d) }
      previous = plan
      current = next
    }
    previous.notices = notices
    previous.revisions = records
    return previous
  }

  /// One revision applied to the spec of the one before.
  struct Step {
    let composer: RevisionComposer
    let revision: PlanRevision
    /// Its index in `revisions` (0 for revision 2).
    let index: Int
    let spec: PlanSpec
    let previous: TreatmentPlan
    var findings: [Diagnostic] = []
    /// Entries of the new spec that are this revision's changed regimens: the entry they continue.
    var changed: [Int: Int] = [:]
    /// The combined entries once the revision is made (what `flag` reads chains in).
    var combined: [MedicationSpec] = []
    /// Entries this revision stops: the `stop` item that stops each (a finding about the stop points there).
    var stopped: [Int: Int] = [:]

    init(composer: RevisionComposer, revision: PlanRevision, index: Int, spec: PlanSpec, previous: TreatmentPlan) {
      self.composer = composer
      self.revision = revision
      self.index = index
      self.spec = spec
      self.previous = previous
    }

    var keys: PlanKeyNames { composer.keys }
    var effective: CivilDate { revision.effective }

    mutating func error(_ location: PlanLocation, _ message: String) {
      findings.append(Diagnostic(.error, at: location, keys: keys, message))
    }
    mutating func warning(_ location: PlanLocation, _ message: String, keys names: PlanKeyNames? = nil) {
      findings.append(Diagnostic(.warning, at: location, keys: names ?? keys, message))
    }
    mutating func notice(_ location: PlanLocation, _ message: String, keys names: PlanKeyNames? = nil) {
      findings.append(Diagnostic(.notice, at: location, keys: names ?? keys, message))
    }

    /// The spec of the whole history with this revision made.
    mutating func apply() -> PlanSpec {
      var next = spec
      next.revision = revision.number
      if let status = revision.status { next.status = status }
      let at = PlanLocation.revision(index, .effective)
      let earlier = index > 0 ? composer.spec.revisions[index - 1] : nil
      if effective < spec.start {
        error(at, "\(effective) is before the plan starts (\(spec.start))")
      } else if let earlier, effective <= earlier.effective {
        error(
          at,
          "\(effective) is not after revision \(earlier.number)'s date (\(earlier.effective)): each revision changes the "
            + "plan from a later date than the one before")
      } else if effective > spec.start.adding(days: Planner.maximumDays - 1) {
        error(at, "\(effective) is more than 10 years after the plan starts (\(spec.start))")
      }
      if effective < revision.written && !revision.correction {
        error(
          at,
          "\(effective) is before the day this revision was written (\(revision.written)): it would change days already "
            + "lived — start it on \(revision.written) or later, or mark it `\(keys.key(.revision(index, .correction))): true` "
            + "with its reason")
      }
      if revision.reason.trimmed.isEmpty {
        error(.revision(index, .reason), "a revision says why the plan changes")
      }
      // Shown on every output: plain text of a bounded length.
      for (field, text, most) in [
        (PlanRevision.Field.reason, revision.reason, 500), (.author, revision.author ?? "", 100), (.note, revision.note ?? "", 1000),
      ] {
        if text.count > most {
          error(.revision(index, field), "\(text.count) characters; the most is \(most)")
        } else if let problem = PlanContext.characterProblem(text, role: .prose) {
          error(.revision(index, field), problem)
        }
      }
      next.patient = revision.patient.applied(to: spec.patient)
      let dayBefore = effective.adding(days: -1)

      // The regimen each medicine is on: an entry no later entry continues.
      let continued = Set(next.medications.compactMap { $0.segment?.continues })
      func latest(_ key: String) -> Int? {
        next.medications.indices.last { !continued.contains($0) && Self.medicineKey(next.medications[$0]) == key }
      }
      func firstDose(_ i: Int) -> CivilDate? { previous.medicines.first { $0.index == i }?.firstDate }

      // Stops.
      for (j, name) in revision.stops.enumerated() {
        let location = PlanLocation.revisionItem(index, .stops, j)
        guard let key = Self.medicineKey(drug: name, name: name), let i = latest(key) else {
          error(location, "'\(name.prefix(60))' is not a medicine of the plan: give the `drug:` (or an `other` medicine's `name:`) as the plan lists it")
          continue
        }
        if let stop = next.medications[i].stop, stop < effective {
          error(location, "\(name) already stops on \(stop)")
          continue
        }
        if let begins = firstDose(i), begins >= effective {
          error(location, "\(name) has not started by \(effective) (its first dose is \(begins)): a stop ends a medicine the patient takes")
          continue
        }
        next.medications[i].stop = dayBefore
        stopped[i] = j
      }

      // A new weight: the per-kg doses and ceilings given from the date change; a running regimen keeps its weight.
      if let weight = revision.patient.weight, weight != spec.patient.weight {
        var recomputed: [String] = []
        // Every regimen that has begun keeps the weight it began on (earlier regimens of a medicine included).
        for i in next.medications.indices {
          guard let began = firstDose(i), began < effective else { continue }
          var segment = next.medications[i].segment ?? Segment(entry: i)
          segment.weight = segment.weight ?? spec.patient.weight
          next.medications[i].segment = segment
        }
        for i in next.medications.indices where !continued.contains(i) {
          let m = next.medications[i]
          if let stop = m.stop, stop < effective { continue }
          guard let began = firstDose(i), began < effective, let segment = m.segment else { continue }
          let kind = DrugCatalog.identify(drug: m.drug)?.kind
          guard kind == .ivig || kind == .azathioprine else { continue }
          // A course under way when the weight changes is given whole on the weight it began on.
          var from = effective
          if kind == .ivig {
            let dosed = Set(previous.days.filter { day in day.administrations.contains { $0.medicine == i } }.map(\.date))
            if dosed.contains(dayBefore) {
              while dosed.contains(from) { from = from.adding(days: 1) }
            }
          }
          next.medications[i].segment?.until = from.adding(days: -1)
          var copy = m
          copy.segment = Segment(
            revision: segment.revision, entry: segment.entry, continues: i, from: from, until: nil, weight: weight)
          next.medications.append(copy)
          recomputed.append(kind == .ivig ? "IVIG doses" : "the azathioprine ceiling of 2 mg/kg/day")
        }
        let kept = "a running taper keeps its doses (not re-based on the new weight)"
        notice(
          .revision(index, .patient),
          "weight \(spec.patient.weight) → \(weight) from \(effective): "
            + (recomputed.isEmpty ? kept : "\(recomputed.joined(separator: " and ")) use \(weight) from then; \(kept)"))
      }

      // Changed regimens and new medicines: one entry per medicine.
      let superseded = Set(next.medications.compactMap { $0.segment?.continues })
      var seen: [String: Int] = [:]
      for (j, entry) in revision.medications.enumerated() {
        var m = entry
        let key = Self.medicineKey(m)
        if let key, let other = seen[key] {
          error(
            .revisionItem(index, .medications, j),
            "\(m.name ?? m.drug) is given twice in this revision (also entry \(other + 1)): give its regimen from the date once")
          continue
        }
        if let key { seen[key] = j }
        let old = key.flatMap { k in
          next.medications.indices.last { !superseded.contains($0) && Self.medicineKey(next.medications[$0]) == k }
        }
        if m.start == nil { m.start = .date(effective) }
        guard let old else {
          m.segment = Segment(revision: index, entry: j)
          m.segment?.since = effective
          next.medications.append(m)
          continue
        }
        let was = next.medications[old]
        // The new regimen starts on the date, or on the start it gives (a date or a plan day number).
        var begins = effective
        switch entry.start {
        case .date(let d)?: begins = d
        case .day(let n)?: begins = spec.start.adding(days: n - 1)
        case nil: break
        }
        // A medicine the patient is taking then continues; one that has not begun, or has ended, starts afresh
        // (its start-of-treatment limits and baseline blood test apply).
        let running = isRunning(old, at: begins, in: next.medications)
        let sameDrug = DrugCatalog.identify(drug: m.drug)?.kind == DrugCatalog.identify(drug: was.drug)?.kind
        // What a changed entry leaves out carries over: its time, tablets, route, weekday, name and instructions.
        if m.time == nil && m.times == nil {
          m.time = was.time
          m.times = was.times
        }
        // Tablets carry over within one product only (mofetil's 500 mg tablets make no mycophenolic acid dose).
        if sameDrug { m.tablets = m.tablets ?? was.tablets }
        m.route = m.route ?? was.route
        m.name = m.name ?? was.name
        m.instructions = m.instructions ?? was.instructions
        m.durationMinutes = m.durationMinutes ?? was.durationMinutes
        m.dosingWeight = m.dosingWeight ?? was.dosingWeight
        if m.pattern == nil && m.weekdays == nil {
          m.pattern = was.pattern
          m.weekdays = was.weekdays
        }
        // A planned stop and pauses still to come carry over, unless the entry gives its own.
        if m.stop == nil, let stop = was.stop, stop >= begins { m.stop = stop }
        if m.pauses.isEmpty { m.pauses = was.pauses.filter { $0.to >= begins } }
        // The old regimen ends the day before the new one begins.
        let until = begins.adding(days: -1)
        var segment = was.segment ?? Segment(entry: old)
        segment.until = min(segment.until ?? until, until)
        next.medications[old].segment = segment
        // A weekly methotrexate moved to another weekday: its first dose a week or more after the last one.
        if DrugCatalog.identify(drug: m.drug)?.kind == .methotrexate, entry.start == nil,
          let weekday = m.weekdays?.first, weekday != was.weekdays?.first,
          let lastDose = lastDose(of: old, before: begins, in: next.medications)
        {
          let earliest = max(begins, lastDose.adding(days: 7))
          m.start = .date(earliest)
        }
        m.segment = Segment(revision: index, entry: j, continues: old, startsAfresh: !running)
        m.segment?.since = effective
        changed[next.medications.count] = old
        next.medications.append(m)
      }
      combined = next.medications
      next.latestChange = effective
      // The facts a revision changes hold from its date: the rules that read them look at the medicines given then.
      for field in revision.patient.fields { next.factsFrom[field] = effective }
      return next
    }

    /// The last dose of entry `i`'s medicine (any of its regimens) before `date`, in the previous revision.
    func lastDose(of i: Int, before date: CivilDate, in entries: [MedicationSpec]) -> CivilDate? {
      let chain = Self.chain(of: i, in: entries)
      return previous.days.last { $0.date < date && $0.administrations.contains { chain.contains($0.medicine) } }?.date
    }

    /// Whether entry `i`'s medicine is being taken at the date in the previous revision: it has begun before it,
    /// and it has a dose on or after it (or it continues after the plan's end).
    func isRunning(_ i: Int, at date: CivilDate, in entries: [MedicationSpec]) -> Bool {
      let chain = Self.chain(of: i, in: entries)
      let dosed = previous.days.filter { day in day.administrations.contains { chain.contains($0.medicine) } }.map(\.date)
      guard let first = dosed.first, first < date else { return false }
      if dosed.contains(where: { $0 >= date }) { return true }
      return previous.medicines.contains { chain.contains($0.index) && $0.continuation != nil }
    }

    /// Entry `i` and the entries it continues.
    static func chain(of i: Int, in entries: [MedicationSpec]) -> Set<Int> {
      var out: Set<Int> = [i]
      var at = i
      while let earlier = entries[at].segment?.continues, !out.contains(earlier) {
        out.insert(earlier)
        at = earlier
      }
      return out
    }

    // MARK: - The proof

    /// Compares every day before the revision's date (and, for a correction, before the day it was written) with
    /// the previous revision's. Returns a correction's changed days.
    mutating func prove(_ plan: TreatmentPlan, names: PlanKeyNames) -> ClosedRange<CivilDate>? {
      let protectedEnd = revision.correction ? max(effective, revision.written) : effective
      var firstChange: (date: CivilDate, old: [Administration], new: [Administration])?
      var lastChanged: CivilDate?
      let byDate = Dictionary(plan.days.map { ($0.date, $0) }, uniquingKeysWith: { a, _ in a })
      for day in previous.days where day.date < protectedEnd {
        let new = byDate[day.date]?.administrations ?? []
        if !Self.sameDoses(day.administrations, new) {
          if firstChange == nil { firstChange = (day.date, day.administrations, new) }
          lastChanged = day.date
        }
      }
      guard let change = firstChange, let lastChanged else { return nil }
      let what = Self.describe(old: change.old, new: change.new, plan: plan, previous: previous)
      if revision.correction {
        notice(
          .revision(index, .correction),
          "revision \(revision.number) is a correction written on \(revision.written) (\(revision.reason)): it changes "
            + (change.date == lastChanged ? "\(change.date)" : "\(change.date) to \(lastChanged)")
            + ", days before it was written — first \(what)")
        return change.date...lastChanged
      }
      error(
        .revision(index, .effective),
        "revision \(revision.number) changes \(change.date), before its date \(effective): \(what); a revision leaves "
          + "every earlier day as it was — change the plan from \(effective) on, or mark it "
          + "`\(keys.key(.revision(index, .correction))): true` with its reason")
      return nil
    }

    static func sameDoses(_ a: [Administration], _ b: [Administration]) -> Bool {
      guard a.count == b.count else { return false }
      return zip(a, b).allSatisfy { x, y in
        x.drug == y.drug && x.amount == y.amount && x.route == y.route && x.time == y.time
          && x.scheduledTime == y.scheduledTime && x.tablets == y.tablets && x.note == y.note
      }
    }

    /// "prednisolone 40 mg at 08:00 becomes 30 mg at 08:00".
    static func describe(
      old: [Administration], new: [Administration], plan: TreatmentPlan, previous: TreatmentPlan
    ) -> String {
      func text(_ a: Administration) -> String { "\(a.amount) at \(a.time)" }
      let drugs = (old.map(\.drug) + new.map(\.drug)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
      for drug in drugs {
        let before = old.filter { $0.drug == drug }
        let after = new.filter { $0.drug == drug }
        guard !sameDoses(before, after) else { continue }
        let was = before.isEmpty ? "no dose" : before.map(text).joined(separator: " and ")
        let becomes = after.isEmpty ? "no dose" : after.map(text).joined(separator: " and ")
        return "\(drug) \(was) becomes \(becomes)"
      }
      return "the day's doses change"
    }

    // MARK: - Flags

    /// What a prescriber must see about the revision: a rise of a steroid (a re-escalation), a methotrexate moved to
    /// another weekday.
    mutating func flag(_ plan: TreatmentPlan, names: PlanKeyNames) {
      for (entry, old) in changed.sorted(by: { $0.key < $1.key }) {
        guard let medicine = plan.medicines.first(where: { $0.index == entry }) else { continue }
        let chain = Self.chain(of: old, in: combined)
        let location = PlanLocation.medication(entry, .dose)
        switch medicine.kind {
        case .prednisolone, .corticosteroid:
          guard let date = medicine.firstDate else { continue }
          let before = dailyTotal(previous, date: date) { chain.contains($0.medicine) }
          let after = dailyTotal(plan, date: date) { $0.medicine == entry }
          let lastDay = previous.days.last { $0.date < date && $0.administrations.contains { chain.contains($0.medicine) } }
          let was = lastDay.map { day in dailyTotal(previous, date: day.date) { chain.contains($0.medicine) } } ?? before
          guard let after, let reference = was ?? before, after > reference else { continue }
          warning(
            location,
            "re-escalation: \(medicine.key) goes back up from \(reference.mgText) to \(after.mgText) a day on \(date); "
              + "the seed tapers it \"gradually according to response\" — the revision's reason: \(revision.reason)",
            keys: names)
        case .methotrexate:
          let oldDates = previous.days.filter { day in
            day.date < effective && day.administrations.contains { chain.contains($0.medicine) }
          }.map(\.date)
          let newDates = plan.days.filter { day in day.administrations.contains { $0.medicine == entry } }.map(\.date)
          guard let last = oldDates.last, let next = newDates.first, last.weekday != next.weekday else { continue }
          notice(
            location,
            "methotrexate moves from \(last.weekday.name) to \(next.weekday.name): the last \(last.weekday.name) dose is "
              + "\(last) and the first \(next.weekday.name) dose \(next), \(last.days(to: next)) days later (a weekly dose "
              + "stays 7–13 days from the one before)", keys: names)
        default: break
        }
      }
    }

    func dailyTotal(_ plan: TreatmentPlan, date: CivilDate, _ include: (Administration) -> Bool) -> Mass? {
      guard let day = plan.days.first(where: { $0.date == date }) else { return nil }
      let masses = day.administrations.filter(include).compactMap(\.amount.mass)
      return masses.isEmpty ? nil : masses.reduce(.zero, +)
    }

    // MARK: - Names

    /// How the combined spec's locations read in the plan file: a revision's entry at its place in `revisions`, a
    /// regimen split by a new weight at its original entry, a changed patient fact at the revision that changed it.
    func names(for next: PlanSpec) -> PlanKeyNames {
      let keys = composer.keys
      let segments = next.medications.map(\.segment)
      var changedFacts: [PatientSpec.Field: Int] = [:]
      for (r, revision) in composer.spec.revisions.enumerated() where r <= index {
        for field in revision.patient.fields { changedFacts[field] = r }
      }
      let facts = changedFacts
      let stops = stopped
      let revisionIndex = index
      return PlanKeyNames { location in
        if case .medication(let i, .stop?) = location, let j = stops[i] {
          return keys.path(.revisionItem(revisionIndex, .stops, j))
        }
        if let i = location.medicationIndex, i < segments.count, let segment = segments[i] {
          let full = keys.path(location.inMedication(segment.entry))
          guard let r = segment.revision else { return full }
          let base = keys.path(.medication(segment.entry, nil))
          let prefix = keys.path(.revisionItem(r, .medications, segment.entry))
          return full.hasPrefix(base) ? prefix + full.dropFirst(base.count) : full
        }
        if case .patient(let field) = location, let r = facts[field] {
          return keys.path(.revision(r, .patient)) + "." + keys.key(location)
        }
        return keys.path(location)
      }
    }

    // MARK: - Which medicine an entry is

    /// One key per medicine, as the duplicate check reads it: the checked drug's kind (mycophenolate and
    /// mycophenolic acid are one), or an `other` medicine's resolved name.
    static func medicineKey(_ m: MedicationSpec) -> String? { medicineKey(drug: m.drug, name: m.name) }

    static func medicineKey(drug: String, name: String?) -> String? {
      if let identity = DrugCatalog.identify(drug: drug), identity.kind != .other {
        return identity.kind == .mycophenolicAcid ? "\(DrugKind.mycophenolate)" : "\(identity.kind)"
      }
      guard let name, !name.trimmed.isEmpty else { return nil }
      // As the duplicate check tells them apart: a cream and a tablet of one drug are two medicines.
      let resolution = DrugDictionary.resolve(name)
      return "other:" + (resolution.entry?.id ?? NameFolding.nfkcCasefold(name).trimmed)
        + (resolution.localForm != nil ? " (local)" : "")
    }
  }
}
