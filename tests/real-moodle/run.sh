#!/usr/bin/env bash
# The suite against a real Moodle 4.5.0: builds a throwaway site with the real-moodle kit in a
# temporary folder on a free port, runs tests/real-moodle/*.test.mjs against it one file at a
# time (each starts from the post-build state: lab-reset.sh), prints the timings, and destroys the
# site at the end, whatever happened.
#   REAL_MOODLE_KIT   the kit folder (build.sh, start.sh, stop.sh, destroy.sh, lib.sh, moodle-4.5.0.tar.xz);
#                     default: ../shared/real-moodle beside the checkout, else /work/shared/real-moodle
#   --required        fail (exit 1) instead of skipping when the machine cannot run it
# Needs Debian (apt-get) and root or password-less sudo: the kit installs PHP and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
T0=$SECONDS
required=0
[ "${1:-}" = "--required" ] && required=1

not_run() {
  echo "== real Moodle 4.5: NOT RUN: $*"
  exit "$required"
}

if [ -n "${REAL_MOODLE_KIT:-}" ]; then
  KIT=$REAL_MOODLE_KIT
elif [ -d "$REPO/../shared/real-moodle" ]; then
  KIT=$REPO/../shared/real-moodle
else
  KIT=/work/shared/real-moodle  # where CI machines keep it; a clone may be anywhere
fi
KIT=$(realpath -m -- "$KIT")
TARBALL=$KIT/moodle-4.5.0.tar.xz
[ -f "$TARBALL" ] || not_run "no $TARBALL (set REAL_MOODLE_KIT to the real-moodle kit folder)"
for s in build.sh start.sh stop.sh destroy.sh lib.sh; do
  [ -f "$KIT/$s" ] || not_run "$KIT has no $s"
done
command -v apt-get >/dev/null || not_run "no apt-get: the kit installs PHP and PostgreSQL with apt"
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  not_run "needs root or password-less sudo (the kit installs packages and runs PostgreSQL)"
fi

echo "== real Moodle 4.5 (kit $KIT)"
LAB=$(mktemp -d /tmp/msync-real-XXXXXX)
WORK=$(mktemp -d /tmp/msync-real-work-XXXXXX)
TIMINGS=$WORK/timings.tsv
cleanup() {
  local rc=$?
  if [ -f "$LAB/lab.conf" ]; then
    "${as_root[@]}" bash tests/real-moodle/lab-reset.sh "$KIT" "$LAB" drop >/dev/null 2>&1 || echo "could not drop the copies of the lab's database" >&2
    "${as_root[@]}" bash "$KIT/destroy.sh" "$LAB" >/dev/null 2>&1 || echo "destroy.sh $LAB failed" >&2
  fi
  "${as_root[@]}" rm -rf -- "$LAB"
  rm -rf -- "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free port: one the system hands out, never one another lab may use.
port=""
for _ in 1 2 3 4 5; do
  p=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  case "$p" in 8080|8093) continue ;; esac
  port=$p
  break
done
[ -n "$port" ] || { echo "no free port found" >&2; exit 1; }

t=$SECONDS
if ! "${as_root[@]}" bash "$KIT/build.sh" "$TARBALL" "$LAB" "$port" >"$WORK/build.log" 2>&1 \
  || ! "${as_root[@]}" bash tests/real-moodle/lab-reset.sh "$KIT" "$LAB" keep >>"$WORK/build.log" 2>&1; then
  tail -n 30 "$WORK/build.log" >&2
  echo "the real Moodle site could not be built (build.sh)" >&2
  exit 1
fi
printf 'site build\t%s\n' "$((SECONDS - t))" >>"$TIMINGS"
echo "site built in $((SECONDS - t)) s at http://127.0.0.1:$port"

# shellcheck disable=SC1090
set -a; . <("${as_root[@]}" cat "$LAB/env.sh"); set +a
export REAL_MOODLE_KIT=$KIT REAL_MOODLE_WORK=$WORK

status=0
node --test --test-concurrency=1 --test-reporter=spec \
  tests/real-moodle/example.test.mjs \
  tests/real-moodle/moodle-bugs.test.mjs \
  tests/real-moodle/generated-site.test.mjs \
  tests/real-moodle/recovery.test.mjs \
  tests/real-moodle/differential.test.mjs \
  tests/real-moodle/completion.test.mjs || status=$?

echo "== real Moodle timings (seconds)"
printf 'total\t%s\n' "$((SECONDS - T0))" >>"$TIMINGS"
awk -F'\t' '{ printf "  %-52s %7.1f\n", $1, $2 }' "$TIMINGS"
exit "$status"
