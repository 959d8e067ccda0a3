internal import CLibical
import TaperCore

/// Reads iCalendar text with libical and expands every series into its occurrences.
enum CalendarParser {
  /// The most occurrences one event may expand to before it counts as unbounded.
  static let occurrenceLimit = 100_000

  /// Must run inside ``LibICal/run(_:)``.
  static func read(_ text: String) throws(ICalendarError) -> CalendarContents {
    ICalCheck.clear()
    guard let parsed = icalparser_parse_string(text) else {
      throw .unreadable("libical found no iCalendar component in it")
    }
    let tree = ICalComponent(adopting: parsed)  // the parser's result is ours to free
    let root = tree.pointer
    guard icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT else {
      throw .unreadable("the file is not one VCALENDAR")
    }
    let errors = icalcomponent_count_errors(root)
    if errors > 0 {
      throw .unreadable("libical reports \(errors) error(s): " + errorTexts(root).prefix(3).joined(separator: "; "))
    }
    var contents = CalendarContents(
      name: xProperty(root, "X-WR-CALNAME"), timeZones: [], doses: [], dayEvents: [], eventCount: 0,
      cancelledCount: 0, alarmCount: 0, problems: [])
    for vtimezone in components(root, ICAL_VTIMEZONE_COMPONENT) {
      if let property = icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY),
        let tzid = icalproperty_get_tzid(property)
      {
        contents.timeZones.append(String(cString: tzid))
      }
    }
    for vevent in components(root, ICAL_VEVENT_COMPONENT) {
      contents.eventCount += 1
      try readEvent(vevent, into: &contents)
    }
    contents.doses.sort()
    contents.dayEvents.sort()
    return contents
  }

  static func readEvent(_ vevent: OpaquePointer, into contents: inout CalendarContents) throws(ICalendarError) {
    let uid = icalcomponent_get_uid(vevent).map { String(cString: $0) } ?? "<no UID>"
    let summary = icalcomponent_get_summary(vevent).map { String(cString: $0) } ?? ""
    func problem(_ text: String) { contents.problems.append("\(uid) (\(summary)): \(text)") }
    let alarms = components(vevent, ICAL_VALARM_COMPONENT).count
    contents.alarmCount += alarms
    if alarms > 1 { problem("\(alarms) VALARMs; Outlook keeps only one") }
    if icalcomponent_get_first_property(vevent, ICAL_DTSTAMP_PROPERTY) == nil { problem("no DTSTAMP") }
    else if icaltime_is_utc(icalcomponent_get_dtstamp(vevent)) == 0 { problem("DTSTAMP is not UTC") }
    if icalcomponent_get_first_property(vevent, ICAL_RDATE_PROPERTY) != nil { problem("RDATE (Outlook ignores it)") }
    if icalcomponent_get_first_property(vevent, ICAL_EXDATE_PROPERTY) != nil { problem("EXDATE is not supported") }
    if icalcomponent_get_first_property(vevent, ICAL_DTEND_PROPERTY) != nil,
      icalcomponent_get_first_property(vevent, ICAL_DURATION_PROPERTY) != nil
    {
      problem("both DTEND and DURATION")
    }
    if icalcomponent_get_first_property(vevent, ICAL_ORGANIZER_PROPERTY) != nil
      || icalcomponent_get_first_property(vevent, ICAL_ATTENDEE_PROPERTY) != nil
    {
      problem("ORGANIZER or ATTENDEE")
    }
    if icalcomponent_get_status(vevent) == ICAL_STATUS_CANCELLED {
      contents.cancelledCount += 1
      return
    }
    guard let dtstartProperty = icalcomponent_get_first_property(vevent, ICAL_DTSTART_PROPERTY) else {
      problem("no DTSTART")
      return
    }
    let start = icalcomponent_get_dtstart(vevent)
    let isDate = icaltime_is_date(start) != 0
    var zone: OpaquePointer?
    if !isDate {
      guard let tzidParameter = icalproperty_get_first_parameter(dtstartProperty, ICAL_TZID_PARAMETER),
        let tzidText = icalparameter_get_tzid(tzidParameter)
      else {
        problem(icaltime_is_utc(start) != 0 ? "a dose in UTC, not local time" : "a floating time (no TZID)")
        return
      }
      let tzid = String(cString: tzidText)
      if !contents.timeZones.contains(tzid) { problem("TZID \(tzid) has no VTIMEZONE") }
      if tzid.hasPrefix("/") { problem("TZID \(tzid) is not a plain IANA name") }
      guard let startZone = start.zone else {
        problem("libical resolved no zone for TZID \(tzid)")
        return
      }
      zone = startZone
    }
    var occurrences: [icaltimetype] = []
    if let rruleProperty = icalcomponent_get_first_property(vevent, ICAL_RRULE_PROPERTY) {
      let rule = icalproperty_get_rrule(rruleProperty)
      if rule.count > 999 { problem("COUNT \(rule.count) is over Outlook's 999") }
      if rule.count > 0, icaltime_is_null_time(rule.until) == 0 { problem("COUNT together with UNTIL") }
      if icalcomponent_get_next_property(vevent, ICAL_RRULE_PROPERTY) != nil { problem("more than one RRULE") }
      ICalCheck.clear()
      // The RRULE's wall-clock arithmetic is done in UTC, which has no clock changes, and each occurrence is then
      // placed in the file's own VTIMEZONE. Debian's libical is built with ICU, and its iterator reads a zoned
      // DTSTART through ICU's own zone data (libicu72: tzdata 2022), not the VTIMEZONE nor the system's tzdata:
      // it moved a Paraguayan 00:30 dose on 2025-10-05, and every dose after it, out of a gap abolished in 2024.
      var wallClock = start
      if icaltime_is_null_time(rule.until) != 0 { wallClock.zone = icaltimezone_get_utc_timezone() }
      let iterator = try ICalCheck.checked("icalrecur_iterator_new", icalrecur_iterator_new(rule, wallClock))
      defer { icalrecur_iterator_free(iterator) }
      while true {
        let next = icalrecur_iterator_next(iterator)
        if icaltime_is_null_time(next) != 0 { break }
        if occurrences.count == occurrenceLimit {
          problem("more than \(occurrenceLimit) occurrences (an unbounded RRULE?)")
          break
        }
        occurrences.append(next)
      }
    } else {
      occurrences.append(start)
    }
    for occurrence in occurrences {
      if isDate {
        if let date = CivilDate(year: Int(occurrence.year), month: Int(occurrence.month), day: Int(occurrence.day)) {
          contents.dayEvents.append(CalendarDayEvent(date: date, summary: summary))
        }
        continue
      }
      // Through UTC and back: a local time that a spring-forward skips comes back moved forward.
      var local = occurrence
      local.zone = nil
      local = icaltime_set_timezone(&local, zone)
      let wall = icaltime_convert_to_zone(icaltime_convert_to_zone(local, icaltimezone_get_utc_timezone()), zone)
      guard let date = CivilDate(year: Int(wall.year), month: Int(wall.month), day: Int(wall.day)),
        let time = LocalTime(hour: Int(wall.hour), minute: Int(wall.minute))
      else {
        problem("an occurrence libical cannot place")
        continue
      }
      contents.doses.append(CalendarDose(date: date, time: time, summary: summary))
    }
  }

  /// The direct children of `parent` of one kind (borrowed pointers).
  static func components(_ parent: OpaquePointer, _ kind: icalcomponent_kind) -> [OpaquePointer] {
    var result: [OpaquePointer] = []
    var child = icalcomponent_get_first_component(parent, kind)
    while let current = child {
      result.append(current)
      child = icalcomponent_get_next_component(parent, kind)
    }
    return result
  }

  /// The value of the first X- property called `name`.
  static func xProperty(_ component: OpaquePointer, _ name: String) -> String? {
    var property = icalcomponent_get_first_property(component, ICAL_X_PROPERTY)
    while let current = property {
      if let xName = icalproperty_get_x_name(current), String(cString: xName) == name,
        let value = icalproperty_get_x(current)
      {
        return String(cString: value)
      }
      property = icalcomponent_get_next_property(component, ICAL_X_PROPERTY)
    }
    return nil
  }

  /// The texts of libical's `X-LIC-ERROR` properties anywhere in the tree.
  static func errorTexts(_ component: OpaquePointer) -> [String] {
    var texts: [String] = []
    var property = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
    while let current = property {
      if let text = icalproperty_get_xlicerror(current) { texts.append(String(cString: text)) }
      property = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
    }
    for child in components(component, ICAL_ANY_COMPONENT) { texts += errorTexts(child) }
    return texts
  }
}
