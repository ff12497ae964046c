#!/usr/bin/env bash
# A PostgreSQL streaming replica of the local primary, for the replica integration tests and by hand.
#
#   scripts/pg-replica.sh            make sure the replica runs and streams (idempotent)
#   scripts/pg-replica.sh --rebuild  throw the replica's data directory away and take a new base backup
#
# The replica is a second server (same binaries as the primary) on its own port and data directory:
# pg_basebackup -R -X stream from the primary, then its own postgresql.conf (the Debian cluster keeps
# its config outside the data directory) and copies of the primary's pg_hba.conf / pg_ident.conf.
#
# Running it again: already streaming -> nothing to do; stopped -> started; broken (no standby.signal,
# no connection to the primary after start) -> rebuilt. It ends by checking pg_is_in_recovery() on the
# replica and pg_stat_replication on the primary, and exits non-zero saying what is wrong otherwise.
#
# Environment: PG_PRIMARY_HOST (127.0.0.1), PG_PRIMARY_PORT (5432), PG_REPLICA_PORT (5433),
# PG_REPLICA_DIR (/var/lib/postgresql/<version>/replica<port>), PG_VERSION (newest in /etc/postgresql),
# PG_REPLICA_TIMEOUT seconds to wait for readiness and streaming (60).
set -euo pipefail

PRIMARY_HOST=${PG_PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PG_PRIMARY_PORT:-5432}
REPLICA_PORT=${PG_REPLICA_PORT:-5433}
VERSION=${PG_VERSION:-$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)}
TIMEOUT=${PG_REPLICA_TIMEOUT:-60}
MIN_CONNECTIONS=300
MIN_PREPARED=64
REBUILD=false
[[ "${1:-}" == "--rebuild" ]] && REBUILD=true

say() { echo "pg-replica: $*"; }
fail() { echo "pg-replica: ERROR: $*" >&2; exit 1; }

[[ -n "$VERSION" ]] || fail "no PostgreSQL cluster under /etc/postgresql; install postgresql (or set PG_VERSION)"
BIN=/usr/lib/postgresql/$VERSION/bin
CONF=/etc/postgresql/$VERSION/main
DIR=${PG_REPLICA_DIR:-/var/lib/postgresql/$VERSION/replica$REPLICA_PORT}
LOG=$DIR/replica.log
[[ -x $BIN/pg_ctl ]] || fail "$BIN/pg_ctl not found: is postgresql-$VERSION installed?"
id postgres >/dev/null 2>&1 || fail "no 'postgres' OS user: the PostgreSQL package creates it"

as_pg() { if [[ $(id -un) == postgres ]]; then bash -c "$1"; else su postgres -s /bin/bash -c "$1"; fi; }
psql_primary() { psql -X -At -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -c "$1"; }
psql_replica() { psql -X -At -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -c "$1"; }

# Polls a command until it succeeds or TIMEOUT seconds pass.
wait_for() {
  local what=$1; shift
  local deadline=$((SECONDS + TIMEOUT))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -t 3 \
  || fail "the primary on $PRIMARY_HOST:$PRIMARY_PORT does not accept connections; start it first (pg_ctlcluster --skip-systemctl-redirect $VERSION main start)"

# The primary must accept replication connections from this host (Debian's default pg_hba.conf has no
# such line for TCP). Adding one and reloading does not disturb running sessions.
ensure_replication_access() {
  if psql -X -At "host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres replication=true" -c IDENTIFY_SYSTEM >/dev/null 2>&1; then
    return
  fi
  local hba=$CONF/pg_hba.conf
  [[ -w $hba ]] || fail "the primary refuses replication connections from $PRIMARY_HOST and $hba is not writable; add 'host replication all 127.0.0.1/32 trust'"
  say "allowing replication connections from 127.0.0.1 in $hba and reloading the primary"
  printf '%s\n' '# shard-jdbc scripts/pg-replica.sh: streaming replicas on this host' 'host replication all 127.0.0.1/32 trust' >>"$hba"
  psql_primary "SELECT pg_reload_conf()" >/dev/null
  wait_for "replication access" psql -X -At "host=$PRIMARY_HOST port=$PRIMARY_PORT user=postgres replication=true" -c IDENTIFY_SYSTEM \
    || fail "the primary still refuses replication connections after adding a line to $hba; check the file"
}

running() { as_pg "$BIN/pg_ctl -D '$DIR' status" >/dev/null 2>&1; }
streaming() {
  [[ $(psql_replica "SELECT pg_is_in_recovery()" 2>/dev/null) == t ]] \
    && [[ $(psql_replica "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null) == streaming ]]
}

build() {
  if running; then as_pg "$BIN/pg_ctl -D '$DIR' -m immediate -w stop" || true; fi
  say "taking a base backup of $PRIMARY_HOST:$PRIMARY_PORT into $DIR"
  rm -rf "$DIR"
  install -d -o postgres -g postgres -m 0700 "$DIR"
  as_pg "$BIN/pg_basebackup -h '$PRIMARY_HOST' -p '$PRIMARY_PORT' -U postgres -D '$DIR' -R -X stream -c fast" \
    || fail "pg_basebackup from $PRIMARY_HOST:$PRIMARY_PORT failed (see above)"
  # the Debian primary keeps its config in $CONF, so the backup has none: give the replica its own
  cat >"$DIR/postgresql.conf" <<EOF
# written by shard-jdbc scripts/pg-replica.sh
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
hot_standby = on
hot_standby_feedback = on
# a standby needs these at least as high as its primary's (scripts/pg-settings.sh)
max_connections = $MIN_CONNECTIONS
max_prepared_transactions = $MIN_PREPARED
shared_buffers = 128MB
fsync = on
logging_collector = off
EOF
  cp "$CONF/pg_hba.conf" "$CONF/pg_ident.conf" "$DIR/"
  chown postgres:postgres "$DIR/postgresql.conf" "$DIR/pg_hba.conf" "$DIR/pg_ident.conf"
}

start() {
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  say "starting the replica on port $REPLICA_PORT"
  as_pg "$BIN/pg_ctl -D '$DIR' -l '$LOG' -w -t $TIMEOUT start" >/dev/null \
    || { tail -n 20 "$LOG" >&2 || true; return 1; }
}

ensure_replication_access

if $REBUILD; then
  build
elif [[ ! -f $DIR/PG_VERSION || ! -f $DIR/standby.signal || ! -f $DIR/postgresql.conf ]]; then
  [[ -d $DIR ]] && say "$DIR is not a complete standby; rebuilding it"
  build
fi

# A replica written before the primary's settings were raised (scripts/pg-settings.sh) would stop
# replaying ("insufficient parameter settings"): rewrite its two lines and restart it.
if [[ -f $DIR/postgresql.conf ]] && ! grep -q "^max_prepared_transactions = $MIN_PREPARED\$" "$DIR/postgresql.conf"; then
  say "raising the replica's max_connections / max_prepared_transactions to the primary's"
  sed -i -e '/^max_connections *=/d' -e '/^max_prepared_transactions *=/d' "$DIR/postgresql.conf"
  printf 'max_connections = %s\nmax_prepared_transactions = %s\n' "$MIN_CONNECTIONS" "$MIN_PREPARED" >>"$DIR/postgresql.conf"
  if running; then as_pg "$BIN/pg_ctl -D '$DIR' -m fast -w stop" >/dev/null || true; fi
fi

if running && streaming; then
  say "already streaming"
else
  if ! running; then
    start || { say "the replica did not start (log above); rebuilding it"; build; start || fail "the rebuilt replica does not start; see $LOG"; }
  fi
  if ! wait_for "streaming" streaming; then
    say "the replica runs but does not stream from the primary within ${TIMEOUT}s; rebuilding it"
    build
    start || fail "the rebuilt replica does not start; see $LOG"
    wait_for "streaming" streaming || fail "the rebuilt replica does not stream; see $LOG"
  fi
fi

# verification: the replica is in recovery and the primary sees it streaming
[[ $(psql_replica "SELECT pg_is_in_recovery()") == t ]] || fail "the server on port $REPLICA_PORT is not in recovery"
wait_for "pg_stat_replication" bash -c "[[ \$(psql -X -At -h '$PRIMARY_HOST' -p '$PRIMARY_PORT' -U postgres -d postgres -c \"SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'\") -ge 1 ]]" \
  || fail "pg_stat_replication on the primary shows no streaming replica"
say "ok: 127.0.0.1:$REPLICA_PORT replays $PRIMARY_HOST:$PRIMARY_PORT ($(psql_primary "SELECT string_agg(client_addr || ' ' || state, ', ') FROM pg_stat_replication"))"
