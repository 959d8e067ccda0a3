#!/usr/bin/env python3
"""Expand a Taper .ics file the way other calendar software does, for comparison with check.py expand.

  consumers.py CONSUMER FILE [--zone IANA] [--previous FILE2]

CONSUMER is one of
  ical      Home Assistant's strict parser (PyPI ical): calendar_from_ics without compat mode, then
            timeline_tz(zone) in full; any Python warning or WARNING+ log record from ical fails the run.
  vobject   vobject.readOne(validate=True) and getrruleset(addRDate=True), with the file's own VTIMEZONE;
            any Python warning or WARNING+ log record fails the run.
  radicale  a real Radicale CalDAV server on 127.0.0.1, one resource per UID uploaded verbatim with the
            caldav client, then calendar-query REPORTs with server-side <C:expand>. With --previous, FILE2
            is uploaded first and FILE over it (an update by PUT; UIDs only in FILE2 stay on the server).

Prints the JSON of check.py expand: {"doses": [[date, "HH:MM", summary], ...], "days": [[date, summary], ...],
"events": N, "cancelled": N}; cancelled events and instances are left out of doses and days. Timed instances
are shown in --zone, the viewer's real zone (default X-WR-TIMEZONE, else the first VTIMEZONE, else UTC): the
instant each consumer computes, as a phone in that zone shows it. Exit 2 on any failure.

Run with the project's venv: .venv/bin/python tools/ics/consumers.py radicale out/plan.ics --zone Europe/London
"""
import argparse
import datetime as dt
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
import zoneinfo

UTC = dt.timezone.utc


class Failure(Exception):
    pass


def result(doses, days, events, cancelled):
    return {"doses": sorted(doses), "days": sorted(days), "events": events, "cancelled": cancelled}


def dose(start, zone, summary):
    # Through UTC, as check.py does. (With zoneinfo a wall time in a spring-forward gap moves on by the gap;
    # dateutil's tzical, which vobject and Radicale use, moves it back instead.)
    local = start.astimezone(UTC).astimezone(zone)
    return [local.date().isoformat(), local.strftime("%H:%M"), summary]


class Strict:
    """Collects Python warnings and log records of level WARNING or higher (from `logger_name` and below)
    inside the block, and raises Failure listing them at the end."""

    def __init__(self, logger_name):
        self.logger = logging.getLogger(logger_name)
        self.records = []

    def __enter__(self):
        self.catcher = warnings.catch_warnings(record=True)
        self.caught = self.catcher.__enter__()
        warnings.simplefilter("always")
        self.handler = logging.Handler(logging.WARNING)
        self.handler.emit = self.records.append
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, kind, value, traceback):
        self.logger.removeHandler(self.handler)
        self.catcher.__exit__(kind, value, traceback)
        problems = [f"warning: {w.category.__name__}: {w.message}" for w in self.caught]
        problems += [f"log {r.name} {r.levelname}: {r.getMessage()}" for r in self.records]
        if kind is None and problems:
            raise Failure("; ".join(problems))


def consume_ical(text, zone):
    with Strict("ical"):
        from ical.calendar_stream import IcsCalendarStream
        from ical.event import EventStatus
        calendar = IcsCalendarStream.calendar_from_ics(text)
        doses, days = [], []
        # The timeline keeps cancelled events and cancelled overrides' instances, so filter them here.
        for event in calendar.timeline_tz(zone):
            if event.status == EventStatus.CANCELLED:
                continue
            if isinstance(event.dtstart, dt.datetime):
                if event.dtstart.tzinfo is None:
                    raise Failure(f"floating time in {event.summary}")
                doses.append(dose(event.dtstart, zone, event.summary or ""))
            else:
                days.append([event.dtstart.isoformat(), event.summary or ""])
        cancelled = sum(1 for e in calendar.events if e.status == EventStatus.CANCELLED)
        return result(doses, days, len(calendar.events), cancelled)


def consume_vobject(text, zone):
    with Strict(""):  # vobject logs through the root logger
        import vobject
        from dateutil import tz
        cal = vobject.readOne(text, validate=True)
        cal.validate()
        # Parsing a VTIMEZONE registers its tzinfo under its TZID before any VEVENT is read (VTIMEZONEs are
        # transformed first). Check that each TZID resolves to that dateutil tzical zone, not to a pytz/system one.
        zones = {}
        for vtz in getattr(cal, "vtimezone_list", []):
            tzinfo = vobject.icalendar.getTzid(vtz.tzid.value, smart=False)
            if not isinstance(tzinfo, tz.tz._tzicalvtz):
                raise Failure(f"vobject did not use the file's VTIMEZONE for {vtz.tzid.value}: {tzinfo!r}")
            zones[vtz.tzid.value] = tzinfo

        def key(value):  # what identifies an instance: its start in UTC, or its date
            return value.astimezone(UTC) if isinstance(value, dt.datetime) and value.tzinfo else value

        events = getattr(cal, "vevent_list", [])
        cancelled = lambda e: hasattr(e, "status") and e.status.value.upper() == "CANCELLED"
        overrides = {(e.uid.value, key(e.recurrence_id.value)): e for e in events if hasattr(e, "recurrence_id")}
        doses, days = [], []
        for event in events:
            start = event.dtstart.value
            # Times must carry one of the file's VTIMEZONEs (vobject drops the TZID parameter once it has
            # resolved it) or UTC; a floating time or a zone vobject found elsewhere fails.
            if isinstance(start, dt.datetime) and not (isinstance(start.tzinfo, tz.tzutc)
                                                       or any(start.tzinfo is z for z in zones.values())):
                raise Failure(f"{event.uid.value}: DTSTART not in one of the file's VTIMEZONEs ({start.tzinfo!r})")
            if cancelled(event):
                continue
            if hasattr(event, "recurrence_id"):
                starts = [start]  # an override stands for one instance of its master
            else:
                rules = event.getrruleset(addRDate=True)
                starts = list(rules) if rules is not None else [start]
                if not isinstance(start, dt.datetime):  # dateutil expands dates as naive midnights
                    starts = [s.date() if isinstance(s, dt.datetime) else s for s in starts]
                starts = [s for s in starts if (event.uid.value, key(s)) not in overrides]
            summary = event.summary.value if hasattr(event, "summary") else ""
            for s in starts:
                if isinstance(s, dt.datetime):
                    # The instant vobject computes from the file's VTIMEZONE, shown in the viewer's real zone (as
                    # Radicale's clients show what it expands): a misread rule moves the dose by the error.
                    doses.append(dose(s, zone, summary))
                else:
                    days.append([s.isoformat(), summary])
        return result(doses, days, len(events), sum(1 for e in events if cancelled(e)))


# ---- radicale ----

def split_calendar(text):
    """(the VCALENDAR BEGIN line, its own property lines, END line, VTIMEZONE lines, {UID: VEVENT lines}),
    all verbatim (folding and line ends kept)."""
    begin, end, header, timezones, events = "", "", [], [], {}
    depth, block = 0, []
    for line in text.splitlines(keepends=True):
        upper = line.rstrip("\r\n").upper()
        if upper.startswith("BEGIN:"):
            depth += 1
        if depth == 1 and upper.startswith(("BEGIN:VCALENDAR", "END:VCALENDAR")):
            begin, end = (line, end) if upper.startswith("BEGIN:") else (begin, line)
        elif depth == 1:
            header.append(line)
        else:
            block.append(line)
        if upper.startswith("END:"):
            depth -= 1
            if depth == 1:
                name = block[0].rstrip("\r\n").upper()[6:]
                if name == "VTIMEZONE":
                    timezones += block
                elif name == "VEVENT":
                    unfolded = re.sub(r"\r?\n[ \t]", "", "".join(block)).splitlines()
                    nested = [i for i, l in enumerate(unfolded) if l.upper().startswith("BEGIN:")][1:] or [len(unfolded)]
                    uid = next(l[4:] for l in unfolded[:nested[0]] if l.upper().startswith("UID:"))
                    events.setdefault(uid, []).extend(block)
                block = []
    return begin, header, end, timezones, events


def span(texts):
    """[start, end) in UTC covering every instance of every VEVENT, with two days' margin (wall times are taken
    as UTC). Bounds only, from dateutil: the server expands. Rules without COUNT or UNTIL (Taper writes none)
    are cut 20 years after DTSTART."""
    import icalendar
    from dateutil import rrule
    naive = lambda v: v.replace(tzinfo=None) if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time())
    firsts, lasts = [], []
    for text in texts:
        for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
            start = event.decoded("DTSTART")
            first = last = naive(start)
            length = event.decoded("DTEND") - start if "DTEND" in event else event.decoded("DURATION", dt.timedelta(1))
            rule = event.get("RRULE")
            if rule and ("COUNT" in rule or "UNTIL" in rule):
                last = max(last, list(rrule.rrulestr(rule.to_ical().decode(), dtstart=first, ignoretz=True))[-1])
            elif rule:
                last = first.replace(year=first.year + 20)
            rdates = event.get("RDATE", [])
            for rdate in rdates if isinstance(rdates, list) else [rdates]:
                last = max([last] + [naive(p.dt[0] if isinstance(p.dt, tuple) else p.dt) for p in rdate.dts])
            firsts.append(first)
            lasts.append(last + max(length, dt.timedelta(0)))
    margin = dt.timedelta(days=2)
    return (min(firsts) - margin).replace(tzinfo=UTC), (max(lasts) + margin).replace(tzinfo=UTC)


def start_radicale(folder):
    """Starts Radicale on a free loopback port; returns (process, url, log path, size of the log once up)."""
    for _ in range(3):  # the free port may be taken between probing and binding
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        config = os.path.join(folder, "config")
        with open(config, "w") as f:
            f.write(f"[server]\nhosts = 127.0.0.1:{port}\ntimeout = 300\n[auth]\ntype = none\ndelay = 0\n[rights]\ntype = owner_only\n"
                    f"[storage]\nfilesystem_folder = {folder}/collections\n[web]\ntype = none\n[logging]\nlevel = warning\n")
        log = os.path.join(folder, "log")
        with open(log, "ab") as out:
            process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", config], stdin=subprocess.DEVNULL,
                                       stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                return process, f"http://127.0.0.1:{port}/", log, os.path.getsize(log)
            except OSError:
                time.sleep(0.05)
        stop(process)
    with open(log, errors="replace") as f:
        raise Failure(f"Radicale did not start: {f.read()}")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def is_cancelled(component):
    return str(component.get("STATUS", "")).upper() == "CANCELLED"


def server_instances(calendar, start, end):
    """{(UID, RECURRENCE-ID or DTSTART): VEVENT} from calendar-query REPORTs with <C:expand>, window by window."""
    import caldav
    import icalendar
    windows, instances = [], {}
    while start < end:  # windows of about three months, as a calendar app asks for the months it shows
        windows.append((start, min(start + dt.timedelta(days=92), end)))
        start = windows[-1][1]
    while windows:
        lo, hi = windows.pop(0)
        try:
            # Sent as is (no compatibility workarounds, no client-side filtering or expansion): server_expand
            # puts <C:expand> in the query, and the objects come back as the server wrote them.
            found = calendar.search(start=lo, end=hi, event=True, expand=False, server_expand=True, split_expanded=False,
                                    post_filter=False, compatibility_workarounds=False)
        except caldav.lib.error.DAVError:
            if hi - lo <= dt.timedelta(days=1):
                raise
            # Radicale answers 400 past max_expand_occurrence (10000) instances of one event: halve the window.
            middle = lo + (hi - lo) / 2
            windows[:0] = [(lo, middle), (middle, hi)]
            continue
        for o in found:
            for c in icalendar.Calendar.from_ical(o.data).walk("VEVENT"):
                if "RRULE" in c or "RDATE" in c:
                    raise Failure(f"the server did not expand {c.get('SUMMARY')}")
                ident = c.get("RECURRENCE-ID") or c.get("DTSTART")
                instances[(str(c["UID"]), ident.to_ical())] = c  # instances on a window's edge come twice
    return instances


def instances_as_rows(instances, zone):
    doses, days = [], []
    for c in instances.values():
        if is_cancelled(c):
            continue
        # Expanded instances come back in UTC; a non-recurring event as stored, with its TZID and VTIMEZONE.
        begins, summary = c.decoded("DTSTART"), str(c.get("SUMMARY", ""))
        if isinstance(begins, dt.datetime):
            if begins.tzinfo is None:
                raise Failure(f"floating time in {summary}")
            doses.append(dose(begins, zone, summary))
        else:
            days.append([begins.isoformat(), summary])
    return sorted(doses), sorted(days)


def expanded(calendar, bounds, zone, split):
    """The server's live instances over the whole span; with `split` (a date), also the two time-range queries
    before it and from it (midnight in `zone`), each on its own."""
    start, end = bounds
    doses, days = instances_as_rows(server_instances(calendar, start, end), zone)
    out = {"doses": doses, "days": days}
    if split is not None:
        edge = dt.datetime.combine(split, dt.time(0), tzinfo=zone)
        for key, (lo, hi) in (("before", (start, edge)), ("after", (edge, end))):
            d, a = instances_as_rows(server_instances(calendar, lo, hi), zone)
            # A query window returns every instance that overlaps it: an all-day event on the edge's day is the
            # "after" window's, a timed one its start's.
            if key == "before":
                d = [r for r in d if r[0] < split.isoformat()]
                a = [r for r in a if r[0] < split.isoformat()]
            else:
                d = [r for r in d if r[0] >= split.isoformat()]
                a = [r for r in a if r[0] >= split.isoformat()]
            out[key] = {"doses": d, "days": a}
    return out


def consume_radicale(texts, zone, split=None, read_each=False):
    import caldav
    import icalendar
    stages = []
    # Storage in memory where there is a tmpfs: Radicale writes several files per PUT.
    folder = tempfile.mkdtemp(prefix="taper-radicale-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    process = None
    try:
        process, url, log, offset = start_radicale(folder)
        # auth type none takes any user name; Radicale makes the user's principal collection on first use.
        client = caldav.DAVClient(url=url, username="taper", password="taper", timeout=600, features="radicale")
        calendar = client.principal().make_calendar(name="Taper", cal_id="taper")
        stored = {}  # UID: its VEVENTs as last PUT
        for text in texts:  # --previous first, then FILE: a PUT to the same UID's resource replaces it
            begin, header, end, timezones, events = split_calendar(text)
            for uid, vevents in events.items():
                body = begin + "".join(header + timezones + vevents) + end
                # raw_data: these bytes are what is PUT (no re-serialisation, no SEQUENCE bump); the resource
                # name is made from the UID.
                caldav.Event(client=client, parent=calendar).save(raw_data=body.encode("utf-8"))
            stored.update({uid: [] for uid in events})
            for c in icalendar.Calendar.from_ical(text).walk("VEVENT"):
                stored[str(c["UID"])].append(c)
            if read_each:  # what the server shows after this file, before the next one is put
                stages.append(expanded(calendar, span(texts), zone, split))

        final = expanded(calendar, span(texts), zone, split)

        with open(log, "rb") as f:
            f.seek(offset)
            logged = f.read().decode(errors="replace").splitlines()
        # Any warning after startup fails the run, except the refusals that made us halve a window.
        problems = [l for l in logged if re.search(r"\] \[(WARNING|ERROR|CRITICAL)\]", l)
                    and "REPORT occurrences limit" not in l]
        if problems:
            raise Failure("Radicale logged: " + " | ".join(problems))
        # "events" and "cancelled" count the VEVENTs of the resources as last PUT (reading them all back would
        # cost as much as the expansion).
        stored = [c for components in stored.values() for c in components]
        out = result(final["doses"], final["days"], len(stored), sum(1 for c in stored if is_cancelled(c)))
        for key in ("before", "after"):
            if key in final:
                out[key] = final[key]
        if read_each:
            out["stages"] = stages
        return out
    finally:
        if process is not None:
            stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def default_zone(text):
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    found = re.search(r"^X-WR-TIMEZONE[^:\r\n]*:([^\r\n]+)", unfolded, re.M | re.I) or \
        re.search(r"^TZID[^:\r\n]*:([^\r\n]+)", unfolded, re.M | re.I)
    return found.group(1).strip() if found else "UTC"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("consumer", choices=("ical", "vobject", "radicale"))
    parser.add_argument("file")
    parser.add_argument("--zone", help="IANA zone of the viewer")
    parser.add_argument("--previous", help="radicale only: a file uploaded before FILE")
    parser.add_argument("--split", help="radicale only: also query before and from this date (YYYY-MM-DD) on their own")
    parser.add_argument("--read-each", action="store_true",
                        help="radicale only: read the server back after each file (\"stages\": one expansion per file)")
    args = parser.parse_args()
    if (args.previous or args.split or args.read_each) and args.consumer != "radicale":
        parser.error("--previous, --split and --read-each are for radicale only")
    try:
        texts = []
        for path in filter(None, (args.previous, args.file)):
            with open(path, encoding="utf-8", newline="") as f:  # newline="": keep CRLF as written
                texts.append(f.read())
        zone = zoneinfo.ZoneInfo(args.zone or default_zone(texts[-1]))
        if args.consumer == "ical":
            out = consume_ical(texts[-1], zone)
        elif args.consumer == "vobject":
            out = consume_vobject(texts[-1], zone)
        else:
            split = dt.date.fromisoformat(args.split) if args.split else None
            out = consume_radicale(texts, zone, split, args.read_each)
    except Exception as e:  # Failure or a library's refusal: exit 2 with the message
        print(f"consumers.py {args.consumer}: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
