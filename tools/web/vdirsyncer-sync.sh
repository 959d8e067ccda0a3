#!/bin/sh
# Syncs a calendar feed into a local vdir with vdirsyncer's `http` storage, as a subscribed client would.
#   tools/web/vdirsyncer-sync.sh FEED_URL WORKDIR
# Run it again with the same WORKDIR to sync again (after a revision). Exits 127 when vdirsyncer is missing.
# Uses $VDIRSYNCER, else .venv/bin/vdirsyncer, else vdirsyncer on PATH.
set -eu
url=$1
work=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${VDIRSYNCER:-}
if [ -z "$bin" ]; then
  if [ -x "$root/.venv/bin/vdirsyncer" ]; then bin=$root/.venv/bin/vdirsyncer
  elif command -v vdirsyncer >/dev/null 2>&1; then bin=vdirsyncer
  else echo "vdirsyncer is not installed (.venv/bin/pip install vdirsyncer)" >&2; exit 127; fi
fi
mkdir -p "$work/vdir" "$work/status"
cat > "$work/config" <<CONF
[general]
status_path = "$work/status"

[pair feed]
a = "feed_remote"
b = "feed_local"
collections = null
conflict_resolution = "a wins"

[storage feed_remote]
type = "http"
url = "$url"

[storage feed_local]
type = "filesystem"
path = "$work/vdir"
fileext = ".ics"
CONF
"$bin" -c "$work/config" discover feed </dev/null
"$bin" -c "$work/config" sync feed
