#!/usr/bin/env bash
# lab-reset.sh KIT LAB keep|reset|drop — puts a real-moodle lab back in its post-build state fast.
# The kit's reset.sh replays an SQL dump (8 s on an idle machine, 45 s and more on a busy one);
# a copy of a template database takes about a second:
#   keep    right after the build: keep a template copy of the database (<db>_pristine)
#   reset   the lab's database replaced by a copy of the template (the used one renamed, dropped
#           by `drop`), moodledata restored from the kit's snapshot, the PHP server restarted
#   drop    drops the template and the used databases (before the kit's destroy.sh)
# Runs as root, like the kit. Uses the kit's lib.sh and the names in LAB/lab.conf.
set -euo pipefail
KIT=$1 LAB=$2 COMMAND=$3
# shellcheck disable=SC1091
. "$KIT/lib.sh"
lab_load "$LAB"
PRISTINE=${DB_NAME}_pristine

sql() { as_pg psql -p "$PG_PORT" -q -v ON_ERROR_STOP=1 -d postgres -tAc "$1"; }
disconnect() { sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$1'" >/dev/null; }

case "$COMMAND" in
  keep)
    bash "$KIT/stop.sh" "$LAB" >/dev/null
    disconnect "$DB_NAME"
    as_pg createdb -p "$PG_PORT" -O "$DB_USER" -T "$DB_NAME" "$PRISTINE"
    bash "$KIT/start.sh" "$LAB" >/dev/null
    ;;
  reset)
    bash "$KIT/stop.sh" "$LAB" >/dev/null
    disconnect "$DB_NAME"
    # Renaming is instant; dropping now would wait for a checkpoint.
    sql "ALTER DATABASE \"$DB_NAME\" RENAME TO \"${DB_NAME}_used_$(date +%s%N)\"" >/dev/null
    as_pg createdb -p "$PG_PORT" -O "$DB_USER" -T "$PRISTINE" "$DB_NAME"
    rm -rf "$LAB/moodledata"
    tar -C "$LAB" -xzf "$LAB/moodledata.snapshot.tar.gz"
    bash "$KIT/start.sh" "$LAB" >/dev/null
    ;;
  drop)
    [ -n "${PG_VERSION:-}" ] || exit 0  # the build stopped before it made a database
    for db in $(sql "SELECT datname FROM pg_database WHERE datname = '$PRISTINE' OR datname LIKE '${DB_NAME}\\_used\\_%'"); do
      as_pg dropdb -p "$PG_PORT" --if-exists --force "$db"
    done
    ;;
  *)
    die "usage: lab-reset.sh KIT LAB keep|reset|drop"
    ;;
esac
