#!/usr/bin/env bash
# A MariaDB replica of the local primary, for the replica integration tests and by hand.
#
#   scripts/mariadb-replica.sh            make sure the replica runs and replicates (idempotent)
#   scripts/mariadb-replica.sh --rebuild  throw the replica's datadir away and start it again
#
# The replica is a second mariadbd with its own datadir, socket and port, replicating with GTID
# (MASTER_USE_GTID=slave_pos) from the primary. It replicates the databases named sjdbc_rep_* only
# (the tests' databases; everything else on the primary predates binary logging and is not on the
# replica), and it is read_only.
#
# The primary needs binary logging, in ROW format with full row images (online moves read it too).
# When it is off, a config snippet turns it on and the primary is restarted -- but only once no
# other client session is connected (other people's tests use it): the script polls
# information_schema.processlist for up to MARIADB_RESTART_WAIT seconds (600) and gives up with a
# message rather than cut anyone off.
#
# Environment: MARIADB_PRIMARY_PORT (3306), MARIADB_REPLICA_PORT (3307),
# MARIADB_REPLICA_DIR (/var/lib/mysql-replica<port>), MARIADB_RESTART_WAIT (600), MARIADB_TIMEOUT (60).
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=${MARIADB_PRIMARY_PORT:-3306}
REPLICA_PORT=${MARIADB_REPLICA_PORT:-3307}
DIR=${MARIADB_REPLICA_DIR:-/var/lib/mysql-replica$REPLICA_PORT}
RUN=/run/mysqld
SOCK=$RUN/replica$REPLICA_PORT.sock
PIDFILE=$RUN/replica$REPLICA_PORT.pid
CNF=$DIR.cnf
LOG=/var/log/mysql/replica$REPLICA_PORT.err
PRIMARY_PIDFILE=$RUN/mysqld.pid
SNIPPET_DIR=/etc/mysql/mariadb.conf.d
SNIPPET=$SNIPPET_DIR/90-shard-jdbc-binlog.cnf
MY_CNF=/etc/mysql/my.cnf
RESTART_WAIT=${MARIADB_RESTART_WAIT:-600}
TIMEOUT=${MARIADB_TIMEOUT:-60}
REPL_USER=sjdbc_repl
REPL_PASSWORD=sjdbc_repl
REBUILD=false
[[ "${1:-}" == "--rebuild" ]] && REBUILD=true

say() { echo "mariadb-replica: $*"; }
fail() { echo "mariadb-replica: ERROR: $*" >&2; exit 1; }

primary() { mysql --no-defaults -h "$PRIMARY_HOST" -P "$PRIMARY_PORT" -u root -N -B -e "$1"; }
replica() { mysql --no-defaults -S "$SOCK" -u root -N -B -e "$1"; }
primary_up() { mysqladmin --no-defaults -h "$PRIMARY_HOST" -P "$PRIMARY_PORT" -u root --connect-timeout=2 ping >/dev/null 2>&1; }
replica_up() { mysqladmin --no-defaults -S "$SOCK" -u root --connect-timeout=2 ping >/dev/null 2>&1; }
primary_down() { ! primary_up && ! pgrep -F "$PRIMARY_PIDFILE" >/dev/null 2>&1; }

# Polls a command until it succeeds or a number of seconds passes.
wait_for() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

slave_field() { # a column of SHOW SLAVE STATUS on the replica
  mysql --no-defaults -S "$SOCK" -u root -e "SHOW SLAVE STATUS\G" 2>/dev/null | sed -n "s/^ *$1: //p"
}
replicating() { [[ $(slave_field Slave_IO_Running) == Yes && $(slave_field Slave_SQL_Running) == Yes ]]; }
replication_error() { [[ $(slave_field Last_SQL_Errno) =~ ^[1-9] || $(slave_field Last_IO_Errno) =~ ^[1-9] ]]; }
# healthy: both threads run and the replica has applied the primary's position of when we looked ($TARGET)
caught_up() { [[ $(replica "SELECT MASTER_GTID_WAIT('$TARGET', 0)" 2>/dev/null) == 0 ]]; }
healthy() { replicating && caught_up; }
# settled: healthy, or stopped by an error (no point in waiting longer)
settled() { healthy || replication_error; }
# waits until replication is settled, the primary's current position as the target; true when healthy
settle() {
  TARGET=$(primary "SELECT @@gtid_binlog_pos")
  wait_for "$TIMEOUT" settled || true
  healthy
}

[[ -x /usr/sbin/mariadbd ]] || fail "/usr/sbin/mariadbd not found: install mariadb-server"
primary_up || fail "the primary on $PRIMARY_HOST:$PRIMARY_PORT does not answer; start it first (start-stop-daemon --start --oknodo --background --pidfile $PRIMARY_PIDFILE --exec /usr/sbin/mariadbd)"
primary "SELECT 1" >/dev/null 2>&1 || fail "cannot log in to the primary as root with an empty password over TCP"

# ---- the primary: binary logging with GTIDs

no_other_sessions() {
  [[ $(primary "SELECT COUNT(*) FROM information_schema.processlist WHERE id <> CONNECTION_ID()
       AND user NOT IN ('system user', 'event_scheduler', '$REPL_USER') AND command NOT IN ('Daemon', 'Binlog Dump')") == 0 ]]
}

BINLOG_EXPIRE_SECONDS=86400
write_snippet() {
  local want
  want=$(cat <<EOF
# written by shard-jdbc scripts/mariadb-replica.sh: binary logging for the local replica
[mysqld]
server-id = 1
log-bin = mariadb-bin
binlog_format = ROW
# online moves read whole rows from the binary log
binlog_row_image = FULL
# the tests write a lot; a day of binlog is plenty for a replica on the same host
binlog_expire_logs_seconds = $BINLOG_EXPIRE_SECONDS
EOF
)
  if [[ ! -f $SNIPPET ]] || [[ "$(cat "$SNIPPET")" != "$want" ]]; then
    install -d -m 0755 "$SNIPPET_DIR"
    printf '%s\n' "$want" >"$SNIPPET"
  fi
  grep -q "^!includedir $SNIPPET_DIR" "$MY_CNF" 2>/dev/null || printf '\n!includedir %s/\n' "$SNIPPET_DIR" >>"$MY_CNF"
}

ensure_primary_binlog() {
  write_snippet
  if [[ $(primary "SELECT @@log_bin") == 1 ]]; then
    # settings that need no restart follow the snippet at once
    primary "SET GLOBAL binlog_expire_logs_seconds = $BINLOG_EXPIRE_SECONDS; SET GLOBAL binlog_format = 'ROW'; SET GLOBAL binlog_row_image = 'FULL'"
    return
  fi
  say "binary logging is off on the primary: turned on in $SNIPPET"
  say "waiting (up to ${RESTART_WAIT}s) until no other client is connected to the primary before restarting it"
  wait_for "$RESTART_WAIT" no_other_sessions \
    || fail "other clients stayed connected to the primary for ${RESTART_WAIT}s; not restarting it. Run this script again when they are done (the config snippet is in place)"
  say "restarting the primary"
  mysqladmin --no-defaults -h "$PRIMARY_HOST" -P "$PRIMARY_PORT" -u root shutdown
  wait_for "$TIMEOUT" primary_down || fail "the primary did not stop within ${TIMEOUT}s"
  install -d -o mysql -g mysql -m 0755 "$RUN"
  start-stop-daemon --start --oknodo --background --pidfile "$PRIMARY_PIDFILE" --exec /usr/sbin/mariadbd
  wait_for "$TIMEOUT" primary_up || fail "the primary did not come back within ${TIMEOUT}s; see /var/log/mysql/error.log"
  [[ $(primary "SELECT @@log_bin") == 1 ]] || fail "the primary restarted without binary logging; is $SNIPPET read (see $MY_CNF)?"
}

ensure_repl_user() {
  primary "SET sql_log_bin = 0;
    CREATE USER IF NOT EXISTS '$REPL_USER'@'127.0.0.1' IDENTIFIED BY '$REPL_PASSWORD';
    GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '$REPL_USER'@'127.0.0.1'" \
    || fail "cannot create the replication user $REPL_USER on the primary"
}

# ---- the replica

write_config() {
  cat >"$CNF" <<EOF
# written by shard-jdbc scripts/mariadb-replica.sh
[mysqld]
user = mysql
datadir = $DIR
socket = $SOCK
pid-file = $PIDFILE
port = $REPLICA_PORT
bind-address = 127.0.0.1
skip-name-resolve
server-id = $REPLICA_PORT
read_only = ON
relay-log = replica-relay-bin
log-error = $LOG
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
replicate-wild-do-table = sjdbc_rep_%.%
innodb_buffer_pool_size = 128M
EOF
}

init_datadir() {
  say "initialising $DIR"
  stop_replica
  rm -rf "$DIR"
  write_config
  install -d -o mysql -g mysql -m 0750 "$DIR"
  mariadb-install-db --defaults-file="$CNF" --user=mysql --skip-test-db >/dev/null \
    || fail "mariadb-install-db failed for $DIR"
  start_replica
  # root over TCP with an empty password, like the primary; the replica's own grants stay out of any log
  replica "CREATE USER IF NOT EXISTS root@'127.0.0.1' IDENTIFIED BY '';
    GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
    SET GLOBAL gtid_slave_pos = '$(primary "SELECT @@gtid_binlog_pos")'" \
    || fail "cannot prepare the new replica's users"
}

start_replica() {
  replica_up && return 0
  install -d -o mysql -g mysql -m 0755 "$RUN"
  say "starting the replica on port $REPLICA_PORT"
  start-stop-daemon --start --oknodo --background --pidfile "$PIDFILE" --exec /usr/sbin/mariadbd -- --defaults-file="$CNF"
  wait_for "$TIMEOUT" replica_up || { tail -n 20 "$LOG" >&2 || true; return 1; }
}

stop_replica() {
  if replica_up; then mysqladmin --no-defaults -S "$SOCK" -u root shutdown || true; fi
  if [[ -f $PIDFILE ]]; then start-stop-daemon --stop --oknodo --retry 30 --pidfile "$PIDFILE" --exec /usr/sbin/mariadbd >/dev/null || true; fi
}

connect_replica() {
  replica "STOP SLAVE;
    CHANGE MASTER TO MASTER_HOST = '$PRIMARY_HOST', MASTER_PORT = $PRIMARY_PORT, MASTER_USER = '$REPL_USER',
      MASTER_PASSWORD = '$REPL_PASSWORD', MASTER_CONNECT_RETRY = 1, MASTER_USE_GTID = slave_pos;
    START SLAVE" || fail "CHANGE MASTER / START SLAVE failed on the replica"
}

ensure_primary_binlog
ensure_repl_user

if $REBUILD || [[ ! -d $DIR/mysql || ! -f $CNF ]]; then
  init_datadir
fi
start_replica || { say "the replica does not start (log above); rebuilding it"; init_datadir; }

if replicating && settle; then
  say "already replicating"
else
  [[ -n $(slave_field Master_Host) ]] && say "replication is not running ($(slave_field Last_Error)$(slave_field Last_IO_Error)); reconnecting"
  connect_replica
  if ! settle; then
    say "replication does not run ($(slave_field Last_SQL_Error)$(slave_field Last_IO_Error)); rebuilding the replica from the primary's current position"
    init_datadir
    connect_replica
    settle || fail "replication does not run on the rebuilt replica: $(slave_field Last_SQL_Error)$(slave_field Last_IO_Error)"
  fi
fi

# verification: both replication threads run, the replica applied what the primary had a moment ago, and
# it answers over TCP
healthy || fail "SHOW SLAVE STATUS on the replica does not show both threads running and caught up"
mysql --no-defaults -h 127.0.0.1 -P "$REPLICA_PORT" -u root -N -B -e "SELECT 1" >/dev/null \
  || fail "the replica does not accept root over TCP on 127.0.0.1:$REPLICA_PORT"
say "ok: 127.0.0.1:$REPLICA_PORT replicates $PRIMARY_HOST:$PRIMARY_PORT (gtid_slave_pos $(replica "SELECT @@gtid_slave_pos"), primary at $(primary "SELECT @@gtid_binlog_pos"))"
