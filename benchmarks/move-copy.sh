#!/usr/bin/env bash
# Copy throughput of an online move, PostgreSQL to PostgreSQL, with sysbench-sized rows
# (id INT, k INT, c CHAR(120), pad CHAR(60)): loads ROWS rows on shard s0 of two databases on the
# local server, moves half of the buckets to s1 with shardctl, and prints the copy's rows/s (from the
# move's JSON progress lines) and the whole move's time (copy, catch-up, fence, flip, cleanup).
# Usage: benchmarks/move-copy.sh [ROWS]   (default 1000000; databases sjdbc_bench_move_*)
set -euo pipefail
ROWS=${1:-1000000}
HOST=${PGHOST:-127.0.0.1}; PORT=${PGPORT:-5432}; USER_=${PGUSER:-postgres}
cd "$(dirname "$0")/.."
[ -f shard-rebalancer/target/shardctl.jar ] || mvn -B -q -pl shard-rebalancer -am package -DskipTests
psql_() { psql -h "$HOST" -p "$PORT" -U "$USER_" -v ON_ERROR_STOP=1 -qAt "$@"; }
for db in store 0 1; do
  psql_ -d postgres -c "DROP DATABASE IF EXISTS sjdbc_bench_move_$db WITH (FORCE)" -c "CREATE DATABASE sjdbc_bench_move_$db"
done
psql_ -d sjdbc_bench_move_0 -c "CREATE TABLE sbtest (id INT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL)" \
  -c "INSERT INTO sbtest SELECT g, (random() * $ROWS)::int, rpad(md5(g::text), 120, 'x'), rpad(md5((g + 1)::text), 60, 'y') FROM generate_series(1, $ROWS) g" \
  -c "CREATE INDEX k_1 ON sbtest (k)" -c "VACUUM ANALYZE sbtest"
dir=$(mktemp -d)
cat > "$dir/shards.yaml" <<YAML
shards:
  s0: { url: "jdbc:postgresql://$HOST:$PORT/sjdbc_bench_move_0", username: $USER_ }
  s1: { url: "jdbc:postgresql://$HOST:$PORT/sjdbc_bench_move_1", username: $USER_ }
tables:
  sbtest: { key: id, strategy: hash, shards: [s0] }
metadata: { url: "jdbc:postgresql://$HOST:$PORT/sjdbc_bench_move_store?user=$USER_" }
YAML
start=$(date +%s.%N)
java -jar shard-rebalancer/target/shardctl.jar --config "$dir/shards.yaml" --json move buckets sbtest 0-511 --to s1 \
  --chunk 20000 > "$dir/progress.jsonl"
end=$(date +%s.%N)
moved=$(psql_ -d sjdbc_bench_move_1 -c "SELECT count(*) FROM sbtest")
rate=$(grep '"state":"COPYING"' "$dir/progress.jsonl" | grep rowsPerSecond | tail -1 | sed 's/.*"rowsPerSecond":\([0-9]*\).*/\1/')
echo "rows moved: $moved of $ROWS; copy: $rate rows/s; whole move: $(echo "$end - $start" | bc) s (incl. JVM start, catch-up, flip, cleanup)"
rm -rf "$dir"
