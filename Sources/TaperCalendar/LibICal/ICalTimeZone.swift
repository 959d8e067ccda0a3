internal import CLibical
import TaperCore

/// Owns an `icaltimezone` whose `VTIMEZONE` says `TZID:<IANA name>` (no libical prefix), cut to a range of
/// years; frees both in `deinit`.
///
/// Every `icaltimetype` made by ``time(_:_:)`` points at this zone, so it must outlive any tree whose times
/// were set from it.
final class ICalTimeZone {
  let pointer: OpaquePointer
  let name: String

  /// Clones libical's zone for `name` (built from the system tzdata), renames its `TZID` to the bare IANA
  /// name and truncates it to `years` with Outlook-compatible `RRULE` observances.
  init(iana name: String, years: ClosedRange<Int>) throws(ICalendarError) {
    self.name = name
    ICalCheck.clear()
    // Borrowed from libical's cache: never freed, never added to a tree.
    guard !name.isEmpty, name != "UTC", let builtin = icaltimezone_get_builtin_timezone(name) else {
      throw .unknownTimeZone(name)
    }
    guard let builtinComponent = icaltimezone_get_component(builtin) else {  // borrowed, too
      throw .unknownTimeZone(name)
    }
    // The clone is ours until icaltimezone_set_component below hands it to the zone.
    let clone = try ICalCheck.checked("icalcomponent_new_clone", icalcomponent_new_clone(builtinComponent))
    guard let tzid = icalcomponent_get_first_property(clone, ICAL_TZID_PROPERTY) else {
      icalcomponent_free(clone)
      throw .libical(code: .init(rawValue: 0, message: "the VTIMEZONE has no TZID"), function: "icalcomponent_get_first_property")
    }
    // libical 3.0.16 ignores an empty TZID prefix, so the TZID is set here: "Europe/London".
    icalproperty_set_tzid(tzid, name)
    var start = icaltime_null_time()
    start.year = Int32(years.lowerBound)
    start.month = 1
    start.day = 1
    start = icaltime_set_timezone(&start, icaltimezone_get_utc_timezone())  // must be UTC
    // ms_compatible = 1 keeps each observance's RRULE with its original DTSTART (what Outlook expects);
    // no end: the last rules stay open-ended, so times after the plan still resolve.
    icaltimezone_truncate_vtimezone(clone, start, icaltime_null_time(), 1)
    // One rule per kind where the zone's rule has not changed, and no UNTIL a reader can misplace.
    ObservanceMerger.simplify(clone)
    guard let zone = icaltimezone_new() else {
      let error = ICalCheck.error("icaltimezone_new")
      icalcomponent_free(clone)
      throw error
    }
    // On success the zone owns the clone: icaltimezone_free(zone, 1) frees both.
    guard icaltimezone_set_component(zone, clone) != 0 else {
      let error = ICalCheck.error("icaltimezone_set_component")
      icaltimezone_free(zone, 1)
      icalcomponent_free(clone)
      throw error
    }
    pointer = zone
  }

  deinit { icaltimezone_free(pointer, 1) }

  /// The zone's `VTIMEZONE`, borrowed: clone it before adding it to a calendar.
  func component() throws(ICalendarError) -> OpaquePointer {
    try ICalCheck.checked("icaltimezone_get_component", icaltimezone_get_component(pointer))
  }

  /// A local date-time in this zone; `icalcomponent_set_dtstart` writes it with `TZID=<name>`.
  func time(_ date: CivilDate, _ time: LocalTime) -> icaltimetype {
    var t = icaltime_null_time()
    t.year = Int32(date.year)
    t.month = Int32(date.month)
    t.day = Int32(date.day)
    t.hour = Int32(time.hour)
    t.minute = Int32(time.minute)
    t.second = 0
    return icaltime_set_timezone(&t, pointer)
  }
}

/// Plain libical time values that need no zone object.
enum ICalTime {
  /// An all-day `DATE` value.
  static func date(_ date: CivilDate) -> icaltimetype {
    var t = icaltime_null_date()
    t.year = Int32(date.year)
    t.month = Int32(date.month)
    t.day = Int32(date.day)
    return t
  }

  /// A UTC date-time (`...Z`).
  static func utc(_ stamp: ICalendarTimestamp) -> icaltimetype {
    var t = icaltime_null_time()
    t.year = Int32(stamp.date.year)
    t.month = Int32(stamp.date.month)
    t.day = Int32(stamp.date.day)
    t.hour = Int32(stamp.hour)
    t.minute = Int32(stamp.minute)
    t.second = Int32(stamp.second)
    return icaltime_set_timezone(&t, icaltimezone_get_utc_timezone())
  }
}
