#!/usr/bin/env bash
# Imports an .ics file into khal (Debian's khal, with its own python icalendar) in a throw-away config and
# lists the given days, one occurrence per line: "YYYY-MM-DD HH:MM title" (all-day: "YYYY-MM-DD title").
#   tools/ics/khal_check.sh FILE.ics TIMEZONE DAY [DAY...]
# Exit status: khal's (non-zero when khal cannot read the file).
set -euo pipefail
file="$1"; zone="$2"; shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cal"
cat > "$work/khal.conf" <<CONF
[calendars]
[[taper]]
path = $work/cal
type = calendar
[sqlite]
path = $work/khal.db
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = $zone
default_timezone = $zone
[default]
default_calendar = taper
CONF
export HOME="$work"   # keep khal away from any real configuration or data
/usr/bin/khal -c "$work/khal.conf" import --batch -a taper "$file"
for day in "$@"; do
  /usr/bin/khal -c "$work/khal.conf" list --day-format '' --format '{start-date} {start-time} {title}' "$day" 1d \
    | sed '/^$/d' | awk -v d="$day" '$1 == d'
done
