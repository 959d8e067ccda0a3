import TaperUnicode

extension PlanContext {
  // MARK: - Methylprednisolone pulse

  mutating func pulseProgram(_ ctx: inout MedicationContext) -> Program? {
    allowKeys(ctx)
    let limits = DoseLimits.methylprednisolonePulse
    let dose = ctx.spec.dose ?? limits.seedDose
    require(
      dose, in: limits.dailyDose, .medication(ctx.index, .dose), what: "methylprednisolone pulse per day",
      source: "seed's (\(limits.seedDose.exactGramsText) daily; eTG \(limits.dailyDose.gramsText))")
    guard let days = ctx.spec.days else {
      error(
        .medication(ctx.index, .days),
        "the pulse needs `\(keys.key(.days))`: the seed gives \(limits.seedDose.exactGramsText) daily for "
          + "\(limits.days.rangeText) days")
      return nil
    }
    if !limits.days.contains(days) {
      error(
        .medication(ctx.index, .days),
        "\(days) days is outside the seed's \(limits.days.rangeText) days of pulse methylprednisolone")
      return nil
    }
    let duration = checkedDuration(ctx, default: 60, minimum: 30)
    let first = startDate(ctx, default: spec.start)
    let window = window(ctx, first: first)
    let pulseDays = (0..<days).map { first.adding(days: $0) }
    refuseCutCourses(ctx, window: window, courses: [pulseDays], what: "the pulse", fix: "give fewer `\(keys.key(.days))` instead")
    let time = singleTime(ctx, default: LocalTime(hour: 10, minute: 0)!)
    var medicine = ctx.medicine(
      route: .intravenous, times: [time], schedule: "once daily for \(days) days at \(time)",
      instructions: ["Given in hospital as an intravenous infusion over \(duration) minutes, once a day for \(days) days."])
    medicine.durationMinutes = duration
    let amount = DoseAmount.milligrams(dose)
    var program = Program(
      medicine: medicine, first: first, stop: window.stop, pauses: window.pauses,
      slots: { date in
        let k = first.days(to: date)
        guard (0..<days).contains(k) else { return [] }
        return [Slot(time: time, amount: amount, tablets: [], note: "pulse day \(k + 1) of \(days)")]
      },
      phase: { _ in Phase(text: amount.description, average: dose.micrograms) },
      settled: first.adding(days: days), announcesChanges: false)
    program.courseDays = [pulseDays]
    return program
  }

  /// Refuses a `stop` or a pause that removes part of an infusion course (a pulse, an IVIG course): the seed
  /// gives each on consecutive days, and a course cut short is a different dose from the one written. A stop
  /// before a whole later course is refused too (plan fewer courses instead).
  mutating func refuseCutCourses(
    _ ctx: MedicationContext, window: (stop: CivilDate?, pauses: [Pause]), courses: [[CivilDate]], what: String,
    fix: String
  ) {
    let numbered = courses.count > 1
    for (k, course) in courses.enumerated() {
      guard let firstDay = course.first, let lastDay = course.last else { continue }
      let name = numbered ? "\(what) \(k + 1) of \(courses.count)" : what
      if let stop = window.stop, stop < lastDay {
        let given = course.filter { $0 <= stop }.count
        error(
          .medication(ctx.index, .stop),
          given > 0
            ? "stop \(stop) cuts \(name) (\(firstDay) to \(lastDay)) after \(given) of its \(course.count) days: \(fix)"
            : "stop \(stop) comes before \(name) (\(firstDay) to \(lastDay)), which would not be given: \(fix)")
        return
      }
      for (j, pause) in window.pauses.enumerated() {
        let hit = course.filter { pause.from <= $0 && $0 <= pause.to }
        guard !hit.isEmpty, hit.count < course.count || !numbered else { continue }
        error(
          .pause(ctx.index, pause: j),
          "the pause \(pause.from) to \(pause.to) removes \(hit.count) of the \(course.count) days of \(name) "
            + "(\(firstDay) to \(lastDay)): a course is given on consecutive days; \(fix)")
        return
      }
    }
  }

  mutating func checkedDuration(_ ctx: MedicationContext, default fallback: Int, minimum: Int) -> Int {
    guard let d = ctx.spec.durationMinutes else { return fallback }
    if d < minimum || d > 12 * 60 {
      error(.medication(ctx.index, .durationMinutes), "\(d) minutes is outside \(minimum)–720 minutes for an infusion")
      return fallback
    }
    return d
  }

  // MARK: - Methotrexate

  mutating func methotrexateProgram(_ ctx: inout MedicationContext) -> Program? {
    allowKeys(ctx)
    let p = ctx.index
    let limits = DoseLimits.methotrexate
    guard let dose = ctx.spec.dose else {
      error(.medication(p, .dose), "methotrexate needs `\(keys.key(.dose))`: \(limits.weeklyDose.mgText) once weekly (seed)")
      return nil
    }
    if let every = ctx.spec.everyWeeks, every != 1, let message = methotrexateKeyMessage(.everyWeeks, ctx.spec) {
      error(.medication(p, .everyWeeks), message)
    }
    let step = limits.step
    require(dose, in: limits.weeklyDose, .medication(p, .dose), what: "methotrexate once weekly", source: "seed's")
    if !dose.isMultiple(of: step) {
      error(
        .medication(p, .dose),
        "\(dose.mgText) is not a multiple of \(step.mgText); methotrexate is prescribed in \(step.mgText) steps "
          + "(\(step.mgText) tablets only)")
    }
    if let tablets = ctx.spec.tablets, tablets != [step] {
      error(
        .medication(p, .tablets),
        "methotrexate tablets are \(step.mgText) only: one strength avoids overdose (UK ICB policy; 10 mg tablets are "
          + "blocked)")
    }
    guard let weekdays = ctx.spec.weekdays, weekdays.count == 1 else {
      let n = ctx.spec.weekdays?.count ?? 0
      error(
        .medication(p, .weekdays),
        n == 0
          ? "methotrexate needs exactly one `\(keys.key(.weekdays))` (for example weekday: monday): once weekly on the same day (seed; MHRA 2020)"
          : "methotrexate is taken once weekly on the same day: \(n) weekdays (\(ctx.spec.weekdays!.map(\.name).joined(separator: ", "))) are refused")
      return nil
    }
    let weekday = weekdays[0]
    let given = ctx.spec.route ?? .systemic(.oral)
    guard case .systemic(let route) = given, [.oral, .subcutaneous, .intramuscular].contains(route) else {
      error(.medication(p, .route), "'\(given.text)' is not a methotrexate route: oral, subcutaneous or intramuscular (seed)")
      return nil
    }
    let first = startDate(ctx, default: spec.start)
    let window = window(ctx, first: first)
    let firstDose = first.adding(days: (weekday.isoIndex - first.weekday.isoIndex + 7) % 7)
    let segments = escalation(
      ctx, start: dose, from: firstDose, box: nil, maximum: limits.weeklyDose.upperBound,
      maximumText: "the seed's maximum of \(limits.weeklyDose.upperBound.mgText) once weekly for methotrexate",
      step: step)
    let time = singleTime(ctx, default: LocalTime(hour: 8, minute: 0)!)
    let box = TabletBox([step])
    let how: String
    switch route {
    case .oral: how = "Take the tablets together, once a week on \(weekday.name) only."
    case .subcutaneous: how = "Inject under the skin once a week on \(weekday.name) only."
    default: how = "Injection into a muscle once a week on \(weekday.name) only."
    }
    let medicine = ctx.medicine(
      route: route, times: [time], schedule: "once weekly on \(weekday.name)",
      instructions: [how, "Never take methotrexate on any other day."])
    var program = Program(
      medicine: medicine, first: first, stop: window.stop, pauses: window.pauses,
      slots: { date in
        guard date.weekday == weekday, let d = segments.dose(on: date) else { return [] }
        let tablets = route == .oral ? box.tablets(for: d) ?? [] : []
        return [Slot(time: time, amount: .milligrams(d), tablets: tablets, note: "once weekly (\(weekday.name))")]
      },
      phase: { date in segments.segment(on: date).map { Phase($0) } },
      settled: segments.settled ?? firstDose, announcesChanges: true)
    program.weekday = weekday
    return program
  }

  // MARK: - Folic acid

  mutating func folicAcidProgram(_ ctx: inout MedicationContext, methotrexate: MethotrexateFacts?) -> Program? {
    allowKeys(ctx)
    let p = ctx.index
    let limits = DoseLimits.folicAcid
    let dose = ctx.spec.dose ?? limits.usualDose
    if dose.micrograms <= 0 || dose > limits.maximum {
      error(
        .medication(p, .dose),
        "\(dose.mgText) is outside 0–\(limits.maximum.mgText) of folic acid with methotrexate (\(limits.source): "
          + "\(limits.usualDose.mgText) weekly, up to \(limits.maximum.mgText))")
    }
    // Which days, as a rule of the date: a revision may move methotrexate to another weekday, and folic acid
    // follows the regimen that covers each date.
    enum Rule { case exceptMethotrexate, dayAfterMethotrexate, weekdays(Set<Weekday>) }
    let rule: Rule
    let days: [Weekday]
    if ctx.spec.pattern == .dailyExceptMethotrexate {
      if ctx.spec.weekdays != nil {
        error(.medication(p, .weekdays), "give either `\(keys.key(.weekdays))` or `\(keys.key(.pattern))`, not both")
      }
      guard let mtx = methotrexate else {
        error(.medication(p, .pattern), "daily-except-methotrexate needs methotrexate in the plan")
        return nil
      }
      days = Weekday.allCases.filter { $0 != mtx.weekday }
      rule = .exceptMethotrexate
    } else if let given = ctx.spec.weekdays, !given.isEmpty {
      days = given
      rule = .weekdays(Set(given))
    } else if let mtx = methotrexate {
      days = [mtx.weekday.next]
      rule = .dayAfterMethotrexate
    } else {
      error(.medication(p, .weekdays), "folic acid needs a `\(keys.key(.weekdays))` (there is no methotrexate day to follow)")
      return nil
    }
    if let mtx = methotrexate, case .weekdays(let set) = rule,
      let clash = mtx.regimens.first(where: { set.contains($0.weekday) })
    {
      let from = clash.start == mtx.start ? "" : " from \(clash.start)"
      error(
        .medication(p, .weekdays),
        "folic acid on \(clash.weekday.name), the methotrexate day\(from), is refused: never on the methotrexate day (SPS; BSR)")
      return nil
    }
    let first = startDate(ctx, default: methotrexate?.start ?? spec.start)
    var window = window(ctx, first: first)
    if window.stop == nil, let stop = methotrexate?.stop { window.stop = stop.adding(days: 1) }
    let time = singleTime(ctx, default: LocalTime(hour: 8, minute: 0)!)
    let daySet = Set(days)
    let schedule =
      days.count == 6 ? "daily except the methotrexate day"
      : days.count == 1 ? "once weekly on \(days[0].name)"
      : "on " + days.sorted().map(\.name).joined(separator: ", ")
    var instructions = ["Take \(schedule)."]
    if let mtx = methotrexate {
      instructions.append(
        mtx.regimens.count == 1
          ? "Never on \(mtx.weekday.name), the methotrexate day."
          : "Never on a methotrexate day (" + mtx.regimens.map { "\($0.weekday.name) from \($0.start)" }.joined(separator: ", ")
            + ").")
    }
    let medicine = ctx.medicine(route: .oral, times: [time], schedule: schedule, instructions: instructions)
    let amount = DoseAmount.milligrams(dose)
    let slot = [Slot(time: time, amount: amount, tablets: [], note: nil)]
    return Program(
      medicine: medicine, first: first, stop: window.stop, pauses: window.pauses,
      slots: { date in
        switch rule {
        case .weekdays: return daySet.contains(date.weekday) ? slot : []
        // One regimen: the weekday rule as written; several: the regimen that covers the date decides.
        case .exceptMethotrexate:
          guard let mtx = methotrexate, mtx.regimens.count > 1 else { return daySet.contains(date.weekday) ? slot : [] }
          return mtx.isMethotrexateDay(date) ? [] : slot
        case .dayAfterMethotrexate:
          guard let mtx = methotrexate, mtx.regimens.count > 1 else { return daySet.contains(date.weekday) ? slot : [] }
          return mtx.isMethotrexateDay(date.adding(days: -1)) ? slot : []
        }
      },
      phase: { _ in Phase(text: amount.description, average: dose.micrograms) },
      settled: first, announcesChanges: false)
  }

  // MARK: - Azathioprine

  mutating func azathioprineProgram(_ ctx: inout MedicationContext) -> Program? {
    allowKeys(ctx)
    let p = ctx.index
    let limits = DoseLimits.azathioprine
    guard let dose = ctx.spec.dose else {
      error(.medication(p, .dose), "azathioprine needs `\(keys.key(.dose))`: \(limits.start.mgText) once daily initially (seed)")
      return nil
    }
    let maximum = limits.maximumPerKilogram * ctx.weight(spec)
    let maxText =
      "the seed's maximum of \(limits.maximumPerKilogram.mgPerKgText)/day for azathioprine (\(maximum.mgText) at "
      + "\(ctx.weight(spec)))"
    if spec.patient.group.isInitialPresentation && !ctx.isContinuation {
      require(
        dose, in: limits.start, .medication(p, .dose), what: "starting azathioprine at initial presentation", source: "seed's")
    } else if dose.micrograms <= 0 {
      error(.medication(p, .dose), "\(dose.mgText) is not a dose")
    }
    if dose > maximum { error(.medication(p, .dose), "\(dose.mgText) is above \(maxText)") }
    let box = tabletBox(ctx, default: [Mass(mg: 50), Mass(mg: 25)])
    if !box.canMake(dose) {
      error(.medication(p, .dose), "\(dose.mgText) cannot be made from \(box.text) tablets")
    }
    let first = startDate(ctx, default: spec.start)
    let window = window(ctx, first: first)
    let segments = escalation(
      ctx, start: dose, from: first, box: box, maximum: maximum, maximumText: maxText)
    let time = singleTime(ctx, default: LocalTime(hour: 8, minute: 0)!)
    let medicine = ctx.medicine(
      route: .oral, times: [time], schedule: "once daily",
      instructions: ["Take once a day with or after food."])
    return dailyProgram(medicine, first: first, window: window, segments: segments, box: box, time: time)
  }

  func dailyProgram(
    _ medicine: Medicine, first: CivilDate, window: (stop: CivilDate?, pauses: [Pause]), segments: Segments,
    box: TabletBox, time: LocalTime
  ) -> Program {
    Program(
      medicine: medicine, first: first, stop: window.stop, pauses: window.pauses,
      slots: { date in
        guard let d = segments.dose(on: date), d > .zero else { return [] }
        return [Slot(time: time, amount: .milligrams(d), tablets: box.tablets(for: d) ?? [], note: nil)]
      },
      phase: { date in segments.segment(on: date).map { Phase($0) } },
      settled: segments.settled ?? first, announcesChanges: true)
  }

  // MARK: - Mycophenolate

  mutating func mycophenolateProgram(_ ctx: inout MedicationContext) -> Program? {
    allowKeys(ctx)
    let p = ctx.index
    let product = ctx.kind == .mycophenolicAcid ? MycophenolateProduct.mycophenolicAcid : .mofetil
    guard let dose = ctx.spec.dose else {
      error(.medication(p, .dose), "\(product.name) needs `\(keys.key(.dose))` (the daily total): \(product.startText) (seed\(product.conversion))")
      return nil
    }
    let maximum = product.limits.maximum
    if spec.patient.group.isInitialPresentation && !ctx.isContinuation {
      require(
        dose, in: product.limits.start, .medication(p, .dose),
        what: "starting \(product.name) (\(product.startText))", source: "seed's\(product.conversion)")
    } else {
      require(
        dose, in: product.limits.lowest...maximum, .medication(p, .dose), what: "\(product.name) a day",
        source: "seed's\(product.conversion)")
    }
    if ctx.spec.time != nil && ctx.spec.times != nil {
      error(.medication(p, .times), "give either `\(keys.key(.time))` or `\(keys.key(.times))`, not both")
    }
    let times = ctx.spec.times ?? ctx.spec.time.map { [$0] } ?? [LocalTime(hour: 8, minute: 0)!, LocalTime(hour: 20, minute: 0)!]
    if times.count > 2 || times.isEmpty {
      error(.medication(p, .times), "\(product.name) is given once or twice daily: give one or two times, not \(times.count)")
      return nil
    }
    if times.count == 2 && times[0] >= times[1] {
      error(.medication(p, .times), "give the morning time first: \(times[0]) is not before \(times[1])")
    } else if times.count == 2, times[1].minutesSinceMidnight - times[0].minutesSinceMidnight < 8 * 60 {
      warning(
        .medication(p, .times),
        "\(times[0]) and \(times[1]) are less than 8 hours apart: the seed's \"2 divided doses\" are given about 12 hours "
          + "apart (morning and evening)")
    }
    let box = tabletBox(ctx, default: product.tablets)
    let first = startDate(ctx, default: spec.start)
    let window = window(ctx, first: first)
    let segments = escalation(
      ctx, start: dose, from: first, box: nil, maximum: maximum,
      maximumText: "the seed's maximum of \(maximum.mgText) a day in \(product.limits.dividedDoses) divided doses for "
        + "\(product.name)\(product.conversion)")
    // Every daily total must split into doses the tablets make.
    var splits: [Int: [Mass]] = [:]
    for segment in segments.list {
      let total = segment.pattern[0]
      guard let split = Self.splitDaily(total, box: box, single: product.limits.singleStartDose) else {
        let at: PlanLocation = segment.start == first ? .medication(p, .dose) : .increase(p, .by)
        error(
          at,
          "\(total.mgText) a day\(segment.start == first ? "" : " (reached on \(segment.start))") cannot be split into "
            + "doses that \(box.text) tablets make")
        return nil
      }
      if split.count == 2 && times.count < 2 {
        error(
          .medication(p, .times),
          "\(total.mgText) a day is given in 2 divided doses (seed: \"in 2 divided doses\"); give two `\(keys.key(.times))`")
        return nil
      }
      splits[total.micrograms] = split
    }
    let twice = times.count == 2
    let medicine = ctx.medicine(
      route: .oral, times: times,
      schedule: twice ? "twice daily at \(timesText(times))" : "once daily at \(times[0])",
      instructions: ["Swallow whole; take at the same times each day."])
    let table = splits
    return Program(
      medicine: medicine, first: first, stop: window.stop, pauses: window.pauses,
      slots: { date in
        guard let total = segments.dose(on: date), let split = table[total.micrograms] else { return [] }
        return zip(times, split).map { time, d in
          Slot(time: time, amount: .milligrams(d), tablets: box.tablets(for: d) ?? [], note: nil)
        }
      },
      phase: { date in segments.segment(on: date).map { Phase(text: "\($0.text) a day", average: $0.averageMicrograms) } },
      settled: segments.settled ?? first, announcesChanges: true)
  }

  /// Up to `single` (500 mg of mofetil) a day is one dose; more is two doses, equal where the tablets allow, the
  /// larger in the morning.
  static func splitDaily(
    _ total: Mass, box: TabletBox, single: Mass = DoseLimits.mycophenolateMofetil.singleStartDose
  ) -> [Mass]? {
    if total <= single { return box.canMake(total) ? [total] : nil }
    var evening = Mass(micrograms: total.micrograms / 2)
    while evening > .zero {
      let morning = total - evening
      if box.canMake(evening) && box.canMake(morning) { return [morning, evening] }
      evening = evening - Mass(micrograms: 1000)
    }
    return nil
  }

  // MARK: - IVIG

  mutating func ivigProgram(_ ctx: inout MedicationContext) -> Program? {
    allowKeys(ctx)
    let p = ctx.index
    let limits = DoseLimits.ivig
    guard let days = ctx.spec.days, limits.days.contains(days) else {
      error(
        .medication(p, .days),
        "\(ctx.spec.days.map { "\($0) days" } ?? "no `\(keys.key(.days))`"): the seed splits IVIG over \(limits.days.rangeText) "
          + "consecutive days")
      return nil
    }
    let seedCourse = limits.coursePerKilogram
    // The examples in the message are the seed's course over its fewest and its most days.
    func perDayExample(_ n: Int) -> String {
      "\(MassPerKilogram(microgramsPerKilogram: seedCourse.microgramsPerKilogram / n).gPerKgText) a day × \(n) days"
    }
    if ctx.spec.gPerKg != nil && ctx.spec.gPerKgPerDay != nil {
      error(.medication(p, .gPerKgPerDay), "give the dose once: `\(keys.key(.gPerKg))` (per course) or `\(keys.key(.gPerKgPerDay))`, not both")
      return nil
    }
    let rate: MassPerKilogram
    let field: MedicationSpec.Field
    if let perDay = ctx.spec.gPerKgPerDay {
      field = .gPerKgPerDay
      rate = MassPerKilogram(microgramsPerKilogram: perDay.microgramsPerKilogram.multipliedReportingOverflow(by: days).overflow
        ? .max : perDay.microgramsPerKilogram * days)
      if perDay.microgramsPerKilogram <= 0 || rate > seedCourse {
        error(
          .medication(p, .gPerKgPerDay),
          "\(perDay.gPerKgText) a day × \(days) days = \(rate.gPerKgText) per course, outside the seed's dose of up to "
            + "\(seedCourse.gPerKgText) per course (for example \(perDayExample(limits.days.lowerBound)), or "
            + "\(perDayExample(limits.days.upperBound)))")
        return nil
      }
    } else {
      field = .gPerKg
      rate = ctx.spec.gPerKg ?? seedCourse
      if rate.microgramsPerKilogram <= 0 || rate > seedCourse {
        error(
          .medication(p, .gPerKg), "\(rate.gPerKgText) is outside the seed's dose of up to \(seedCourse.gPerKgText) per course")
        return nil
      }
    }
    // Shown to 0.01 g/kg ("0.67 g/kg a day × 3 days"); the doses themselves come from the course total.
    let ratePerDay = MassPerKilogram(microgramsPerKilogram: (rate.microgramsPerKilogram / days + 5_000) / 10_000 * 10_000)
    if rate != seedCourse {
      notice(
        .medication(p, field),
        "the IVIG course totals \(rate.gPerKgText) (\(ratePerDay.gPerKgText) a day × \(days) days), not the seed's "
          + "\(seedCourse.gPerKgText) per course"
          + (field == .gPerKg ? "; `\(keys.key(.gPerKg))` is per course — for a dose per day write `\(keys.key(.gPerKgPerDay))`" : ""))
    }
    let every = ctx.spec.everyWeeks ?? limits.everyWeeks.lowerBound
    if !limits.everyWeeks.contains(every) {
      error(
        .medication(p, .everyWeeks),
        "every \(every) weeks: IVIG courses are every \(limits.everyWeeks.lowerBound) weeks at the most often (seed), "
          + "at most \(limits.everyWeeks.upperBound)")
      return nil
    }
    guard let courses = ctx.spec.courses, (1...130).contains(courses) else {
      error(
        .medication(p, .courses),
        ctx.spec.courses.map { "\($0) courses is outside 1–130" } ?? "IVIG needs `\(keys.key(.courses))`: how many courses to plan (1–130)")
      return nil
    }
    var patient = spec.patient
    patient.weight = ctx.weight(spec)
    var basis = "actual weight \(patient.weight)"
    var weight = patient.weight
    let bmi = patient.height.map { h in
      patient.weight.kilograms / ((h.centimetres / 100) * (h.centimetres / 100))
    }
    switch ctx.spec.dosingWeight ?? .actual {
    case .actual: break
    case let kind:
      guard let height = patient.height, let sex = patient.sex else {
        error(.medication(p, .dosingWeight), "\(kind) dosing weight needs \(keys.path(.patient(.height))) and \(keys.path(.patient(.sex))) (Devine formula)")
        return nil
      }
      guard let ibw = DosingWeight.idealBodyWeight(height: height, sex: sex) else {
        error(
          .medication(p, .dosingWeight),
          "\(kind) dosing weight uses the Devine formula, which holds from 152.4 cm (60 in); the patient is \(height): "
            + "use \(keys.key(.dosingWeight)): actual")
        return nil
      }
      if kind == .ideal {
        weight = min(ibw, patient.weight)
        basis =
          "ideal body weight (Devine: \(sex == .male ? "50" : "45.5") + 2.3 × (height in inches − 60) = \(ibw))"
      } else {
        let adjusted = DosingWeight.adjustedBodyWeight(ideal: ibw, actual: patient.weight)
        weight = min(adjusted, patient.weight)
        basis = "adjusted body weight (IBW \(ibw) + 0.4 × (actual \(patient.weight) − IBW) = \(adjusted))"
      }
      if weight == patient.weight && ibw > patient.weight {
        basis += ", capped at the actual weight \(patient.weight)"
      }
    }
    if let bmi, bmi >= 30, ctx.spec.dosingWeight == nil {
      warning(
        .medication(p, .dosingWeight),
        "BMI \(bmi.rounded(toPlaces: 1)) ≥ 30: state the dosing-weight basis (actual, ideal or adjusted); "
          + "the label advises dosing overweight patients on a standard body weight")
    }
    if patient.height == nil {
      warning(.patient(.height), "IVIG without a height: BMI cannot be assessed for the dosing weight")
    }
    let course = rate * weight
    // Each day's dose is rounded down to 0.1 g, so the course never exceeds g/kg × dosing weight.
    let perDay = Mass(micrograms: course.micrograms / days / 100_000 * 100_000)
    let rateText =
      field == .gPerKgPerDay ? "\(ratePerDay.gPerKgText) a day × \(days) days = \(rate.gPerKgText) per course" : rate.gPerKgText
    let basisText =
      "\(rateText) × \(weight) (\(basis)) = \(course.gramsText) per course, \(perDay.gramsText) a day over \(days) days"
    notice(.medication(p, field), "IVIG dose: \(basisText)")
    let duration = checkedDuration(ctx, default: 240, minimum: 60)
    let first = startDate(ctx, default: spec.start)
    let window = window(ctx, first: first)
    let time = singleTime(ctx, default: LocalTime(hour: 9, minute: 0)!)
    var medicine = ctx.medicine(
      route: .intravenous, times: [time],
      schedule: "\(days) consecutive days every \(every) weeks (\(courses) course\(courses == 1 ? "" : "s"))",
      instructions: ["Given in hospital as an intravenous infusion on \(days) consecutive days every \(every) weeks."])
    medicine.durationMinutes = duration
    medicine.doseBasis = basisText
    let cycle = 7 * every
    let amount = DoseAmount.grams(perDay)
    var program = Program(
      medicine: medicine, first: first, stop: window.stop, pauses: window.pauses,
      slots: { date in
        let offset = first.days(to: date)
        guard offset >= 0 else { return [] }
        let k = offset / cycle, j = offset % cycle
        guard k < courses, j < days else { return [] }
        return [
          Slot(time: time, amount: amount, tablets: [], note: "IVIG course \(k + 1) of \(courses), day \(j + 1) of \(days)")
        ]
      },
      phase: { _ in Phase(text: amount.description, average: perDay.micrograms) },
      settled: first.adding(days: cycle * (courses - 1) + days), announcesChanges: false)
    program.everyWeeks = every
    let courseDays = (0..<courses).map { k in (0..<days).map { first.adding(days: k * cycle + $0) } }
    program.courseDays = courseDays
    refuseCutCourses(
      ctx, window: window, courses: courseDays, what: "IVIG course",
      fix: "move the stop or the pause to a day outside the course, or plan fewer `\(keys.key(.courses))`")
    for (j, pause) in window.pauses.enumerated() {
      let whole = courseDays.enumerated().filter { _, course in course.allSatisfy { pause.from <= $0 && $0 <= pause.to } }
      if !whole.isEmpty {
        warning(
          .pause(p, pause: j),
          "the pause omits IVIG course\(whole.count == 1 ? "" : "s") \(whole.map { "\($0.offset + 1)" }.joined(separator: ", "))"
            + " of \(courses) (from \(whole[0].element[0])); omitted courses are not rescheduled")
      }
    }
    return program
  }

  // MARK: - Specialist agents and other medicines

  mutating func textDoseProgram(_ ctx: inout MedicationContext) -> Program? {
    let p = ctx.index
    let specialist = ctx.kind.isSpecialist
    allowKeys(ctx)
    if !specialist && (ctx.spec.name ?? "").trimmed.isEmpty {
      error(.medication(p, .name), "an `other` medicine needs its `name` (for example alendronic acid)")
      return nil
    }
    guard let text = ctx.spec.doseText?.trimmed, !text.isEmpty, text.count <= 60 else {
      error(
        .medication(p, .doseText),
        specialist
          ? "\(ctx.key) needs the specialist's dose as text in `\(keys.key(.doseText))` (seed: consult specialist for guidance on dose); Taper never suggests one"
          : "give the dose as text in `\(keys.key(.doseText))` (at most 60 characters), for example \"70 mg\"")
      return nil
    }
    if specialist && ctx.spec.setBySpecialist != true {
      error(
        .medication(p, .setBySpecialist),
        "\(ctx.key) is dosed by a specialist (seed); confirm the dose text with `\(keys.key(.setBySpecialist)): true`")
      return nil
    }
    let route: Route
    switch ctx.spec.route {
    case nil: route = .unspecified
    case .systemic(let given)?: route = given
    case .local(let word)?:
      error(.medication(p, .route), "'\(word)' is not a route: oral, intravenous, subcutaneous or intramuscular")
      return nil
    }
    let first = startDate(ctx, default: spec.start)
    let window = window(ctx, first: first)
    let amount = DoseAmount.text(text)
    guard let schedule = explicitSchedule(ctx, first: first, amount: amount, tablets: { _ in [] }) else { return nil }
    if case .specialist(let agent) = ctx.kind, schedule.isDaily,
      route == .intravenous || agent == .rituximab || agent == .cyclophosphamide
    {
      warning(
        .medication(p, .times),
        "\(ctx.displayName) every day (\(schedule.text)): specialist infusions are given on set days — for example "
          + "rituximab 1 g on days 1 and 15, cyclophosphamide every 4 weeks (shared/clinical-notes §1.4); give "
          + "`\(keys.key(.onDays))` or `\(keys.key(.everyWeeks))` unless a daily dose is intended")
    }
    var medicine = ctx.medicine(
      route: route, times: schedule.times, schedule: schedule.text,
      instructions: specialist ? ["Dose and schedule set by the specialist: \(text), \(schedule.text)."] : [])
    if route == .intravenous { medicine.durationMinutes = checkedDuration(ctx, default: 240, minimum: 15) }
    return Program(
      medicine: medicine, first: first, stop: window.stop, pauses: window.pauses, slots: schedule.slots,
      phase: { _ in Phase(text: text, average: 0) }, settled: schedule.settled, announcesChanges: false)
  }

  /// A schedule the clinician wrote out: `on_days`, `weekday` (with `every_weeks`) or daily `times`. There is
  /// no default: a medicine whose dose Taper does not plan must not get a schedule Taper invented.
  mutating func explicitSchedule(
    _ ctx: MedicationContext, first: CivilDate, amount: DoseAmount,
    tablets: @escaping @Sendable (DoseAmount) -> [TabletCount]
  ) -> ExplicitSchedule? {
    let p = ctx.index
    let given = [ctx.spec.onDays != nil, ctx.spec.everyWeeks != nil || ctx.spec.weekdays != nil, ctx.spec.times != nil]
    if given.filter({ $0 }).count > 1 {
      error(.medication(p), "give one schedule: `\(keys.key(.onDays))`, `\(keys.key(.weekdays))`/`\(keys.key(.everyWeeks))`, or daily `\(keys.key(.times))`")
      return nil
    }
    if !given.contains(true) {
      error(
        .medication(p, .times),
        "\(ctx.displayName) has no schedule, and Taper does not choose one"
          + (ctx.spec.time != nil ? " (`\(keys.key(.time))` says when, not how often)" : "")
          + ": give `\(keys.key(.times))` for daily doses (for example times: [\"08:00\"]), `\(keys.key(.weekdays))` (and `\(keys.key(.everyWeeks))`) for "
          + "weekly doses, or `\(keys.key(.onDays))` for single days (day 1 = the medicine's first day)")
      return nil
    }
    if ctx.spec.times != nil && ctx.spec.time != nil {
      error(.medication(p, .time), "give either `\(keys.key(.time))` or `\(keys.key(.times))`, not both")
      return nil
    }
    let times = ctx.spec.times ?? [ctx.spec.time ?? LocalTime(hour: 8, minute: 0)!]
    if times.isEmpty || times.count > 6 || Set(times).count != times.count {
      error(.medication(p, .times), "give 1–6 different times a day")
      return nil
    }
    let made = tablets(amount)
    let dose: @Sendable () -> [Slot] = { times.map { Slot(time: $0, amount: amount, tablets: made, note: nil) } }
    if let onDays = ctx.spec.onDays {
      guard !onDays.isEmpty else {
        error(.medication(p, .onDays), "give at least one day number (1 = the medicine's first day)")
        return nil
      }
      if let (j, bad) = onDays.enumerated().first(where: { !(1...Planner.maximumDays).contains($0.element) }) {
        error(.item(p, .onDays, j), "day \(bad) is outside 1 (the medicine's first day) to \(Planner.maximumDays)")
        return nil
      }
      let set = Set(onDays.map { $0 - 1 })
      let text = "on day\(onDays.count == 1 ? "" : "s") " + onDays.map(String.init).joined(separator: ", ")
        + " (from \(first))"
      return ExplicitSchedule(
        text: text, times: times, isDaily: false, settled: first.adding(days: onDays.max() ?? 1),
        slots: { date in set.contains(first.days(to: date)) ? dose() : [] })
    }
    if ctx.spec.everyWeeks != nil || ctx.spec.weekdays != nil {
      let every = ctx.spec.everyWeeks ?? 1
      guard (1...52).contains(every) else {
        error(.medication(p, .everyWeeks), "\(every) is outside 1–52 weeks")
        return nil
      }
      guard let days = ctx.spec.weekdays, !days.isEmpty else {
        error(
          .medication(p, .weekdays),
          "\(ctx.displayName) every \(every) week\(every == 1 ? "" : "s") needs its `\(keys.key(.weekdays))` (for example weekday: "
            + "monday): Taper does not choose one")
        return nil
      }
      // Weeks count from the week of the first dose: the first chosen weekday on or after `first`.
      let firstDose = (0..<7).map { first.adding(days: $0) }.first { days.contains($0.weekday) } ?? first
      let anchor = firstDose.adding(days: -firstDose.weekday.isoIndex)  // that week's Monday
      let set = Set(days)
      let names = days.sorted().map(\.name)
      let dayList = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
      let text = (every == 1 ? (days.count == 1 ? "once weekly" : "weekly") : "every \(every) weeks") + " on " + dayList
      return ExplicitSchedule(
        text: text, times: times, isDaily: false, settled: first,
        slots: { date in
          guard date >= firstDose, set.contains(date.weekday), (anchor.days(to: date) / 7) % every == 0 else { return [] }
          return dose()
        })
    }
    let text = times.count == 1 ? "once daily" : "\(times.count) times daily at \(timesText(times))"
    return ExplicitSchedule(text: text, times: times, isDaily: true, settled: first, slots: { _ in dose() })
  }

  // MARK: - Other systemic corticosteroids

  /// Dexamethasone, hydrocortisone, deflazacort, betamethasone and oral methylprednisolone: a dose in mg, a
  /// systemic route and an explicit schedule, each dose no more than the seed's 80 mg/day of prednisolone.
  mutating func corticosteroidProgram(_ ctx: inout MedicationContext, _ steroid: Corticosteroid) -> Program? {
    let p = ctx.index
    allowKeys(ctx)
    guard let dose = ctx.spec.dose else {
      error(
        .medication(p, .dose),
        "\(ctx.displayName) needs `\(keys.key(.dose))` (each dose, in mg): a systemic corticosteroid's dose is checked as "
          + "prednisolone equivalents (\(steroid.equivalentToFiveMilligramsPrednisolone.mgText) ≈ 5 mg prednisolone, BNF)")
      return nil
    }
    guard case .systemic(let route)? = ctx.spec.route else {
      if case .local(let word)? = ctx.spec.route {
        error(
          .medication(p, .route),
          "\(word) \(ctx.key) is not systemic: list it as drug: other, with its name (for example "
            + "\"\(ctx.key) cream\") and dose")
      } else {
        error(
          .medication(p, .route),
          "\(ctx.displayName) needs its `route`: oral, intravenous, intramuscular or subcutaneous (a systemic "
            + "corticosteroid; inhaled and topical forms are listed as drug: other)")
      }
      return nil
    }
    let box = ctx.spec.tablets.map { _ in tabletBox(ctx, default: []) }
    if let box, !box.canMake(dose) {
      error(.medication(p, .dose), "\(dose.mgText) cannot be made exactly from \(box.text) tablets")
      return nil
    }
    let first = startDate(ctx, default: spec.start)
    let window = window(ctx, first: first)
    let amount = DoseAmount.milligrams(dose)
    guard
      let schedule = explicitSchedule(
        ctx, first: first, amount: amount, tablets: { a in a.mass.flatMap { box?.tablets(for: $0) } ?? [] })
    else { return nil }
    let perDay = Mass(micrograms: dose.micrograms * schedule.times.count)
    let equivalent = steroid.prednisoloneEquivalent(of: perDay).roundedToTenthMilligram
    let cap = DoseLimits.corticosteroidPrednisoloneEquivalent
    if route == .oral, equivalent > cap {
      error(
        .medication(p, .dose),
        "\(perDay.mgText) of \(ctx.key) a day is \(equivalent.mgText) of prednisolone (BNF: "
          + "\(steroid.equivalentToFiveMilligramsPrednisolone.mgText) ≈ 5 mg), above the seed's maximum of "
          + "\(cap.mgText)/day")
      return nil
    }
    notice(
      .medication(p, .dose),
      "\(ctx.displayName) \(dose.mgText) \(schedule.text) is \(steroid.prednisoloneEquivalent(of: dose).roundedToTenthMilligram.mgText) of "
        + "prednisolone per dose (BNF equivalence)")
    var medicine = ctx.medicine(
      route: route, times: schedule.times, schedule: schedule.text,
      instructions: route == .oral ? ["Take with or after food."] : ["Given as an injection or infusion by the clinic."])
    if route == .intravenous { medicine.durationMinutes = checkedDuration(ctx, default: 30, minimum: 15) }
    return Program(
      medicine: medicine, first: first, stop: window.stop, pauses: window.pauses, slots: schedule.slots,
      phase: { _ in Phase(text: amount.description, average: dose.micrograms) }, settled: schedule.settled, announcesChanges: false)
  }
}

/// Mycophenolate mofetil (the seed's drug) or mycophenolic acid: its name, tablets and how its messages
/// word it; the limits themselves are ``DoseLimits``' (mycophenolic acid's are the seed's converted at
/// 720 mg mycophenolic acid ≈ 1 g mofetil, Myfortic SmPC).
struct MycophenolateProduct: Sendable {
  var name: String
  var limits: DoseLimits.Mycophenolate
  /// The strengths sold (a product fact, not a limit): the default `tablets_mg`.
  var tablets: [Mass]
  /// Appended to "seed's": how the limit was derived.
  var conversion: String

  /// "500 mg once or twice daily initially": the seed's wording with the product's own single dose.
  var startText: String { "\(limits.singleStartDose.mgText) once or twice daily initially" }

  static let mofetil = MycophenolateProduct(
    name: "mycophenolate", limits: DoseLimits.mycophenolateMofetil,
    tablets: [Mass(mg: 500), Mass(mg: 250)],
    conversion: "")
  static let mycophenolicAcid = MycophenolateProduct(
    name: "mycophenolic acid", limits: DoseLimits.mycophenolicAcid,
    tablets: [Mass(mg: 360), Mass(mg: 180)],
    conversion: " (converted at \(DoseLimits.mycophenolicAcidConversion.amount.mgText) mycophenolic acid ≈ "
      + "\(DoseLimits.mycophenolicAcidConversion.perMofetil.exactGramsText) mofetil, Myfortic SmPC)")
}

extension Route {
  /// A route as clinicians write it: the full word or its abbreviation (IV, IM, SC, PO).
  /// A route as a prescriber writes it, case-folded ("oral", "PO", "s/c", "IV"); the one reading of `route:`
  /// for every drug.
  init?(written: String) {
    switch written {
    case "iv", "ivi": self = .intravenous
    case "im": self = .intramuscular
    case "sc", "sq", "subcut", "s/c": self = .subcutaneous
    case "po", "by mouth": self = .oral
    default: self.init(rawValue: written)
    }
  }
}

/// A schedule written out in the plan file.
struct ExplicitSchedule: Sendable {
  var text: String
  var times: [LocalTime]
  /// Every day (`times`), as opposed to set weekdays or day numbers.
  var isDaily: Bool
  var settled: CivilDate
  var slots: @Sendable (CivilDate) -> [Slot]
}

extension Mass {
  /// To the nearest 0.1 mg, for showing a computed equivalent ("106.7 mg").
  var roundedToTenthMilligram: Mass { Mass(micrograms: (micrograms + 50) / 100 * 100) }
}

extension Double {
  func rounded(toPlaces places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return (self * scale).rounded() / scale
  }
}
