internal import CLibical
import TaperCore

/// Builds the `VCALENDAR` tree for a list of ``CalendarEvent``s with libical and serialises it.
enum CalendarWriter {
  struct Header {
    var name: String
    var timeZone: String
    var sequence: Int
    var timestamp: ICalendarTimestamp
    var alarmMinutesBefore: Int?
    var productID: String
    var refreshInterval: RefreshInterval
  }

  /// The iCalendar text. Must run inside ``LibICal/run(_:)``.
  static func write(_ events: [CalendarEvent], header: Header) throws(ICalendarError) -> String {
    let years = events.map(\.firstDate.year)
    let zone = try ICalTimeZone(
      iana: header.timeZone, years: (years.min() ?? 2000)...(events.map(\.lastDate.year).max() ?? 2000))
    let calendar = try ICalComponent(kind: ICAL_VCALENDAR_COMPONENT)
    let root = calendar.node
    try root.add("icalproperty_new_prodid", icalproperty_new_prodid(header.productID))
    try root.add("icalproperty_new_version", icalproperty_new_version("2.0"))
    try root.add("icalproperty_new_calscale", icalproperty_new_calscale("GREGORIAN"))
    try root.add("icalproperty_new_method", icalproperty_new_method(ICAL_METHOD_PUBLISH))
    try root.add("icalproperty_new_x", xProperty("X-WR-CALNAME", text: header.name))
    try root.add("icalproperty_new_name", icalproperty_new_name(header.name))
    try root.add("icalproperty_new_x", xProperty("X-WR-TIMEZONE", header.timeZone))
    // How often a subscribed copy should be fetched again (RFC 7986, and Outlook's older X- form), once each.
    let refresh = try ICalCheck.checked(
      "icalproperty_new_refreshinterval",
      icalproperty_new_refreshinterval(icaldurationtype_from_int(Int32(header.refreshInterval.minutes * 60))))
    guard let valueDuration = icalparameter_new_value(ICAL_VALUE_DURATION) else {
      let error = ICalCheck.error("icalparameter_new_value")
      icalproperty_free(refresh)  // not attached yet: still ours
      throw error
    }
    // RFC 7986 requires VALUE=DURATION here; the parameter belongs to the property from now on.
    icalproperty_add_parameter(refresh, valueDuration)
    try root.add("icalproperty_new_refreshinterval", refresh)
    try root.add("icalproperty_new_x", xProperty("X-PUBLISHED-TTL", header.refreshInterval.description))
    // A clone: the zone object keeps its own component, the calendar owns this copy.
    try root.addClone(of: zone.component())
    let stamp = ICalTime.utc(header.timestamp)
    // Streamed: libical writes the calendar's own lines and its VTIMEZONE; each VEVENT is then built as its
    // own tree, written by libical and freed at once, and its text goes in before the calendar's closing
    // line. The bytes are those of one big tree (libical writes a parent as its properties, then each
    // child's text in order), but memory stays at one event, and no multi-megabyte buffer is reallocated
    // again and again as it grows (measured: a quarter faster for a 3-year plan, one event per dose).
    var shell: [UInt8] = []
    try calendar.appendICalText(to: &shell)
    let closing = Array("END:VCALENDAR\r\n".utf8)
    guard shell.count > closing.count, Array(shell.suffix(closing.count)) == closing else {
      throw .invalidInput("libical wrote a calendar that does not end with END:VCALENDAR")
    }
    var out: [UInt8] = []
    out.reserveCapacity(shell.count + events.count * 1_024)
    out += shell.dropLast(closing.count)
    // `zone` must stay alive until the last event is written: the DTSTART values point at it.
    try withExtendedLifetime(zone) { () throws(ICalendarError) in
      for event in events {
        let vevent = try ICalComponent(kind: ICAL_VEVENT_COMPONENT)  // freed at the end of each turn
        try addProperties(of: event, to: vevent.node, zone: zone, stamp: stamp, header: header)
        try vevent.appendICalText(to: &out)
      }
    }
    out += closing
    return String(decoding: out, as: UTF8.self)
  }

  static func xProperty(_ name: String, _ value: String) -> OpaquePointer? {
    guard let property = icalproperty_new_x(value) else { return nil }
    icalproperty_set_x_name(property, name)
    return property
  }

  /// An X- property whose value is TEXT (RFC 5545 §3.8.8.2: the default for X- properties), escaped by libical.
  /// libical 3.0.16 escapes `,` and `;` in a value unless the value belongs to an X- property (where it writes
  /// them bare, for multi-valued X- properties); a value whose parent is unset gets every TEXT escape. The
  /// property still owns the value and frees it.
  static func xProperty(_ name: String, text: String) -> OpaquePointer? {
    guard let property = xProperty(name, text), let value = icalproperty_get_value(property) else { return nil }
    icalvalue_set_parent(value, nil)
    return property
  }

  static func addProperties(
    of event: CalendarEvent, to vevent: ICalNode, zone: ICalTimeZone, stamp: icaltimetype, header: Header
  ) throws(ICalendarError) {
    try vevent.add("icalproperty_new_uid", icalproperty_new_uid(event.uid))
    try vevent.add("icalproperty_new_dtstamp", icalproperty_new_dtstamp(stamp))
    switch event.timing {
    case .timed(let date, let time, let minutes, let recurrence):
      ICalCheck.clear()
      // Adds DTSTART;TZID=<zone name> because the time carries the zone.
      icalcomponent_set_dtstart(vevent.pointer, zone.time(date, time))
      try ICalCheck.checkErrno("icalcomponent_set_dtstart")
      // DTEND (never together with DURATION): start + the dose's length, in the same zone. Outlook
      // converts DURATION to DTEND anyway, and every reader handles DTEND.
      let start = zone.time(date, time)
      ICalCheck.clear()
      icalcomponent_set_dtend(vevent.pointer, icaltime_add(start, icaldurationtype_from_int(Int32(minutes * 60))))
      try ICalCheck.checkErrno("icalcomponent_set_dtend")
      if let recurrence {
        ICalCheck.clear()
        let rule = icalrecurrencetype_from_string(recurrence.rule)
        guard rule.freq != ICAL_NO_RECURRENCE else { throw ICalCheck.error("icalrecurrencetype_from_string") }
        try vevent.add("icalproperty_new_rrule", icalproperty_new_rrule(rule))
      }
    case .allDay(let date):
      ICalCheck.clear()
      // DATE values: libical adds VALUE=DATE; DTEND is exclusive, the next day.
      icalcomponent_set_dtstart(vevent.pointer, ICalTime.date(date))
      icalcomponent_set_dtend(vevent.pointer, ICalTime.date(date.adding(days: 1)))
      try ICalCheck.checkErrno("icalcomponent_set_dtend")
    }
    try vevent.add("icalproperty_new_lastmodified", icalproperty_new_lastmodified(stamp))
    try vevent.add("icalproperty_new_sequence", icalproperty_new_sequence(Int32(clamping: header.sequence)))
    if event.cancelled {
      try vevent.add("icalproperty_new_status", icalproperty_new_status(ICAL_STATUS_CANCELLED))
    }
    try vevent.add("icalproperty_new_summary", icalproperty_new_summary(event.summary))
    try vevent.add("icalproperty_new_description", icalproperty_new_description(event.description))
    try vevent.add("icalproperty_new_categories", icalproperty_new_categories(event.category))
    try vevent.add(
      "icalproperty_new_transp",
      icalproperty_new_transp(event.busy ? ICAL_TRANSP_OPAQUE : ICAL_TRANSP_TRANSPARENT))
    if let text = event.alarmText, let minutes = header.alarmMinutesBefore {
      try vevent.addChild(ICAL_VALARM_COMPONENT) { (alarm) throws(ICalendarError) in
        try alarm.add("icalproperty_new_action", icalproperty_new_action(ICAL_ACTION_DISPLAY))
        ICalCheck.clear()
        let trigger = icaltriggertype_from_string("-PT\(minutes)M")
        try ICalCheck.checkErrno("icaltriggertype_from_string")
        try alarm.add("icalproperty_new_trigger", icalproperty_new_trigger(trigger))
        try alarm.add("icalproperty_new_description", icalproperty_new_description(text))
      }
    }
  }
}
