#!/usr/bin/env python3
"""Independent checks of a Taper .ics file with python icalendar + recurring-ical-events.

  check.py expand FILE   prints JSON: {"doses": [[date, "HH:MM", summary], ...], "days": [[date, summary], ...],
                         "events": N, "cancelled": N, "alarms": N, "calname": "..."} (cancelled events left out)
  check.py expand-all FILE   the same with cancelled events kept, as an app that ignores STATUS shows them
                         (calcurse)
  check.py lint FILE     byte-level and structural rules from ical-interop.md; prints one line per problem
                         and "N passed, N failed"; exit 1 on any problem

Run with the project's venv: .venv/bin/python tools/ics/check.py expand out/plan.ics
"""
import datetime as dt
import json
import re
import sys
import zoneinfo

import icalendar
import recurring_ical_events


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    return data, icalendar.Calendar.from_ical(data)


def text_value(value):
    """A TEXT value with its escapes read (icalendar hands X- properties over as written)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(value))


def expand(path, keep_cancelled=False):
    _, cal = load(path)
    doses, days = [], []
    events = [c for c in cal.walk("VEVENT")]
    live = [e for e in events if keep_cancelled or str(e.get("STATUS", "")).upper() != "CANCELLED"]
    # Expand a copy that holds only the live events (recurring-ical-events keeps cancelled ones).
    copy = icalendar.Calendar()
    for key, value in cal.property_items(recursive=False):
        if key not in ("BEGIN", "END"):
            copy.add(key, value)
    for sub in cal.subcomponents:
        if sub.name != "VEVENT" or sub in live:
            copy.add_component(sub)
    for occ in recurring_ical_events.of(copy).between(dt.date(1900, 1, 1), dt.date(2200, 1, 1)):
        start = occ.decoded("DTSTART")
        summary = str(occ.get("SUMMARY", ""))
        if isinstance(start, dt.datetime):
            if start.tzinfo is None:
                raise SystemExit(f"floating time in {summary}")
            # Normalise through UTC: a time a spring-forward skips is moved forward by the gap (RFC 5545).
            local = start.astimezone(dt.timezone.utc).astimezone(start.tzinfo)
            doses.append([local.date().isoformat(), local.strftime("%H:%M"), summary])
        else:
            days.append([start.isoformat(), summary])
    doses.sort()
    days.sort()
    alarms = sum(len(e.walk("VALARM")) for e in events)
    print(json.dumps({
        "doses": doses, "days": days, "events": len(events), "cancelled": sum(str(e.get("STATUS", "")).upper() == "CANCELLED" for e in events),
        "alarms": alarms, "calname": text_value(cal.get("X-WR-CALNAME", "")),
    }, ensure_ascii=False))


def lint(path):
    data, cal = load(path)
    failures, passed = [], 0

    def check(ok, message):
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(message)

    # Line structure.
    check(not data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM")
    check(data.endswith(b"\r\n"), "file does not end with CRLF")
    body = data[:-2] if data.endswith(b"\r\n") else data
    lines = body.split(b"\r\n")
    check(all(b"\n" not in l and b"\r" not in l for l in lines), "bare LF or CR")
    check(all(l != b"" for l in lines), "blank line")
    long = [l for l in lines if len(l) > 75]
    check(not long, f"{len(long)} lines over 75 octets")
    bad_utf8 = 0
    for l in lines:
        try:
            l.decode("utf-8")
        except UnicodeDecodeError:
            bad_utf8 += 1
    check(bad_utf8 == 0, f"{bad_utf8} lines split inside a UTF-8 sequence")
    check(all(not l.endswith(b"\\") for l in lines), "fold between a backslash and its escaped character")
    text = data.decode("utf-8")
    unfolded = re.sub(r"\r\n[ \t]", "", text).split("\r\n")
    check(all(not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", l) for l in unfolded), "raw control character")

    # Calendar.
    check(str(cal.get("VERSION", "")) == "2.0", "VERSION is not 2.0")
    check("PRODID" in cal, "no PRODID")
    check(str(cal.get("METHOD", "PUBLISH")).upper() == "PUBLISH", "METHOD is not PUBLISH")
    check(bool(str(cal.get("X-WR-CALNAME", ""))), "no X-WR-CALNAME")
    # X-WR-CALNAME is TEXT (RFC 5545 §3.8.8.2): written with the same escapes as NAME.
    raw = {l.split(":", 1)[0]: l.split(":", 1)[1] for l in unfolded if l.startswith(("X-WR-CALNAME:", "NAME:"))}
    check("NAME" not in raw or raw.get("X-WR-CALNAME") == raw["NAME"], "X-WR-CALNAME not escaped as NAME is")
    # Each calendar property at most once (RFC 5545 §3.6, RFC 7986 §5: REFRESH-INTERVAL, NAME… "MUST NOT occur
    # more than once"; a second X-PUBLISHED-TTL contradicts the first).
    names = [key for key, _ in cal.property_items(recursive=False) if key not in ("BEGIN", "END")]
    repeated = sorted({n for n in names if names.count(n) > 1})
    check(not repeated, f"calendar properties given more than once: {repeated}")
    check(names.count("REFRESH-INTERVAL") == 1 and names.count("X-PUBLISHED-TTL") == 1,
          "not exactly one REFRESH-INTERVAL and one X-PUBLISHED-TTL")
    if "REFRESH-INTERVAL" in cal and "X-PUBLISHED-TTL" in cal:
        check(cal.get("REFRESH-INTERVAL").to_ical() == cal.get("X-PUBLISHED-TTL").to_ical(),
              "REFRESH-INTERVAL and X-PUBLISHED-TTL disagree")

    # Time zones.
    available = zoneinfo.available_timezones()
    vtimezones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
    check(len(vtimezones) == len(set(vtimezones)), "duplicate VTIMEZONE")
    check(all(t in available for t in vtimezones), f"TZID not an IANA name: {vtimezones}")
    first_event = text.find("BEGIN:VEVENT")
    check(first_event == -1 or text.rfind("END:VTIMEZONE", 0, first_event) != -1 or not vtimezones,
          "VTIMEZONE after the first VEVENT")
    used = set(re.findall(r";TZID=([^:;]+)[:;]", "\n".join(unfolded)))
    check(used <= set(vtimezones), f"TZIDs without VTIMEZONE: {used - set(vtimezones)}")

    # Events.
    uids = []
    for e in cal.walk("VEVENT"):
        name = str(e.get("SUMMARY", "?"))
        uids.append(str(e.get("UID", "")))
        check("UID" in e, f"{name}: no UID")
        stamp = e.get("DTSTAMP")
        check(stamp is not None and stamp.dt.tzinfo is not None and stamp.dt.utcoffset() == dt.timedelta(0),
              f"{name}: DTSTAMP missing or not UTC")
        start = e.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            check(start.tzinfo is not None and "TZID" in e["DTSTART"].params, f"{name}: dose not in local time with TZID")
            # A tablet's slot (TRANSP:TRANSPARENT) ends by midnight: apps list an event on every day it touches.
            end = e.decoded("DTEND") if "DTEND" in e else None
            if end is not None and str(e.get("TRANSP", "")).upper() == "TRANSPARENT":
                midnight = dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time(0), start.tzinfo)
                check(end.replace(tzinfo=None) <= midnight.replace(tzinfo=None), f"{name}: a tablet dose runs past midnight")
        else:
            check("TZID" not in e["DTSTART"].params, f"{name}: TZID on a DATE value")
            end = e.decoded("DTEND") if "DTEND" in e else None
            check(end is not None and not isinstance(end, dt.datetime) and end > start,
                  f"{name}: all-day DTEND missing or not after DTSTART")
        check(not ("DTEND" in e and "DURATION" in e), f"{name}: DTEND and DURATION")
        check("RDATE" not in e, f"{name}: RDATE")
        check("ORGANIZER" not in e and "ATTENDEE" not in e, f"{name}: ORGANIZER/ATTENDEE")
        if "RRULE" in e:
            rule = e["RRULE"]
            count = rule.get("COUNT")
            check(not (count and rule.get("UNTIL")), f"{name}: COUNT with UNTIL")
            check(not count or count[0] <= 999, f"{name}: COUNT over 999")
            check(str(rule.get("FREQ", [""])[0]) in ("DAILY", "WEEKLY"), f"{name}: RRULE outside the Outlook templates")
        alarms = e.walk("VALARM")
        check(len(alarms) <= 1, f"{name}: {len(alarms)} VALARMs")
        for a in alarms:
            check(str(a.get("ACTION", "")) == "DISPLAY" and "DESCRIPTION" in a, f"{name}: alarm not DISPLAY with DESCRIPTION")
            trigger = a.decoded("TRIGGER")
            check(isinstance(trigger, dt.timedelta) and trigger <= dt.timedelta(0),
                  f"{name}: alarm trigger not a negative relative duration")
    check(len(uids) == len(set(uids)), "duplicate UIDs")
    check(all(re.fullmatch(r"[0-9a-f]{32}@[A-Za-z0-9.-]+", u) for u in uids), "UID not an opaque hash")

    for f in failures:
        print(f"lint: {f}")
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


def main(argv):
    if len(argv) != 3 or argv[1] not in ("expand", "expand-all", "lint"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] in ("expand", "expand-all"):
        expand(argv[2], keep_cancelled=argv[1] == "expand-all")
        return 0
    return lint(argv[2])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
