#!/usr/bin/env bash
# Leak check of the calendar export: builds taper with AddressSanitizer (LeakSanitizer included) in its own
# scratch folder and runs a synchronous export and a libical read-back of the largest fixture plan.
# Any "definitely" or "indirectly" lost block (LeakSanitizer reports only unreachable memory; libical's zone
# cache and ICU caches stay reachable) makes it exit non-zero.
# valgrind 3.19 cannot run Swift programs that start tasks, hence ASan/LSan (see libical-notes.md §4).
#   bash tools/leakcheck.sh            # prints "leakcheck: N passed, 0 failed"
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-asan
swift build --sanitize=address --scratch-path "$scratch" --product taper >/dev/null
bin="$(swift build --sanitize=address --scratch-path "$scratch" --show-bin-path)/taper"
largest="$(ls -S Fixtures/plans/*.yaml | head -1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:exitcode=23"
export LSAN_OPTIONS="report_objects=1:suppressions=$PWD/tools/ics/lsan.supp"
passed=0; failed=0
check() {
  local name="$1"; shift
  if "$@" >"$work/out" 2>"$work/err"; then
    passed=$((passed + 1)); echo "leakcheck: ok: $name"
  else
    failed=$((failed + 1)); echo "leakcheck: FAILED: $name"; sed -n '1,60p' "$work/err"
  fi
}
check "calendar $largest (series)" "$bin" calendar "$largest" -o "$work/a.ics" --timestamp 2026-01-01T00:00:00Z
check "calendar $largest (one event per dose, previous)" "$bin" calendar "$largest" -o "$work/b.ics" \
  --one-event-per-dose --previous "$largest" --include-patient-label --timestamp 2026-01-01T00:00:00Z
check "verify $largest" "$bin" verify "$work/a.ics" "$largest"
check "unknown time zone (error path)" bash -c \
  "sed 's#timezone: Europe/London#timezone: Mars/Base#' '$largest' > '$work/mars.yaml'; \
   out=\$('$bin' calendar '$work/mars.yaml' -o '$work/c.ics' 2>&1); rc=\$?; \
   echo \"\$out\" >&2; ! echo \"\$out\" | grep -q 'LeakSanitizer' && [ \$rc -ne 23 ]"
echo "leakcheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
