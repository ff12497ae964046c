#!/usr/bin/env bash
# Server settings the local PostgreSQL primary needs for the tests (idempotent):
#   wal_level = logical              change capture of online moves (logical decoding)
#   max_prepared_transactions = 64   two-phase commit of atomic transactions
#   max_connections = 300            several test JVMs, each with a pool per shard
# Each takes effect only after a restart: when one differs, it is set with ALTER SYSTEM and the
# primary is restarted once. A streaming replica (scripts/pg-replica.sh) needs max_connections and
# max_prepared_transactions at least as high as its primary's; that script writes them.
#
# Environment: PG_HOST (127.0.0.1), PG_PORT (5432), PG_VERSION (newest in /etc/postgresql),
# PG_SETTINGS_TIMEOUT seconds to wait for the restarted server (90).
set -euo pipefail

HOST=${PG_HOST:-127.0.0.1}
PORT=${PG_PORT:-5432}
VERSION=${PG_VERSION:-$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)}
TIMEOUT=${PG_SETTINGS_TIMEOUT:-90}

say() { echo "pg-settings: $*"; }
fail() { echo "pg-settings: ERROR: $*" >&2; exit 1; }
psql_primary() { psql -X -At -h "$HOST" -p "$PORT" -U postgres -d postgres -c "$1"; }

declare -A WANTED=([wal_level]=logical [max_prepared_transactions]=64 [max_connections]=300)

pg_isready -q -h "$HOST" -p "$PORT" -t 3 || fail "PostgreSQL on $HOST:$PORT does not accept connections; start it first"

changed=false
for name in "${!WANTED[@]}"; do
  current=$(psql_primary "SHOW $name")
  if [[ $current != "${WANTED[$name]}" ]]; then
    say "$name is $current; setting ${WANTED[$name]}"
    psql_primary "ALTER SYSTEM SET $name = '${WANTED[$name]}'" >/dev/null
    changed=true
  fi
done

if $changed; then
  [[ -n "$VERSION" ]] || fail "no PostgreSQL cluster under /etc/postgresql to restart"
  say "restarting PostgreSQL $VERSION/main for the new settings"
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main restart
  deadline=$((SECONDS + TIMEOUT))
  until pg_isready -q -h "$HOST" -p "$PORT" -t 2; do
    ((SECONDS < deadline)) || fail "PostgreSQL did not come back within ${TIMEOUT}s after the restart"
    sleep 0.5
  done
fi

for name in "${!WANTED[@]}"; do
  [[ $(psql_primary "SHOW $name") == "${WANTED[$name]}" ]] || fail "$name is still $(psql_primary "SHOW $name") after the restart"
done
say "ok: wal_level=$(psql_primary 'SHOW wal_level'), max_prepared_transactions=$(psql_primary 'SHOW max_prepared_transactions'), max_connections=$(psql_primary 'SHOW max_connections')"
