#!/usr/bin/env bash
# The demo on a fresh machine: set up what is missing, then run `moodle-sync demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Started as the installed command starts (its first line: the memory settings of js/host/process-memory.mjs).
exec cli/moodle-sync.mjs demo "$@"
