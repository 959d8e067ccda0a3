"""Reads Taper's exported .ics and writes its VEVENTs as TSV for the floor (bare_libical.c) and the
Python peer, so that all three build the same events. Not timed."""
import sys

import icalendar


def esc(text):
    return str(text).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main(path, out):
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    rows = []
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("DTSTART")
        all_day = not hasattr(start, "hour")
        when = start.strftime("%Y%m%d") if all_day else start.strftime("%Y%m%dT%H%M%S")
        if all_day:
            minutes = 0
        elif "DURATION" in ev:
            minutes = int(ev.decoded("DURATION").total_seconds() // 60)
        else:
            minutes = int((ev.decoded("DTEND") - start).total_seconds() // 60)
        alarms = [c for c in ev.subcomponents if c.name == "VALARM"]
        alarm_minutes, alarm_text = -1, ""
        if alarms:
            alarm_minutes = int(-alarms[0].decoded("TRIGGER").total_seconds() // 60)
            alarm_text = alarms[0].get("DESCRIPTION", "")
        cats = ev.get("CATEGORIES")
        category = ",".join(str(c) for c in cats.cats) if cats is not None else ""
        rows.append("\t".join([
            esc(ev["UID"]), "allday" if all_day else "timed", when, str(minutes), esc(ev["SUMMARY"]),
            esc(ev.get("DESCRIPTION", "")), esc(category), str(ev.get("TRANSP", "OPAQUE")), str(alarm_minutes),
            esc(alarm_text), str(ev.get("SEQUENCE", 0)),
        ]))
    with open(out, "w") as f:
        f.write("\n".join(rows) + "\n")
    print(len(rows))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
