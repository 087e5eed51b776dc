#!/usr/bin/env bash
# Every test: the native GoogleTest suite (ctest), a short run of the codec's fuzzers, the Node
# suites against the WebAssembly build and the simulator, and the browser tests in headless
# Chromium; then the native and Node suites again with the clock a year and eight years ahead,
# because no test may depend on the day it runs; last the suite against a real Moodle when the
# machine allows it (tests/real-moodle/run.sh says why when it does not). Sets up what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 bash scripts/setup.sh

echo "== native core (GoogleTest)"
ctest --test-dir build/native --output-on-failure -j2 | tail -n 3

echo "== fuzzers: the Moodle answer decoder and the form encoder, 15 s each (all four: scripts/fuzz.sh)"
FUZZERS="answer encode" bash scripts/fuzz.sh 15

echo "== WebAssembly core, hosts and sync (node --test)"
# Three test files at a time: most of their time is spent waiting on the simulator or a child process.
# A suite folder not (yet) in the tree is left out rather than failing the run.
suites=()
for dir in tests/js/core tests/js/host tests/js/cli tests/js/sync tests/js/drupal-simulator tests/js/source-jsonapi \
    tests/js/completion tests/js/completion-e2e tests/js/serverless tests/js/serverless-e2e tests/js/web; do
  [[ -d $dir ]] && suites+=("$dir")
done
node --test --test-concurrency=3 --test-reporter=dot "${suites[@]}"

echo "== Moodle simulator: conformance with the recordings, faults, state"
log=$(mktemp)
if node --test --test-concurrency=3 --test-reporter=tap tests/js/simulator/ >"$log" 2>&1; then
  grep -E "^# (  |conformance|tests|pass|fail)" "$log" || true
else
  cat "$log"
  exit 1
fi

echo "== browser (Chromium)"
node --test --test-reporter=dot tests/browser/

for shift in '+365 days' '+8 years'; do
  bash scripts/test-shifted-clock.sh "$shift"
done

bash tests/real-moodle/run.sh
