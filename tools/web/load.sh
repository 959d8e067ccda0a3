#!/bin/sh
# Load test: 200 concurrent connections fetching one plan's subscription feed on loopback with wrk.
#   tools/web/load.sh [SECONDS]        (default 15)
# Starts `taper serve` on a free port with a fresh database, imports Fixtures/plans/severe.yaml, makes a
# subscription link through the page (CSRF cookie and all), runs wrk, prints requests/s, p99 latency and
# errors, and stops the server. Uses $TAPER, else the release build, else the debug build in .build-web.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-15}
command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 127; }
taper=${TAPER:-}
for candidate in "$root/.build-web/release/taper" "$root/.build/release/taper" "$root/.build-web/debug/taper" "$root/.build/debug/taper"; do
  [ -n "$taper" ] && break
  [ -x "$candidate" ] && taper=$candidate
done
[ -n "$taper" ] || { echo "no taper binary: swift build -c release --scratch-path .build-web" >&2; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$taper" serve --port "$port" --data "$work/data" --import "$root/Fixtures/plans/severe.yaml" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT INT TERM
base=http://127.0.0.1:$port
for _ in $(seq 1 100); do curl -fs -o /dev/null "$base/" && break; sleep 0.1; done
curl -fs -c "$work/jar" "$base/plans/demo-severe-001" >"$work/plan.html"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$work/plan.html" | head -n 1)
curl -fs -b "$work/jar" --data "csrf=$csrf" "$base/plans/demo-severe-001/feeds" >"$work/feed.html"
feed=$(grep -o '/feeds/[0-9a-f]*\.ics' "$work/feed.html" | head -n 1)
[ -n "$feed" ] || { echo "no feed link on the page" >&2; exit 1; }
bytes=$(curl -fs "$base$feed" | wc -c)
echo "binary: $taper"
echo "feed: $base/feeds/<token>.ics ($bytes bytes); wrk -t2 -c200 -d${seconds}s"
wrk -t2 -c200 -d"${seconds}s" --latency --timeout 5s "$base$feed" >"$work/wrk.txt"
cat "$work/wrk.txt"
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
errors=$(awk '/Socket errors|Non-2xx/ {print}' "$work/wrk.txt")
echo "RESULT requests/s=$rps p99=$p99 errors=${errors:-none}"
