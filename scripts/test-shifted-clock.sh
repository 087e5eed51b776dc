#!/usr/bin/env bash
# The native and Node suites with the calendar clock moved (libfaketime), e.g. '+365 days': a test
# that compares a fixed date with "now" fails here. Only the calendar is moved: timers and elapsed
# times keep the real monotonic clock (FAKETIME_DONT_FAKE_MONOTONIC), which is what they measure.
# Prints one line when everything passes, the failures otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
shift_by=${1:?usage: test-shifted-clock.sh "+365 days"}
export FAKETIME_DONT_FAKE_MONOTONIC=1
started=$SECONDS
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# Proof that the clock really moved for Node: at least 300 days ahead of the real one.
node_now=$(faketime "$shift_by" node -e 'console.log(new Date().toISOString())')
if (( $(date -d "$node_now" +%s) - $(date +%s) < 300 * 86400 )); then
  echo "faketime '$shift_by' did not move Node's clock (it reads $node_now)" >&2
  exit 1
fi
echo "== native and Node suites with the clock $shift_by (Node reads $node_now)"

if ! faketime "$shift_by" ctest --test-dir build/native --output-on-failure -j2 >"$logs/native" 2>&1; then
  grep -vE "^ *(Start|[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed)" "$logs/native"
  exit 1
fi
native=$(grep -oE "[0-9]+% tests passed.*" "$logs/native")

# Every Node test file but a few that repeat, at scale, paths the others already take under the
# moved clock (a kill at each of 106 points, a 1,700-entity report, the ownership figures, a race
# of two processes, a 35,000-entity Drupal site, the acceptance-size live sync, chaos at 1,000 entities,
# the sync command killed at fixed points): they would add
# minutes, not clock coverage.
repeats='sync-resume-people|ownership-figures|report-output|run-lock|site-scale|acceptance-size|chaos|kill-cli'
suites=()
for dir in tests/js/core tests/js/host tests/js/cli tests/js/sync tests/js/simulator tests/js/drupal-simulator \
    tests/js/source-jsonapi tests/js/completion tests/js/completion-e2e tests/js/serverless tests/js/serverless-e2e tests/js/web; do
  [[ -d $dir ]] && suites+=("$dir")
done
mapfile -t files < <(find "${suites[@]}" -name '*.test.mjs' | sort | grep -vE "/($repeats)\.test\.mjs$")
if ! faketime "$shift_by" node --test --test-concurrency=3 --test-reporter=tap --test-reporter-destination="$logs/tap" \
    --test-reporter=dot --test-reporter-destination="$logs/dot" "${files[@]}" >"$logs/out" 2>&1; then
  cat "$logs/dot" "$logs/out"
  exit 1
fi
node_summary=$(grep -E "^# (pass|fail) " "$logs/tap" | sed 's/^# //' | paste -sd ' ')
echo "   native: $native; Node (core, host, cli, sync, simulators, live source, serverless; ${#files[@]} files): $node_summary; $((SECONDS - started)) s"
