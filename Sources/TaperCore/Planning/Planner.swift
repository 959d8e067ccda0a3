/// Turns a ``PlanSpec`` into a ``TreatmentPlan``, or refuses it with every error found.
///
/// The rules follow the seed algorithm (`iim-treatment-algorithm.txt`) and the sources collected in the
/// README's design notes. Every interval is counted in local calendar days.
public enum Planner {
  /// The longest plan Taper makes: ten years.
  public static let maximumDays = 3652

  /// Makes the day-by-day plan; `keys` spells each finding's location in the words of the caller's input, and
  /// `zones` holds the rules of the plan's time zone.
  ///
  /// A spec with later ``PlanSpec/revisions`` is planned revision by revision up to `revision` (the latest by
  /// default), each proved against the one before; the plan records them (``TreatmentPlan/revisions``).
  public static func plan(
    _ spec: PlanSpec, keys: PlanKeyNames, zones: any ZoneRulesSource, asOf revision: Int? = nil
  ) throws(PlanRefusal) -> TreatmentPlan {
    if spec.revisions.isEmpty && (revision == nil || revision == spec.revision) {
      var plan = try planSingle(spec, keys: keys, zones: zones)
      plan.revisions = [RevisionRecord(number: spec.revision)]
      return plan
    }
    return try RevisionComposer(spec: spec, keys: keys, zones: zones).plan(asOf: revision)
  }

  /// One spec, its revisions (if any) already made into its medication entries.
  static func planSingle(
    _ spec: PlanSpec, keys: PlanKeyNames, zones: any ZoneRulesSource
  ) throws(PlanRefusal) -> TreatmentPlan {
    var context = PlanContext(spec: spec, keys: keys, zones: zones)
    let plan = context.build()
    if context.diagnostics.contains(where: { $0.severity == .error }) || plan == nil {
      throw PlanRefusal(diagnostics: context.diagnostics.sorted { $0.severity < $1.severity })
    }
    return plan!
  }

  /// Checks a plan without keeping it: the findings, errors included.
  public static func check(_ spec: PlanSpec, keys: PlanKeyNames, zones: any ZoneRulesSource) -> [Diagnostic] {
    do {
      return try plan(spec, keys: keys, zones: zones).notices
    } catch {
      return error.diagnostics
    }
  }
}

/// One dose a program gives on a date, before pauses and stops are applied.
struct Slot: Sendable {
  var time: LocalTime
  var amount: DoseAmount
  var tablets: [TabletCount]
  var note: String?
}

/// A medicine being planned: what it is, and its doses as functions of the date.
struct Program: Sendable {
  var medicine: Medicine
  /// The medicine's first possible day (its `start`).
  var first: CivilDate
  var stop: CivilDate?
  var pauses: [Pause]
  /// The doses on a date (ignoring `stop` and `pauses`, which the planner applies).
  var slots: @Sendable (CivilDate) -> [Slot]
  /// The regimen on a dosing date, for dose-change events and "continue at X".
  var phase: @Sendable (CivilDate) -> Phase?
  /// The day from which the regimen stops changing (the horizon counts 4 weeks on from it).
  var settled: CivilDate
  /// Whether dose changes are worth an event (tapers and escalations).
  var announcesChanges: Bool
  /// The weekday of a once-weekly medicine.
  var weekday: Weekday? = nil
  /// The cycle of a course-based medicine (IVIG).
  var everyWeeks: Int? = nil
  /// The days of each infusion course (IVIG courses, the pulse): never cut short, by a stop, a pause or the end of
  /// the plan.
  var courseDays: [[CivilDate]] = []

  /// Whether `other` is given on a day this one is, or stopped fewer than `washoutDays` days before this one
  /// starts (a partner drug's effect outlasts its last dose).
  func overlaps(_ other: Program, washoutDays: Int = 0) -> Bool {
    (other.stop.map { first <= $0.adding(days: washoutDays) } ?? true) && (stop.map { other.first <= $0 } ?? true)
  }

  func isActive(on date: CivilDate) -> Bool {
    guard date >= first else { return false }
    if let stop, date > stop { return false }
    return !pauses.contains { $0.from <= date && date <= $0.to }
  }
}

/// A medicine's regimen on a day, as dose-change events and "continue at" notices show it.
struct Phase: Sendable {
  /// "35 mg", "20 mg / 17.5 mg alternate days", "1000 mg a day".
  var text: String
  /// The average daily dose in micrograms (alternate-day steps averaged): what tells a reduction from an increase.
  var average: Int
  /// The one dose of a plain regimen, whose text is that dose ("35 mg").
  var single: Mass? = nil

  init(text: String, average: Int) {
    self.text = text
    self.average = average
  }

  /// A segment's regimen: its pattern in words, its average, and its dose when it is a single one.
  init(_ segment: Segments.Segment) {
    text = segment.text
    average = segment.averageMicrograms
    single = segment.pattern.count == 1 ? segment.pattern[0] : nil
  }
}

/// What the other medicines need to know about methotrexate: its weekday, first and last possible day, one
/// regimen after another when a revision moves it to another weekday.
struct MethotrexateFacts: Sendable {
  struct Regimen: Sendable {
    var weekday: Weekday
    var start: CivilDate
    var stop: CivilDate?
    func covers(_ date: CivilDate) -> Bool { start <= date && stop.map { date <= $0 } != false }
  }
  /// In date order.
  var regimens: [Regimen]

  /// The first regimen's weekday (the one a plan that was never revised has).
  var weekday: Weekday { regimens[0].weekday }
  var start: CivilDate { regimens[0].start }
  /// The last regimen's last day, if it ends.
  var stop: CivilDate? { regimens[regimens.count - 1].stop }
  /// Every weekday methotrexate is taken on in the plan.
  var weekdays: [Weekday] {
    regimens.map(\.weekday).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
  }

  /// Whether `date` is a methotrexate day of the regimen that covers it.
  func isMethotrexateDay(_ date: CivilDate) -> Bool {
    regimens.contains { $0.covers(date) && $0.weekday == date.weekday }
  }
}

/// The state of one planning run: the spec, the findings so far.
struct PlanContext {
  let spec: PlanSpec
  /// How the caller's input names each location (the plan file's keys).
  let keys: PlanKeyNames
  /// Where the plan's time zone's rules come from.
  let zones: any ZoneRulesSource
  var diagnostics: [Diagnostic] = []
  var clock: ZoneClock?
  /// Each medication's `drug:` as the catalogue identifies it (`nil`: not a drug Taper knows), and an `other`
  /// medicine's `name:` as the dictionary resolves it: read once per plan, so every rule sees the same answer.
  let identities: [DrugCatalog.Identified?]
  let otherNames: [Resolution?]

  init(spec: PlanSpec, keys: PlanKeyNames, zones: any ZoneRulesSource) {
    self.spec = spec
    self.keys = keys
    self.zones = zones
    let identities = spec.medications.map { DrugCatalog.identify(drug: $0.drug) }
    self.identities = identities
    otherNames = zip(spec.medications, identities).map { m, identity in
      identity?.kind == .other ? DrugDictionary.resolve(m.name ?? "") : nil
    }
  }

  mutating func error(_ location: PlanLocation?, _ message: String) {
    diagnostics.append(Diagnostic(.error, at: location, keys: keys, message))
  }
  mutating func warning(_ location: PlanLocation?, _ message: String) {
    diagnostics.append(Diagnostic(.warning, at: location, keys: keys, message))
  }
  mutating func notice(_ location: PlanLocation?, _ message: String) {
    diagnostics.append(Diagnostic(.notice, at: location, keys: keys, message))
  }
  var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Plan day `n` (day 1 = `plan.start`).
  func date(ofDay n: Int) -> CivilDate { spec.start.adding(days: n - 1) }

  mutating func build() -> TreatmentPlan? {
    checkPlanFields()
    checkTextFields()
    checkDrugMentions()
    checkPatient()
    var programs: [Program] = []
    checkDuplicates()
    let pulse = spec.medications.indices.first { identities[$0]?.kind == .methylprednisolone }
    var pulseEnd: CivilDate?
    // The pulse first: oral prednisolone starts the day after its last day.
    if let pulse, let program = makeProgram(index: pulse, pulseEnd: nil, methotrexate: nil) {
      pulseEnd = program.settled.adding(days: -1)
      programs.append(program)
    }
    // Methotrexate next (each regimen of it, when a revision moved it): folic acid follows its day.
    let mtxIndices = spec.medications.indices.filter { identities[$0]?.kind == .methotrexate }
    var regimens: [MethotrexateFacts.Regimen] = []
    for index in mtxIndices {
      guard let program = makeProgram(index: index, pulseEnd: pulseEnd, methotrexate: nil) else { continue }
      if let weekday = program.weekday {
        regimens.append(MethotrexateFacts.Regimen(weekday: weekday, start: program.first, stop: program.stop))
      }
      programs.append(program)
    }
    regimens.sort { $0.start < $1.start }
    let mtx = regimens.isEmpty ? nil : MethotrexateFacts(regimens: regimens)
    for index in spec.medications.indices where index != pulse && !mtxIndices.contains(index) {
      if let program = makeProgram(index: index, pulseEnd: pulseEnd, methotrexate: mtx) {
        programs.append(program)
      }
    }
    programs.sort { $0.medicine.index < $1.medicine.index }
    applyGuideline(&programs)
    applyClinicalFlags(programs)
    let rhythm = checkRhythm()
    guard !hasErrors, let clock else { return nil }

    guard let end = horizon(programs) else { return nil }
    for program in programs {
      for (k, course) in program.courseDays.enumerated() {
        guard let first = course.first, let last = course.last, first <= end, last > end else { continue }
        let name = program.medicine.kind == .ivig ? "IVIG course \(k + 1)" : "the pulse"
        error(
          spec.weeks != nil ? .plan(.weeks) : .medication(program.medicine.index, .start),
          "the plan ends on \(end), inside \(name) (\(first) to \(last)): a course is given whole — end the plan after "
            + "\(last) or before \(first)")
      }
    }
    if hasErrors { return nil }
    var plan = assemble(programs: programs, end: end, clock: clock)
    checkMethotrexateDays(plan)
    // Several regimens of a medicine come only from revisions (the duplicate check refuses them otherwise).
    if spec.medications.contains(where: { $0.segment?.continues != nil }) { checkRegimens(plan) }
    plan.steroidCard = applyPlanFlags(plan, programs)
    applyCarePrompts(plan)
    plan.monitoring = monitoring(plan, rhythm: rhythm)
    plan.notices = diagnostics.filter { $0.severity != .error }
    return hasErrors ? nil : plan
  }

  // MARK: - Plan and patient

  mutating func checkPlanFields() {
    if let problem = PlanID.problem(spec.id) { error(.plan(.id), problem) }
    if spec.start.year < 2000 || spec.start.year > 2100 {
      error(.plan(.start), "\(spec.start) is outside the dates Taper plans (2000-01-01 to 2100-12-31)")
    }
    if spec.title.trimmed.isEmpty { error(.plan(.title), "the title is empty") }
    if spec.title.count > 200 { error(.plan(.title), "the title is \(spec.title.count) characters long; the most is 200") }
    if spec.revision < 1 || spec.revision > 100_000 {
      error(.plan(.revision), "\(spec.revision) is not a revision number: it counts up from 1")
    }
    if let clock = ZoneClock(identifier: spec.timeZone, source: zones) {
      self.clock = clock
    } else {
      let hint = suggestion(for: spec.timeZone, among: ["Europe/London", "Europe/Dublin", "UTC"])
      error(
        .plan(.timeZone),
        "'\(spec.timeZone.prefix(80))' is not an IANA time zone name known to this system (for example Europe/London)"
          + (hint.map { "; did you mean '\($0)'?" } ?? ""))
    }
    if let weeks = spec.weeks {
      if weeks < 1 {
        error(.plan(.weeks), "\(weeks) weeks is not a plan length: it must be at least 1")
      } else if weeks > Planner.maximumDays / 7 {
        error(
          .plan(.weeks),
          "\(weeks) weeks is longer than Taper plans (at most \(Planner.maximumDays / 7) weeks, 10 years); "
            + "re-issue the plan at review instead")
      }
    }
    if spec.medications.isEmpty { error(.medications, "the plan has no medicines") }
  }

  mutating func checkPatient() {
    let p = spec.patient
    if p.weight < BodyWeight(grams: 30_000) || p.weight > BodyWeight(grams: 300_000) {
      error(.patient(.weight), "\(p.weight) is outside the accepted range of 30–300 kg")
    }
    if p.age < 18 {
      error(
        .patient(.age),
        "\(p.age) years: the seed's doses are for adults (18 and over); children need paediatric dosing")
    } else if p.age > 120 {
      error(.patient(.age), "\(p.age) years is not a plausible age (at most 120)")
    }
    if !(1...3).contains(p.line) {
      error(.patient(.line), "\(p.line) is not a line of treatment: the seed has lines 1, 2 and 3")
    }
    if let h = p.height, h.millimetres < 1000 || h.millimetres > 2500 {
      error(.patient(.height), "\(h) is outside the accepted range of 100–250 cm")
    }
    if let egfr = p.egfr, !(1...200).contains(egfr) {
      error(
        .patient(.egfr),
        "\(egfr) is not an eGFR: give it in mL/min/1.73 m² (1–200; normal is above 90), as the laboratory reports it")
    }
    if let label = p.label, label.count > 100 {
      error(.patient(.label), "the label is \(label.count) characters long; the most is 100")
    }
  }

  mutating func checkDuplicates() {
    var seen: [String: Int] = [:]
    for (i, m) in spec.medications.enumerated() {
      guard let identity = identities[i] else { continue }
      // A later regimen of the same medicine, from a revision: one medicine, not two.
      if m.segment?.continues != nil { continue }
      let kind = identity.kind
      let key: String
      switch kind {
      case .other:
        // The same medicine under two names (omeprazole and Losec) is listed twice too; a name of a checked
        // drug is refused on its own (makeProgram), not as a duplicate.
        guard let resolution = otherNames[i] else { continue }
        if resolution.checkedMatch != nil || resolution.nearMiss != nil { continue }
        // A cream and a tablet of one drug are two medicines (miconazole oral gel and miconazole cream).
        key = "other:" + (resolution.entry?.id ?? (m.name ?? "").lowercased().trimmed)
          + (resolution.localForm != nil ? " (local)" : "")
      case .mycophenolicAcid: key = "\(DrugKind.mycophenolate)"
      default: key = "\(kind)"
      }
      if let previous = seen[key] {
        let name = kind == .other ? (m.name ?? "other") : identity.key
        error(
          .medication(i, .drug),
          "\(name) is listed twice (also \(keys.path(.medication(previous)))); give each medicine once, "
            + "with its dose changes inside that entry")
      } else {
        seen[key] = i
      }
    }
  }

  // MARK: - Methotrexate, over the whole plan

  /// Whatever the entries and revisions say, the plan's methotrexate doses are a week or more apart and folic
  /// acid is never on a methotrexate date: the planned days themselves are checked.
  mutating func checkMethotrexateDays(_ plan: TreatmentPlan) {
    var last: (date: CivilDate, medicine: Int)?
    for day in plan.days {
      let mtx = day.administrations.filter { plan.medicines[$0.medicine].kind == .methotrexate }
      guard let dose = mtx.first else { continue }
      if mtx.count > 1 {
        error(.medication(plan.medicines[dose.medicine].index), "methotrexate twice on \(day.date): it is taken once weekly")
      }
      if let previous = last, previous.date.days(to: day.date) < 7 {
        error(
          .medication(plan.medicines[dose.medicine].index),
          "methotrexate on \(previous.date) and again on \(day.date), \(previous.date.days(to: day.date)) days later: "
            + "it is taken once weekly, at least 7 days apart (seed; MHRA 2020)")
      }
      if let folic = day.administrations.first(where: { plan.medicines[$0.medicine].kind == .folicAcid }) {
        error(
          .medication(plan.medicines[folic.medicine].index),
          "folic acid on \(day.date), a methotrexate day: never on the methotrexate day (SPS; BSR)")
      }
      last = (day.date, dose.medicine)
    }
  }

  /// Across the regimens a revision gives a medicine: never two of them on one day, and IVIG courses (every course
  /// of every IVIG entry) at least 4 weeks apart, start to start.
  mutating func checkRegimens(_ plan: TreatmentPlan) {
    func root(_ i: Int) -> Int {
      var at = i
      var seen: Set<Int> = []
      while let earlier = spec.medications[at].segment?.continues, seen.insert(at).inserted { at = earlier }
      return at
    }
    var reported: Set<Int> = []
    for day in plan.days {
      var byRoot: [Int: Int] = [:]
      for a in day.administrations {
        let index = plan.medicines[a.medicine].index
        let r = root(index)
        if let other = byRoot[r], other != index, reported.insert(r).inserted {
          error(
            .medication(index),
            "two regimens of \(plan.medicines[a.medicine].displayName) on \(day.date): a revision's regimen replaces "
              + "the one before it from its date")
        }
        byRoot[r] = index
      }
    }
    var courseStarts: [(date: CivilDate, medicine: Int)] = []
    var previousDay: CivilDate?
    for day in plan.days {
      guard let dose = day.administrations.first(where: { plan.medicines[$0.medicine].kind == .ivig }) else { continue }
      if previousDay.map({ $0.days(to: day.date) > 1 }) ?? true { courseStarts.append((day.date, dose.medicine)) }
      previousDay = day.date
    }
    for (a, b) in zip(courseStarts, courseStarts.dropFirst()) where a.date.days(to: b.date) < 28 {
      error(
        .medication(plan.medicines[b.medicine].index),
        "an IVIG course starts on \(b.date), \(a.date.days(to: b.date)) days after the course that started on "
          + "\(a.date): courses are at least 4 weeks apart (seed: 2 g/kg every 4 weeks)")
      break
    }
  }

  // MARK: - Horizon

  mutating func horizon(_ programs: [Program]) -> CivilDate? {
    if let weeks = spec.weeks { return spec.start.adding(days: weeks * 7 - 1) }
    // A revision's changes are planned at least 4 weeks on, however settled the rest.
    let changed = (spec.medications.compactMap { $0.segment?.from } + [spec.latestChange].compactMap { $0 }).max()
      .map { $0.adding(days: 1) } ?? spec.start
    let settled = max(programs.map(\.settled).max() ?? spec.start, changed)
    let minimumEnd = spec.start.adding(days: 12 * 7 - 1)
    let wanted = max(minimumEnd, settled.adding(days: 4 * 7 - 1))
    let weeks = (spec.start.days(to: wanted) + 7) / 7
    if weeks * 7 > Planner.maximumDays {
      error(
        .plan(.weeks),
        "the regimen keeps changing until \(settled), which makes a plan longer than 10 years; "
          + "shorten the taper or set plan.weeks")
      return nil
    }
    return spec.start.adding(days: weeks * 7 - 1)
  }

  // MARK: - Assembly

  mutating func assemble(programs: [Program], end: CivilDate, clock: ZoneClock) -> TreatmentPlan {
    var medicines = programs.map(\.medicine)
    var days: [PlanDay] = []
    var changes: [DoseChange] = []
    var lastPhase: [Int: Phase] = [:]
    var shifted: Set<String> = []
    // Each program's first regimen: the regimens of one medicine, across revisions, share it.
    var root = Array(programs.indices)
    for (p, program) in programs.enumerated() {
      if let earlier = spec.medications[program.medicine.index].segment?.continues,
        let q = programs.firstIndex(where: { $0.medicine.index == earlier })
      {
        root[p] = root[q]
      }
    }
    var regimenCount: [Int: Int] = [:]
    for r in root { regimenCount[r, default: 0] += 1 }
    let chainsWithChanges = Set(regimenCount.filter { $0.value > 1 }.keys)
    let total = spec.start.days(to: end) + 1
    days.reserveCapacity(total)
    for offset in 0..<total {
      let date = spec.start.adding(days: offset)
      var administrations: [Administration] = []
      let regular = clock.isRegular(date)
      if !regular && clock.skips(date) {
        warning(nil, "\(date) does not exist in \(clock.identifier) (the clocks skip the whole day); its doses are not given")
        days.append(PlanDay(date: date, number: offset + 1, administrations: []))
        continue
      }
      for (p, program) in programs.enumerated() where program.isActive(on: date) {
        let slots = program.slots(date)
        guard !slots.isEmpty else { continue }
        // A revision's new regimen of a medicine announces its change from the one before.
        let chain = root[p]
        if program.announcesChanges || chainsWithChanges.contains(chain), let phase = program.phase(date) {
          if let previous = lastPhase[chain], previous.text != phase.text {
            let m = program.medicine
            let reduces = phase.average < previous.average
            let verb = reduces ? "reduces" : "increases"
            // Two plain doses read "40 → 35 mg"; anything else keeps both texts whole.
            let fromText =
              if let from = previous.single, phase.single != nil { Mass.decimalText(from.micrograms, scale: 1000) } else {
                previous.text
              }
            changes.append(
              DoseChange(
                date: date, medicine: p, drug: m.key, from: previous.text, to: phase.text,
                fromDaily: Mass(micrograms: previous.average), toDaily: Mass(micrograms: phase.average),
                isReduction: reduces,
                summary: "\(m.displayName) \(verb) today: \(fromText) → \(phase.text)"))
          }
          lastPhase[chain] = phase
        }
        for slot in slots {
          let actual = regular ? slot.time : clock.actualTime(of: slot.time, on: date)
          let key = regular ? "" : "\(date) \(slot.time)"
          if !regular, let twice = clock.repeatedOffsets(of: slot.time, on: date), shifted.insert(key).inserted {
            notice(
              .medication(program.medicine.index, .time),
              "\(slot.time) happens twice on \(date) in \(clock.identifier) (the clocks go back); the dose is at the "
                + "first \(slot.time) (\(ZoneClock.offsetText(twice.first))), but some calendar apps (Thunderbird, "
                + "Evolution) remind at the second (\(ZoneClock.offsetText(twice.second))), "
                + "\((twice.first - twice.second) / 60) minutes later: tell the patient, or choose a time outside the change")
          }
          if actual != slot.time {
            if shifted.insert(key).inserted {
              notice(
                .medication(program.medicine.index, .time),
                "\(slot.time) does not exist on \(date) in \(clock.identifier) (the clocks go forward); "
                  + "that dose is at \(actual)")
            }
          }
          administrations.append(
            Administration(
              medicine: p, drug: program.medicine.key, amount: slot.amount, route: program.medicine.route,
              time: actual, scheduledTime: slot.time, tablets: slot.tablets, note: slot.note,
              continuesAfterPlan: false))
        }
        if medicines[p].firstDate == nil { medicines[p].firstDate = date }
        medicines[p].lastDate = date
      }
      administrations.sort {
        ($0.time, $0.medicine) < ($1.time, $1.medicine)
      }
      days.append(PlanDay(date: date, number: offset + 1, administrations: administrations))
    }

    // Medicines still running after the last day: never let the plan read as a stop.
    for (p, program) in programs.enumerated() {
      guard let next = nextDose(program, after: end) else {
        if medicines[p].firstDate == nil && spec.medications[program.medicine.index].segment?.until == nil {
          warning(
            .medication(program.medicine.index),
            "\(program.medicine.displayName) has no dose inside the plan (\(spec.start) to \(end))")
        }
        continue
      }
      // The dose the patient is on at the end, not the next step's: a plan never hides a change.
      let current = medicines[p].lastDate.flatMap { program.phase($0) }
      let coming = program.phase(next)
      let text: String
      switch program.medicine.kind {
      case .ivig:
        text = "next course due \(next): continue courses every \(program.everyWeeks ?? 4) weeks until review"
      default:
        var t = "continue at \(current?.text ?? coming?.text ?? "the current dose") (\(program.medicine.scheduleText)) until review"
        // A taper or escalation still in progress says when it would take its next step, however far ahead.
        if let current,
          let from = (0..<366).lazy.map({ end.adding(days: 1 + $0) }).first(where: {
            program.isActive(on: $0) && program.phase($0).map { $0.text != current.text } == true
          }), let step = program.phase(from)
        {
          t += "; the planned next step is \(step.text) from \(from) — review before then"
        } else if let current, let coming, current.text != coming.text {
          t += "; the planned next step is \(coming.text) — review before then"
        }
        text = t
      }
      medicines[p].continuation = text
      // Mark the last administration(s) of the medicine on its last day in the plan.
      if let last = medicines[p].lastDate, let d = days.firstIndex(where: { $0.date == last }) {
        for a in days[d].administrations.indices where days[d].administrations[a].medicine == p {
          days[d].administrations[a].continuesAfterPlan = true
        }
      }
    }

    // The regimens of a medicine a revision changed say which days are theirs.
    let continued = Set(spec.medications.compactMap { $0.segment?.continues })
    for (p, program) in programs.enumerated() {
      let segment = spec.medications[program.medicine.index].segment
      if segment?.continues != nil, let first = medicines[p].firstDate {
        medicines[p].period = "from \(first)"
      } else if continued.contains(program.medicine.index), let until = segment?.until {
        medicines[p].period = "until \(min(until, medicines[p].lastDate ?? until))"
      }
    }

    for (p, program) in programs.enumerated() where program.medicine.kind == .prednisolone {
      if medicines[p].continuation == nil, let last = medicines[p].lastDate, last < end,
        spec.medications[program.medicine.index].segment?.until == nil
      {
        notice(.medication(program.medicine.index, .taper), "prednisolone stops after \(last)")
      }
    }

    return TreatmentPlan(
      id: spec.id, title: spec.title, start: spec.start, end: end, timeZone: spec.timeZone,
      revision: spec.revision, status: spec.status, clinic: spec.clinic, patient: spec.patient,
      medicines: medicines, days: days, changes: changes,
      notices: diagnostics.filter { $0.severity != .error })
  }

  /// The first date after `end` on which the program still gives a dose (looking a year ahead).
  func nextDose(_ program: Program, after end: CivilDate) -> CivilDate? {
    for offset in 1...366 {
      let date = end.adding(days: offset)
      if program.isActive(on: date), !program.slots(date).isEmpty { return date }
    }
    return nil
  }
}
