#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL 15 (127.0.0.1:5432) on 127.0.0.1:5433, for
# DATABASE_REPLICA_URL in development and in CI (the replica integration test).
#
#   scripts/replica.sh start    copies the primary (pg_basebackup -R) and starts it streaming; reuses a
#                               replica folder of this primary, and does nothing when it already runs
#   scripts/replica.sh stop     stops it (fast shutdown); the folder stays for the next start
#   scripts/replica.sh status   prints whether it runs, is in recovery, and its lag
#   scripts/replica.sh purge    stops it, deletes its folder and drops its replication slot on the primary
#
# Environment: REPLICA_DIR (default /tmp/louzhang-replica), REPLICA_PORT (5433), PRIMARY_PORT (5432),
# PGBIN (/usr/lib/postgresql/15/bin). Run as root (the server runs as the `postgres` OS user) or as postgres.
# The primary needs wal_level replica and max_wal_senders > 0 (PostgreSQL 15's defaults) and must accept
# replication connections from 127.0.0.1: when it does not, the script adds
# `host replication postgres 127.0.0.1/32 trust` to its pg_hba.conf (once) and reloads it.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PORT=${REPLICA_PORT:-5433}
DIR=${REPLICA_DIR:-/tmp/louzhang-replica}
DATA=$DIR/data
LOG=$DIR/postgres.log
WAIT=${REPLICA_WAIT_SECONDS:-60}
HBA_LINE='host replication postgres 127.0.0.1/32 trust'
# A physical replication slot keeps the WAL the replica has not received while it is stopped (the primary
# would otherwise recycle it, and the replica could not catch up); `purge` drops it.
SLOT=${REPLICA_SLOT:-louzhang_replica}

say() { echo "replica: $*"; }
die() {
  echo "replica: $*" >&2
  exit 1
}
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
primary() { psql -X -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc "$1"; }
replica() { psql -X -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atqc "$1"; }
running() { [ -f "$DATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }
can_replicate() {
  psql -X "host=127.0.0.1 port=$PRIMARY_PORT user=postgres replication=true" -Atqc 'IDENTIFY_SYSTEM' >/dev/null 2>&1
}

check_primary() {
  pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" || die "the primary on 127.0.0.1:$PRIMARY_PORT does not answer"
  local wal_level senders
  wal_level=$(primary 'show wal_level')
  senders=$(primary 'show max_wal_senders')
  case "$wal_level" in
    replica | logical) ;;
    *) die "the primary's wal_level is $wal_level: set it to replica and restart the primary" ;;
  esac
  [ "$senders" -gt 0 ] || die "the primary's max_wal_senders is 0: raise it and restart the primary"
  if ! can_replicate; then
    local hba
    hba=$(primary 'show hba_file')
    if ! grep -qxF "$HBA_LINE" "$hba"; then
      say "allowing replication connections from 127.0.0.1 in $hba"
      # Appended: the first matching line wins, and no earlier line names the replication pseudo-database.
      printf '%s\n' "# louzhang read replica (scripts/replica.sh)" "$HBA_LINE" >>"$hba"
    fi
    [ "$(primary 'select pg_reload_conf()')" = t ] || die "could not reload the primary's configuration"
    for _ in $(seq 1 10); do
      can_replicate && break
      sleep 1
    done
    can_replicate || die "the primary still refuses replication connections from 127.0.0.1 (see $hba)"
  fi
}

slot_exists() { [ "$(primary "select count(*) from pg_replication_slots where slot_name = '$SLOT'")" = 1 ]; }
drop_slot() {
  if slot_exists; then primary "select pg_drop_replication_slot('$SLOT')" >/dev/null; fi
}

# The replica folder belongs to this primary (same system identifier), is a standby, and its slot is there.
belongs() {
  [ -f "$DATA/standby.signal" ] || return 1
  slot_exists || return 1
  local mine theirs
  mine=$(as_pg "$PGBIN/pg_controldata" -D "$DATA" 2>/dev/null | awk -F': *' '/Database system identifier/ {print $2}')
  theirs=$(primary 'select system_identifier from pg_control_system()')
  [ -n "$mine" ] && [ "$mine" = "$theirs" ]
}

base_backup() {
  say "copying the primary into $DATA (pg_basebackup -R)"
  rm -rf "$DATA"
  drop_slot
  mkdir -p "$DIR"
  chown postgres:postgres "$DIR" 2>/dev/null || true
  as_pg timeout "$WAIT" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATA" \
    -R -X stream -C -S "$SLOT" -c fast --no-password
}

# Debian keeps postgresql.conf and pg_hba.conf in /etc, so the copy has none: the replica gets its own,
# written at each start. A hot standby needs these limits at least as high as the primary's.
configure() {
  local limits='' p
  for p in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    limits+="$p = $(primary "show $p")"$'\n'
  done
  as_pg tee "$DATA/postgresql.conf" >/dev/null <<EOF
# The louzhang read replica (scripts/replica.sh): a hot standby streaming from 127.0.0.1:$PRIMARY_PORT.
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 32MB
wal_receiver_status_interval = 1s
$limits
EOF
  as_pg tee "$DATA/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
  as_pg touch "$DATA/pg_ident.conf"
}

start() {
  check_primary
  if running; then
    say "already running on 127.0.0.1:$PORT"
  else
    belongs || base_backup
    configure
    say "starting on 127.0.0.1:$PORT (log: $LOG)"
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t "$WAIT" start >/dev/null ||
      die "did not start; the end of $LOG:$(echo && tail -n 20 "$LOG")"
  fi
  # Ready when it answers, is a standby, and streams from the primary.
  for _ in $(seq 1 "$WAIT"); do
    if [ "$(replica "select pg_is_in_recovery() and exists (select 1 from pg_stat_wal_receiver where status = 'streaming')" 2>/dev/null)" = t ]; then
      say "streaming from 127.0.0.1:$PRIMARY_PORT; DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:$PORT/<database>"
      return 0
    fi
    sleep 1
  done
  die "not streaming after ${WAIT}s; the end of $LOG:$(echo && tail -n 20 "$LOG")"
}

stop() {
  if running; then
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t "$WAIT" stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

status() {
  if running; then
    replica "select 'in recovery: ' || pg_is_in_recovery() || ', replay paused: ' || (pg_get_wal_replay_pause_state() <> 'not paused') || ', last replayed transaction: ' || coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp())::int || 's ago', 'none')"
  else
    say "not running"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  purge)
    stop
    drop_slot
    rm -rf "$DIR"
    say "deleted $DIR"
    ;;
  *) die "usage: $0 start|stop|status|purge" ;;
esac
