#!/usr/bin/env bash
# Copy throughput of an online move with sysbench-sized rows (id INT, k INT, c CHAR(120),
# pad CHAR(60)), PostgreSQL to PostgreSQL or MariaDB to MariaDB: loads ROWS rows on shard s0 of two
# databases on the local server, moves half of the buckets to s1 with shardctl, and prints the copy's
# rows/s (from the move's JSON progress lines) and the whole move's time (copy, catch-up, fence, flip,
# cleanup).
# Usage: benchmarks/move-copy.sh [ROWS] [postgres|mariadb]   (default 1000000 postgres; databases sjdbc_bench_move_*)
set -euo pipefail
ROWS=${1:-1000000}
DB=${2:-postgres}
cd "$(dirname "$0")/.."
[ -f shard-rebalancer/target/shardctl.jar ] || mvn -B -q -pl shard-rebalancer -am package -DskipTests
dir=$(mktemp -d)
if [[ $DB == postgres ]]; then
  HOST=${PGHOST:-127.0.0.1}; PORT=${PGPORT:-5432}; USER_=${PGUSER:-postgres}
  sql() { local d=$1; shift; psql -h "$HOST" -p "$PORT" -U "$USER_" -v ON_ERROR_STOP=1 -qAt -d "$d" "$@"; }
  for db in store 0 1; do
    sql postgres -c "DROP DATABASE IF EXISTS sjdbc_bench_move_$db WITH (FORCE)" -c "CREATE DATABASE sjdbc_bench_move_$db"
  done
  sql sjdbc_bench_move_0 -c "CREATE TABLE sbtest (id INT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL)" \
    -c "INSERT INTO sbtest SELECT g, (random() * $ROWS)::int, rpad(md5(g::text), 120, 'x'), rpad(md5((g + 1)::text), 60, 'y') FROM generate_series(1, $ROWS) g" \
    -c "CREATE INDEX k_1 ON sbtest (k)" -c "VACUUM ANALYZE sbtest"
  url() { echo "jdbc:postgresql://$HOST:$PORT/sjdbc_bench_move_$1"; }
  count() { sql sjdbc_bench_move_1 -c "SELECT count(*) FROM sbtest"; }
  cat > "$dir/shards.yaml" <<YAML
shards:
  s0: { url: "$(url 0)", username: $USER_ }
  s1: { url: "$(url 1)", username: $USER_ }
tables:
  sbtest: { key: id, strategy: hash, shards: [s0] }
metadata: { url: "$(url store)?user=$USER_" }
YAML
else
  HOST=${MYSQL_HOST:-127.0.0.1}; PORT=${MYSQL_PORT:-3306}; USER_=${MYSQL_USER:-root}
  sql() { local d=$1; shift; mysql --no-defaults -h "$HOST" -P "$PORT" -u "$USER_" -N -B "$d" -e "$*"; }
  for db in store 0 1; do
    sql mysql "DROP DATABASE IF EXISTS sjdbc_bench_move_$db; CREATE DATABASE sjdbc_bench_move_$db CHARACTER SET utf8mb4"
  done
  sql sjdbc_bench_move_0 "CREATE TABLE sbtest (id INT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL, KEY k_1 (k));
    INSERT INTO sbtest SELECT seq, FLOOR(RAND() * $ROWS), RPAD(MD5(seq), 120, 'x'), RPAD(MD5(seq + 1), 60, 'y') FROM seq_1_to_$ROWS;
    ANALYZE TABLE sbtest" >/dev/null
  url() { echo "jdbc:mysql://$HOST:$PORT/sjdbc_bench_move_$1?useSSL=false&allowPublicKeyRetrieval=true"; }
  count() { sql sjdbc_bench_move_1 "SELECT COUNT(*) FROM sbtest"; }
  cat > "$dir/shards.yaml" <<YAML
shards:
  s0: { url: "$(url 0)", username: $USER_, password: '' }
  s1: { url: "$(url 1)", username: $USER_, password: '' }
tables:
  sbtest: { key: id, strategy: hash, shards: [s0] }
metadata: { url: "$(url store)&user=$USER_&password=" }
YAML
fi
start=$(date +%s.%N)
java -jar shard-rebalancer/target/shardctl.jar --config "$dir/shards.yaml" --json move buckets sbtest 0-511 --to s1 \
  --chunk 20000 > "$dir/progress.jsonl"
end=$(date +%s.%N)
moved=$(count)
rate=$(grep '"state":"COPYING"' "$dir/progress.jsonl" | grep rowsPerSecond | tail -1 | sed 's/.*"rowsPerSecond":\([0-9]*\).*/\1/')
echo "$DB: rows moved: $moved of $ROWS; copy: $rate rows/s; whole move: $(echo "$end - $start" | bc) s (incl. JVM start, catch-up, flip, cleanup)"
rm -rf "$dir"
