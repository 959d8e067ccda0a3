import TaperCore

/// Turns the decoded plan file into the core's typed values, noting every value that does not parse.
struct Converter {
  let index: LineIndex
  let file: String
  var findings: [LocatedDiagnostic] = []

  init(index: LineIndex, file: String) {
    self.index = index
    self.file = file
  }

  mutating func fail(_ path: String, _ message: String) {
    findings.append(LocatedDiagnostic(Diagnostic(.error, path, message), file: file, line: index.line(of: path)))
  }

  mutating func date(_ text: String, _ path: String) -> CivilDate? {
    if let d = CivilDate(iso: text) { return d }
    fail(path, "'\(text.prefix(40))' is not a date: write it as YYYY-MM-DD, and the day must exist")
    return nil
  }

  mutating func time(_ text: String, _ path: String) -> LocalTime? {
    if let t = LocalTime(parsing: text) { return t }
    fail(path, "'\(text.prefix(40))' is not a time: write it as \"HH:MM\" from 00:00 to 23:59, in quotes")
    return nil
  }

  mutating func mg(_ value: Double, _ path: String) -> Mass? {
    if let m = Mass.mg(value) { return m }
    fail(path, "\(value) is not a finite amount in mg")
    return nil
  }

  mutating func spec(_ dto: PlanFileDTO) -> PlanSpec? {
    let start = date(dto.plan.start, "plan.start")
    var status = PlanStatus.draft
    if let s = dto.plan.status {
      if let parsed = PlanStatus(rawValue: s) { status = parsed } else {
        fail("plan.status", "'\(s)' is not a status: draft or approved")
      }
    }
    let patient = self.patient(dto.patient)
    var medications: [MedicationSpec] = []
    for (i, entry) in dto.medications.enumerated() {
      medications.append(medication(entry, "medications[\(i)]"))
    }
    let monitoringTime = dto.monitoring?.time.flatMap { time($0, "monitoring.time") }
    guard let start, let patient else { return nil }
    let clinic = dto.clinic.map { Clinic(name: $0.name, phone: $0.phone, prescriber: $0.prescriber) }
    var spec = PlanSpec(
      id: dto.plan.id, title: dto.plan.title ?? "Medication plan", start: start,
      timeZone: dto.plan.timezone ?? "Europe/London", revision: dto.plan.revision ?? 1, status: status,
      weeks: dto.plan.weeks, clinic: clinic, patient: patient, medications: medications)
    spec.revisions = revisions(dto.revisions ?? [], first: spec.revision)
    if let m = dto.monitoring {
      let base = MonitoringRhythm.sharedCare
      spec.monitoring = MonitoringRhythm(
        fortnightlyUntilStableWeeks: m.fortnightlyUntilStableWeeks ?? base.fortnightlyUntilStableWeeks,
        monthlyCount: m.monthlyCount ?? base.monthlyCount, thenEveryWeeks: m.thenEveryWeeks ?? base.thenEveryWeeks,
        enabled: m.enabled ?? true, time: monitoringTime ?? base.time)
    }
    return spec
  }

  /// The later revisions, numbered on from the first revision's `plan.revision`.
  mutating func revisions(_ sections: [RevisionSection], first: Int) -> [PlanRevision] {
    var out: [PlanRevision] = []
    for (r, section) in sections.enumerated() {
      let path = "revisions[\(r)]"
      let number = first + r + 1
      if let written = section.revision, written != number {
        fail(
          "\(path).revision",
          "\(written) is not this revision's number: it comes after revision \(number - 1), so it is revision \(number)")
      }
      let effective = date(section.from, "\(path).from")
      let writtenOn = date(section.written, "\(path).written")
      var changes = PatientChanges()
      if let p = section.patient {
        let at = "\(path).patient"
        for key in p.fixedKeys {
          fail("\(at).\(key)", "`\(key)` does not change in a revision: it is the first revision's `patient.\(key)`")
        }
        if let w = p.weightKg {
          changes.weight = BodyWeight.kg(w)
          if changes.weight == nil { fail("\(at).weight_kg", "\(w) is not a finite weight in kg") }
        }
        changes.age = p.age
        if let g = p.group {
          changes.group = PatientGroup(rawValue: g)
          if changes.group == nil {
            fail("\(at).group", "'\(g.prefix(40))' is not a patient group: severe, non-severe or remission (the seed's three groups)")
          }
        }
        changes.line = p.line
        if let h = p.heightCm {
          changes.height = Height.cm(h)
          if changes.height == nil { fail("\(at).height_cm", "\(h) is not a finite height in cm") }
        }
        if let t = p.tpmt {
          changes.tpmt = TPMT(rawValue: t)
          if changes.tpmt == nil { fail("\(at).tpmt", "'\(t.prefix(20))' is not a TPMT result: normal, low, absent or unknown") }
        }
        changes.egfr = p.egfr
        changes.previousTreatment = p.previousTreatment
        changes.ild = p.ild
        changes.pregnant = p.pregnant
        changes.contraception = p.contraception
        changes.allopurinol = p.allopurinol
      }
      let medications = (section.medications ?? []).enumerated().map { j, entry in
        medication(entry, "\(path).medications[\(j)]")
      }
      var status: PlanStatus?
      if let s = section.status {
        status = PlanStatus(rawValue: s)
        if status == nil { fail("\(path).status", "'\(s.prefix(20))' is not a status: draft or approved") }
      }
      guard let effective, let writtenOn else { continue }
      var revision = PlanRevision(
        number: number, effective: effective, written: writtenOn, author: section.author, reason: section.reason,
        note: section.note, correction: section.correction ?? false, patient: changes, medications: medications,
        stops: section.stop ?? [])
      revision.status = status
      out.append(revision)
    }
    return out
  }

  mutating func patient(_ p: PatientSection) -> PatientSpec? {
    let weight = BodyWeight.kg(p.weightKg)
    if weight == nil { fail("patient.weight_kg", "\(p.weightKg) is not a finite weight in kg") }
    let group = PatientGroup(rawValue: p.group)
    if group == nil {
      fail(
        "patient.group",
        "'\(p.group.prefix(40))' is not a patient group: severe, non-severe or remission (the seed's three groups)")
    }
    var height: Height?
    if let h = p.heightCm {
      height = Height.cm(h)
      if height == nil { fail("patient.height_cm", "\(h) is not a finite height in cm") }
    }
    var sex: Sex?
    if let s = p.sex {
      sex = Sex(rawValue: s)
      if sex == nil { fail("patient.sex", "'\(s.prefix(20))' is not male or female") }
    }
    var tpmt: TPMT?
    if let t = p.tpmt {
      tpmt = TPMT(rawValue: t)
      if tpmt == nil { fail("patient.tpmt", "'\(t.prefix(20))' is not a TPMT result: normal, low, absent or unknown") }
    }
    guard let weight, let group else { return nil }
    var patient = PatientSpec(
      weight: weight, age: p.age, group: group, line: p.line ?? 1, height: height, sex: sex, label: p.label)
    patient.previousTreatment = p.previousTreatment
    patient.ild = p.ild
    patient.tpmt = tpmt
    patient.egfr = p.egfr
    patient.pregnant = p.pregnant
    patient.contraception = p.contraception
    patient.allopurinol = p.allopurinol
    return patient
  }

  mutating func medication(_ e: MedicationEntry, _ path: String) -> MedicationSpec {
    var m = MedicationSpec(drug: e.drug)
    m.name = e.name
    m.doseText = e.dose
    if let v = e.doseMg { m.dose = mg(v, "\(path).dose_mg") }
    if let v = e.mgPerKg {
      m.mgPerKg = MassPerKilogram.mgPerKg(v)
      if m.mgPerKg == nil { fail("\(path).mg_per_kg", "\(v) is not a finite mg/kg") }
    }
    if let v = e.gPerKg {
      m.gPerKg = MassPerKilogram.gPerKg(v)
      if m.gPerKg == nil { fail("\(path).g_per_kg", "\(v) is not a finite g/kg") }
    }
    if let v = e.gPerKgPerDay {
      m.gPerKgPerDay = MassPerKilogram.gPerKg(v)
      if m.gPerKgPerDay == nil { fail("\(path).g_per_kg_per_day", "\(v) is not a finite g/kg") }
    }
    m.days = e.days
    if let t = e.time { m.time = time(t, "\(path).time") }
    if let ts = e.times {
      m.times = ts.enumerated().compactMap { time($0.element, "\(path).times[\($0.offset)]") }
    }
    if let tablets = e.tabletsMg {
      m.tablets = tablets.enumerated().compactMap { mg($0.element, "\(path).tablets_mg[\($0.offset)]") }
    }
    if let taper = e.taper { m.taper = self.taper(taper, "\(path).taper") }
    if let days = e.weekday {
      var parsed: [Weekday] = []
      for d in days {
        if let w = Weekday(parsing: d) { parsed.append(w) } else {
          fail("\(path).weekday", "'\(d.prefix(20))' is not a weekday (monday … sunday)")
        }
      }
      m.weekdays = parsed
    }
    if let text = e.pattern {
      m.pattern = SchedulePattern(rawValue: text)
      if m.pattern == nil {
        fail("\(path).pattern", "'\(text.prefix(40))' is not a folic acid pattern: the one pattern is daily-except-methotrexate")
      }
    }
    if let r = e.route {
      m.route = RouteSpec(written: r)
      if m.route == nil {
        fail("\(path).route", "'\(r.prefix(40))' is not a route: oral, intravenous, subcutaneous or intramuscular")
      }
    }
    if let inc = e.increase, let by = mg(inc.byMg, "\(path).increase.by_mg"), let to = mg(inc.toMg, "\(path).increase.to_mg") {
      m.increase = Escalation(by: by, everyWeeks: inc.everyWeeks, to: to)
    }
    switch e.start {
    case .day(let n): m.start = .day(n)
    case .date(let text): m.start = date(text, "\(path).start").map(MedicationStart.date)
    case nil: break
    }
    if let s = e.stop { m.stop = date(s, "\(path).stop") }
    for (j, p) in (e.pauses ?? []).enumerated() {
      if let from = date(p.from, "\(path).pauses[\(j)].from"), let to = date(p.to, "\(path).pauses[\(j)].to") {
        m.pauses.append(Pause(from: from, to: to, reason: p.reason))
      }
    }
    m.everyWeeks = e.everyWeeks
    m.everyDays = e.everyDays
    m.courses = e.courses
    if let w = e.dosingWeight {
      m.dosingWeight = DosingWeight(rawValue: w)
      if m.dosingWeight == nil {
        fail("\(path).dosing_weight", "'\(w.prefix(40))' is not a dosing weight: actual, ideal or adjusted")
      }
    }
    m.onDays = e.onDays
    m.setBySpecialist = e.setBySpecialist
    m.durationMinutes = e.durationMinutes
    m.instructions = e.instructions
    m.nameConfirmed = e.nameConfirmed
    return m
  }

  mutating func taper(_ t: TaperEntry, _ path: String) -> TaperSpec? {
    let kinds = [t.rules != nil, t.steps != nil, t.protocol != nil].filter { $0 }.count
    if kinds != 1 {
      fail(path, "give exactly one of `rules`, `steps` or `protocol`")
      return nil
    }
    if let name = t.protocol {
      if t.holdWeeks != nil { fail("\(path).hold_weeks", "a protocol sets its own hold; leave out hold_weeks") }
      return .protocol(name: name, finalDose: t.finalMg.flatMap { mg($0, "\(path).final_mg") })
    }
    if let steps = t.steps {
      if t.holdWeeks != nil || t.finalMg != nil {
        fail(path, "steps set every dose; hold_weeks and final_mg belong to rule tapers")
      }
      return .steps(
        steps.enumerated().map { j, s in
          TaperStep(
            doses: s.doseMg.enumerated().compactMap { mg($0.element, "\(path).steps[\(j)].dose_mg") },
            weeks: s.weeks)
        })
    }
    let rules = (t.rules ?? []).enumerated().compactMap { j, r -> TaperRule? in
      guard let above = mg(r.aboveMg, "\(path).rules[\(j)].above_mg"),
        let reduce = mg(r.reduceMg, "\(path).rules[\(j)].reduce_mg")
      else { return nil }
      return TaperRule(above: above, reduce: reduce, everyWeeks: r.everyWeeks)
    }
    let final = t.finalMg.flatMap { mg($0, "\(path).final_mg") } ?? .zero
    if t.finalMg == nil {
      fail("\(path).final_mg", "a rule taper needs `final_mg`: the dose held to the end of the plan (0 = stop)")
    }
    return .rules(holdWeeks: t.holdWeeks ?? 4, rules: rules, finalDose: final)
  }
}
