#!/usr/bin/env bash
# The whole Playwright suite N times in a row while extra CPU-bound processes compete for the
# cores: a race between a test and the page (a wait for "something changed" instead of the state
# it means) shows up here long before it shows up in CI.
#
#   e2e/stress.sh [-n ROUNDS] [-b BURNERS] [--no-build] [playwright args…]
#   npm run test:stress -- -n 5 e2e/controls.spec.ts
#
# ROUNDS defaults to 3 (STRESS_ROUNDS), BURNERS to 1 (STRESS_BURNERS): each burner is one
# `node -e 'for(;;){}'`, stopped when the script ends, however it ends (failure, Ctrl-C).
# The build goes to E2E_DIST (default dist) and is served on E2E_PORT (default 4173), as for
# `npx playwright test`. Every round runs to the end; each one's log is kept in STRESS_LOGS
# (default a fresh folder under /tmp). Prints one line per round (pass/fail, tests, seconds) and
# exits 1 if any round failed.

set -u
cd "$(dirname "$0")/.."

rounds="${STRESS_ROUNDS:-3}"
burners="${STRESS_BURNERS:-1}"
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    -n) rounds="$2"; shift 2 ;;
    -b) burners="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) break ;;
  esac
done
case "$rounds$burners" in *[!0-9]*) echo "stress: -n and -b take whole numbers" >&2; exit 2 ;; esac

dist="${E2E_DIST:-dist}"
logs="${STRESS_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/e2e-stress.XXXXXX")}"
mkdir -p "$logs"

pids=()
stop_burners() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  pids=()
}
trap stop_burners EXIT
trap 'stop_burners; exit 130' INT TERM

if [ "$build" = 1 ]; then
  echo "stress: building into $dist"
  npx vite build --outDir "$dist" > "$logs/build.log" 2>&1 || { echo "stress: build failed, see $logs/build.log" >&2; exit 1; }
fi

for _ in $(seq 1 "$burners"); do
  node -e 'for(;;){}' &
  pids+=("$!")
done
echo "stress: $rounds round(s) of the suite, $burners CPU burner(s) (pid ${pids[*]:-none}) on $(nproc) cores; logs in $logs"

failed=0
summary=()
for r in $(seq 1 "$rounds"); do
  log="$logs/round-$r.log"
  load="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?)"
  t0=$(date +%s)
  E2E_DIST="$dist" npx playwright test "$@" > "$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - t0 ))
  # The list reporter's closing counts ("  93 passed (12.1m)", "  1 skipped", "  2 failed", "  1 flaky").
  counts="$(grep -E '^ +[0-9]+ (passed|failed|flaky|skipped|did not run|interrupted)' "$log" | sed -E 's/^ +//; s/ \(.*\)$//' | paste -sd, - | sed 's/,/, /g')"
  if [ "$rc" = 0 ]; then verdict=PASS; else verdict=FAIL; failed=$((failed + 1)); fi
  line="round $r/$rounds: $verdict in ${secs} s (${counts:-no summary}; load ${load} at start)"
  summary+=("$line")
  echo "stress: $line"
  if [ "$rc" != 0 ]; then
    grep -E '^ +[0-9]+\) ' "$log" | sed 's/^/stress:   /'
  fi
done

stop_burners
echo "stress: ---"
for l in "${summary[@]}"; do echo "stress: $l"; done
echo "stress: $((rounds - failed)) of $rounds rounds passed; logs in $logs"
[ "$failed" = 0 ]
