#!/usr/bin/env bash
# The demo on a fresh machine: set up what is missing, then run `moodle-sync demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node cli/moodle-sync.mjs demo "$@"
