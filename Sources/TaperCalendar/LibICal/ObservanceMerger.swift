internal import CLibical

/// Rewrites a truncated `VTIMEZONE` so that every reader takes the same changes from it.
///
/// libical builds a zone from the tz database as the files list its changes: the rule a zone follows today is
/// often cut in two around 2037, the first part ending with an `UNTIL` on its last change and the same rule
/// starting again in a second sub-component. RFC 5545 readers agree on that, but vobject (and Radicale, which
/// expands with it) compares the UTC `UNTIL` with the local `DTSTART` and drops that last change in zones
/// east of UTC: London doses an hour early from 2036-10-26. So:
/// - a yearly rule that goes on unchanged in a later sub-component (same offsets, name and rule, the later
///   one starting on the rule's next change) becomes one rule: one open-ended STANDARD and one DAYLIGHT for a
///   zone whose rule has not changed since the plan's first year, the one rule pair Outlook keeps;
/// - an `UNTIL` that remains (a zone whose rules changed inside the plan) is moved a day past its last change:
///   the next change of a yearly rule is a year later, so the changes are the same for every reader, and a
///   reader that misplaces `UNTIL` by the zone's offset still gets the last one.
enum ObservanceMerger {
  /// One `STANDARD` or `DAYLIGHT` sub-component, borrowed from its `VTIMEZONE`.
  private struct Observance {
    var component: OpaquePointer
    var kind: icalcomponent_kind
    var from: Int32
    var to: Int32
    var name: String
    var start: icaltimetype
    var rule: icalrecurrencetype?
    var ruleProperty: OpaquePointer?
  }

  /// Merges and pads the observances of `vtimezone` in place.
  static func simplify(_ vtimezone: OpaquePointer) {
    var observances = read(vtimezone)
    var merged = true
    while merged {
      merged = false
      search: for (i, a) in observances.enumerated() {
        guard let ruleA = a.rule, icaltime_is_null_time(ruleA.until) == 0 else { continue }
        for (j, b) in observances.enumerated() where j != i && continues(a, in: b) {
          guard let property = a.ruleProperty else { continue }
          var rule = ruleA
          rule.until = b.rule?.until ?? icaltime_null_time()
          icalproperty_set_rrule(property, rule)
          icalcomponent_remove_component(vtimezone, b.component)
          icalcomponent_free(b.component)
          observances = read(vtimezone)
          merged = true
          break search
        }
      }
    }
    for o in observances {
      guard var rule = o.rule, let property = o.ruleProperty, rule.freq == ICAL_YEARLY_RECURRENCE,
        icaltime_is_null_time(rule.until) == 0
      else { continue }
      icaltime_adjust(&rule.until, 1, 0, 0, 0)
      icalproperty_set_rrule(property, rule)
    }
  }

  private static func read(_ vtimezone: OpaquePointer) -> [Observance] {
    var result: [Observance] = []
    var sub = icalcomponent_get_first_component(vtimezone, ICAL_ANY_COMPONENT)
    while let component = sub {
      defer { sub = icalcomponent_get_next_component(vtimezone, ICAL_ANY_COMPONENT) }
      let kind = icalcomponent_isa(component)
      guard kind == ICAL_XSTANDARD_COMPONENT || kind == ICAL_XDAYLIGHT_COMPONENT,
        let from = icalcomponent_get_first_property(component, ICAL_TZOFFSETFROM_PROPERTY),
        let to = icalcomponent_get_first_property(component, ICAL_TZOFFSETTO_PROPERTY),
        let start = icalcomponent_get_first_property(component, ICAL_DTSTART_PROPERTY)
      else { continue }
      let name = icalcomponent_get_first_property(component, ICAL_TZNAME_PROPERTY)
        .flatMap { icalproperty_get_tzname($0) }.map { String(cString: $0) } ?? ""
      let ruleProperty = icalcomponent_get_first_property(component, ICAL_RRULE_PROPERTY)
      result.append(
        Observance(
          component: component, kind: kind, from: icalproperty_get_tzoffsetfrom(from),
          to: icalproperty_get_tzoffsetto(to), name: name, start: icalproperty_get_dtstart(start),
          rule: ruleProperty.map { icalproperty_get_rrule($0) }, ruleProperty: ruleProperty))
    }
    return result
  }

  /// Whether `b` is `a`'s yearly rule going on: the same kind, offsets, name and rule, starting on the first
  /// change of `a`'s rule after its `UNTIL`.
  private static func continues(_ a: Observance, in b: Observance) -> Bool {
    guard a.kind == b.kind, a.from == b.from, a.to == b.to, a.name == b.name,
      let ruleA = a.rule, let ruleB = b.rule, ruleA.freq == ICAL_YEARLY_RECURRENCE,
      ruleA.count == 0, ruleB.count == 0, text(ruleA) == text(ruleB)
    else { return false }
    return next(ruleA, from: a.start, offset: a.from).map { key($0) == key(b.start) } ?? false
  }

  /// The rule without its end, as libical writes it.
  private static func text(_ rule: icalrecurrencetype) -> String {
    var open = rule
    open.until = icaltime_null_time()
    return icalrecurrencetype_as_string(&open).map { String(cString: $0) } ?? ""
  }

  /// The first change of `rule` (started at the local time `start`, whose UTC offset before the change is
  /// `offset` seconds) after its `UNTIL`, in local time.
  private static func next(_ rule: icalrecurrencetype, from start: icaltimetype, offset: Int32) -> icaltimetype? {
    var open = rule
    open.until = icaltime_null_time()
    guard let iterator = icalrecur_iterator_new(open, start) else { return nil }
    defer { icalrecur_iterator_free(iterator) }
    let until = key(rule.until)
    for _ in 0..<500 {
      let local = icalrecur_iterator_next(iterator)
      if icaltime_is_null_time(local) != 0 { return nil }
      var utc = local
      icaltime_adjust(&utc, 0, 0, 0, -Int32(offset))
      if until.lexicographicallyPrecedes(key(utc)) { return local }
    }
    return nil
  }

  /// Fields in order, to compare times read in one frame (local with local, UTC with UTC).
  private static func key(_ t: icaltimetype) -> [Int32] { [t.year, t.month, t.day, t.hour, t.minute, t.second] }
}
