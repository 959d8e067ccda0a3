"""The UTC offsets of time zones as Python's zoneinfo reads the system tz database (an independent reader of the
same TZif files): every 6 hours from FROM to TO, and both sides of every change found between two samples
(bisected to the second). Prints JSON: {"zone": [[utc_seconds, offset_seconds], ...], ...}.

    python tools/tz/offsets.py 2000 2040 Europe/London America/Asuncion ...
"""
import json
import sys
import zoneinfo
from datetime import datetime, timezone

zoneinfo.reset_tzpath(["/usr/share/zoneinfo"])  # the system's files, never the tzdata wheel


def offset(zone, t):
    return int(datetime.fromtimestamp(t, timezone.utc).astimezone(zone).utcoffset().total_seconds())


def main():
    start, end, names = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    t0 = int(datetime(start, 1, 1, tzinfo=timezone.utc).timestamp())
    t1 = int(datetime(end, 1, 1, tzinfo=timezone.utc).timestamp())
    step = 6 * 3600
    out = {}
    for name in names:
        zone = zoneinfo.ZoneInfo(name)
        rows = []
        previous = offset(zone, t0)
        t = t0
        while t < t1:
            now = offset(zone, t)
            if now != previous:
                lo, hi = t - step, t  # offset(lo) == previous, offset(hi) == now
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    if offset(zone, mid) == previous:
                        lo = mid
                    else:
                        hi = mid
                rows.append([lo, previous])
                rows.append([hi, offset(zone, hi)])
            rows.append([t, now])
            previous = now
            t += step
        out[name] = rows
    json.dump(out, sys.stdout)


main()
