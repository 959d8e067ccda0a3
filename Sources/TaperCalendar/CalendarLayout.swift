import TaperCore

/// Lays a plan out as calendar events: runs of identical doses at one time become `RRULE` series, dose
/// changes become all-day events. Pure Swift; it reads the plan's administrations and never recomputes a dose.
enum CalendarLayout {
  /// Every event of the calendar, in file order, cancelled runs of `options.previous` included.
  static func events(for plan: TreatmentPlan, options: ICalendarOptions) -> [CalendarEvent] {
    var events = current(plan, options: options)
    if let previous = options.previous {
      let live = Set(events.map(\.uid))
      for old in current(previous, options: options) where !live.contains(old.uid) {
        events.append(cancelled(old, revision: plan.revision))
      }
    }
    // Keys computed once, not at every comparison.
    return events.map { ($0.sortKey, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// A run of the previous revision that is gone, as the new file writes it. Apps that ignore `STATUS`
  /// (calcurse) still show it, so nothing in it may read as a dose to take: no amount, no instructions, no
  /// alarm, and it blocks no time.
  static func cancelled(_ old: CalendarEvent, revision: Int) -> CalendarEvent {
    var event = old
    event.cancelled = true
    event.alarmText = nil
    event.busy = false
    event.summary = "Cancelled: not in the plan any more"
    event.description =
      "Cancelled: this entry is not part of plan revision \(revision) any more. Do not follow it; follow the "
      + "other entries of this day."
    return event
  }

  /// The events of `plan` itself.
  static func current(_ plan: TreatmentPlan, options: ICalendarOptions) -> [CalendarEvent] {
    var events: [CalendarEvent] = []
    // Every medicine's doses in date order, gathered in one pass over the plan.
    var byMedicine = [[(date: CivilDate, dose: Administration)]](repeating: [], count: plan.medicines.count)
    for day in plan.days {
      for a in day.administrations where byMedicine.indices.contains(a.medicine) {
        byMedicine[a.medicine].append((date: day.date, dose: a))
      }
    }
    for medicine in plan.medicines {
      var fixed = DoseText.Fixed(medicine: medicine, plan: plan, includePatientLabel: options.includePatientLabel)
      let doses = byMedicine.indices.contains(medicine.index) ? byMedicine[medicine.index] : []
      fixed.prepare(doses.map(\.dose), medicine: medicine)
      let lastDate = doses.last?.date
      if options.oneEventPerDose {
        for (date, dose) in doses {
          events.append(
            event(
              [(date, dose)], recurrence: nil, medicine: medicine, plan: plan, options: options,
              isLast: date == lastDate, uidTag: "dose", fixed: fixed))
        }
        continue
      }
      for run in runs(doses, maximumCount: max(1, min(options.maximumCount, 999))) {
        events.append(
          event(
            run.doses, recurrence: run.recurrence, medicine: medicine, plan: plan, options: options,
            isLast: run.doses.last?.date == lastDate, uidTag: nil, fixed: fixed))
      }
    }
    for change in plan.changes {
      let medicine = plan.medicines.first { $0.index == change.medicine }
      events.append(
        CalendarEvent(
          uid: StableID.uid([plan.id, "change", change.drug, change.date.description], domain: options.uidDomain),
          timing: .allDay(change.date), summary: change.summary,
          description: DoseText.changeDescription(change, plan: plan, includePatientLabel: options.includePatientLabel),
          category: medicine?.displayName ?? change.drug, alarmText: nil, busy: false, order: change.medicine))
    }
    // Blood tests and trough levels: all-day events of their own, so the patient books them (the description
    // gives the planned time).
    for test in plan.monitoring {
      events.append(
        CalendarEvent(
          uid: StableID.uid([plan.id, "monitoring", test.date.description], domain: options.uidDomain),
          timing: .allDay(test.date), summary: test.title,
          description: DoseText.monitoringDescription(test, plan: plan, includePatientLabel: options.includePatientLabel),
          category: "Monitoring", alarmText: nil, busy: false, order: plan.medicines.count))
    }
    // The steroid emergency card: an all-day reminder on the first day of corticosteroid treatment to carry
    // it, with no alarm (NatPSA/2020/005/NHSPS).
    if let card = plan.steroidCard {
      let text = PatientCatalogue.english.headings
      events.append(
        CalendarEvent(
          uid: StableID.uid([plan.id, "steroid-card", card.from.description], domain: options.uidDomain),
          timing: .allDay(card.from), summary: text.cardReminder, description: text.cardReminderDescription,
          category: "Steroid card", alarmText: nil, busy: false, order: plan.medicines.count + 1))
    }
    return events
  }

  /// One event for a run of doses (all at one scheduled time, same amount).
  static func event(
    _ doses: [(date: CivilDate, dose: Administration)], recurrence: Recurrence?, medicine: Medicine,
    plan: TreatmentPlan, options: ICalendarOptions, isLast: Bool, uidTag: String?, fixed: DoseText.Fixed
  ) -> CalendarEvent {
    let first = doses[0]
    let summary = fixed.summaries[DoseText.DoseKey(first.dose)] ?? DoseText.summary(first.dose, medicine: medicine)
    var uidParts = [plan.id, medicine.key, first.dose.scheduledTime.description, first.date.description]
    if let uidTag { uidParts.append(uidTag) }
    let description = DoseText.description(
      doses.map(\.dose), dates: doses.map(\.date), recurrence: recurrence, medicine: medicine,
      includesLastDose: isLast, fixed: fixed)
    let infusion = medicine.durationMinutes != nil
    let time = recurrence == nil ? first.dose.time : first.dose.scheduledTime
    // A tablet's slot is nominal (15 minutes) and ends by midnight, so a 23:59 dose stays on its own day in
    // every app; an infusion keeps its real length.
    let minutes = medicine.durationMinutes ?? min(15, 24 * 60 - time.minutesSinceMidnight)
    return CalendarEvent(
      uid: StableID.uid(uidParts, domain: options.uidDomain),
      // A single dose is written at its wall-clock time (a spring-forward moves it out of the gap); a
      // series at its scheduled time, which runLength guarantees every occurrence of it has.
      timing: .timed(date: first.date, time: time, minutes: minutes, recurrence: recurrence),
      summary: summary, description: description, category: medicine.displayName,
      alarmText: options.alarmMinutesBefore == nil ? nil : summary, busy: infusion, order: medicine.index)
  }

  /// A series of doses of one medicine: equal amounts at one scheduled time, a fixed number of days apart.
  struct Run {
    var doses: [(date: CivilDate, dose: Administration)]
    var recurrence: Recurrence?
  }

  /// Splits one medicine's doses into series. Every dose lands in exactly one run, and each run's
  /// expansion gives exactly its doses' dates.
  static func runs(_ doses: [(date: CivilDate, dose: Administration)], maximumCount: Int) -> [Run] {
    struct Key: Hashable {
      var time: LocalTime
      var amount: DoseAmount
      var tablets: [TabletCount]
      var route: Route
    }
    var groups: [Key: [(date: CivilDate, dose: Administration)]] = [:]
    var order: [Key] = []
    for item in doses {
      let key = Key(
        time: item.dose.scheduledTime, amount: item.dose.amount, tablets: item.dose.tablets, route: item.dose.route)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(item)
    }
    var result: [Run] = []
    for key in order {
      let items = groups[key] ?? []
      var i = 0
      while i < items.count {
        let length = runLength(items, from: i)
        var take = length
        // A run of two whose second dose starts a longer run is better as a single dose plus that run.
        if length == 2, i + 1 < items.count, runLength(items, from: i + 1) > 2 { take = 1 }
        var chunkStart = i
        while chunkStart < i + take {
          let chunk = Array(items[chunkStart..<min(i + take, chunkStart + maximumCount)])
          result.append(Run(doses: chunk, recurrence: recurrence(chunk)))
          chunkStart += chunk.count
        }
        i += take
      }
    }
    return result
  }

  /// How many items from `start` on are equally spaced (at least 1).
  ///
  /// A dose whose scheduled time a spring-forward skips is always a run of its own, written at its real
  /// time: libical 3.0.16's recurrence iterator, once it has moved an occurrence out of the gap, keeps the
  /// moved time for every later occurrence of the series, so no series may contain such a day.
  static func runLength(_ items: [(date: CivilDate, dose: Administration)], from start: Int) -> Int {
    func shifted(_ i: Int) -> Bool { items[i].dose.time != items[i].dose.scheduledTime }
    guard start + 1 < items.count, !shifted(start), !shifted(start + 1) else { return 1 }
    let step = items[start].date.days(to: items[start + 1].date)
    guard step > 0 else { return 1 }
    var end = start + 1
    while end + 1 < items.count, !shifted(end + 1), items[end].date.days(to: items[end + 1].date) == step {
      end += 1
    }
    return end - start + 1
  }

  /// The `RRULE` for equally spaced doses; `nil` for a single dose.
  static func recurrence(_ chunk: [(date: CivilDate, dose: Administration)]) -> Recurrence? {
    guard chunk.count > 1 else { return nil }
    let step = chunk[0].date.days(to: chunk[1].date)
    if step % 7 == 0 {
      return .weekly(interval: step / 7, weekday: chunk[0].date.weekday, count: chunk.count)
    }
    return .daily(interval: step, count: chunk.count)
  }
}
