"""The Python peer: writes the same calendar content as Taper with the `icalendar` package (PyPI).
Reads the TSV from extract_events.py; only building and serialising are timed.

    peer_icalendar.py EVENTS.tsv TZID RUNS [OUT.ics]
prints {"events": N, "median_seconds": S, "bytes": B}
"""
import json
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar


def unesc(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def build(rows, tzid):
    zone = ZoneInfo(tzid)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//python peer//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Medicines")
    cal.add_missing_timezones() if hasattr(cal, "add_missing_timezones") else None
    stamp = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))
    for r in rows:
        ev = icalendar.Event()
        ev.add("uid", r[0])
        ev.add("dtstamp", stamp)
        if r[1] == "allday":
            d = datetime.strptime(r[2], "%Y%m%d").date()
            ev.add("dtstart", d)
            ev.add("dtend", d + timedelta(days=1))
        else:
            start = datetime.strptime(r[2], "%Y%m%dT%H%M%S").replace(tzinfo=zone)
            ev.add("dtstart", start)
            ev.add("dtend", start + timedelta(minutes=int(r[3])))
        ev.add("last-modified", stamp)
        ev.add("sequence", int(r[10]))
        ev.add("summary", r[4])
        ev.add("description", r[5])
        ev.add("categories", [r[6]])
        ev.add("transp", r[7])
        if int(r[8]) >= 0:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", timedelta(minutes=-int(r[8])))
            alarm.add("description", r[9])
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical()


def main(path, tzid, runs, out=None):
    rows = [[unesc(f) for f in line.rstrip("\n").split("\t")] for line in open(path) if line.strip()]
    times, data = [], b""
    for _ in range(runs):
        t0 = time.perf_counter()
        data = build(rows, tzid)
        times.append(time.perf_counter() - t0)
    if out:
        open(out, "wb").write(data)
    print(json.dumps({"events": len(rows), "median_seconds": statistics.median(times), "bytes": len(data)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else None)
