#!/usr/bin/env bash
# The write pause of an online rebalance on PostgreSQL: 4 shards with a hash table (64 buckets) on 2
# of them, THREADS writer threads updating and inserting through jdbc:shard: while
# `shardctl rebalance` spreads the buckets over all 4; prints write latencies before, during and
# around each flip, writes over 1 s and the errors the application saw (see WritePause).
# Usage: benchmarks/move-pause.sh [ROWS] [THREADS] [BASELINE_SECONDS]   (defaults 200000 8 10; databases sjdbc_bench_pause_*)
set -euo pipefail
ROWS=${1:-200000}
THREADS=${2:-8}
BASELINE=${3:-10}
HOST=${PGHOST:-127.0.0.1}; PORT=${PGPORT:-5432}; USER_=${PGUSER:-postgres}
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q -pl shard-rebalancer,benchmarks -am package -DskipTests
fi
sql() { local d=$1; shift; psql -h "$HOST" -p "$PORT" -U "$USER_" -v ON_ERROR_STOP=1 -qAt -d "$d" "$@"; }
for db in store 0 1 2 3; do
  sql postgres -c "DROP DATABASE IF EXISTS sjdbc_bench_pause_$db WITH (FORCE)" -c "CREATE DATABASE sjdbc_bench_pause_$db"
done
# the config's initial placement: buckets 0-31 on s0, 32-63 on s1 (the stable hash of the id's text)
bucket="(('x' || substr(md5(g::text), 1, 8))::bit(32)::bigint % 64)"
for s in 0 1; do
  if [[ $s == 0 ]]; then cond="$bucket < 32"; else cond="$bucket >= 32"; fi
  sql sjdbc_bench_pause_$s -c "CREATE TABLE customer (id BIGINT PRIMARY KEY, v INT NOT NULL, pad CHAR(100) NOT NULL DEFAULT '')" \
    -c "INSERT INTO customer (id, v) SELECT g, 0 FROM generate_series(1, $ROWS) g WHERE $cond" -c "VACUUM ANALYZE customer"
done
dir=$(mktemp -d)
{
  echo "shards:"
  for s in 0 1 2 3; do echo "  s$s: { url: \"jdbc:postgresql://$HOST:$PORT/sjdbc_bench_pause_$s\", username: $USER_ }"; done
  echo "tables:"
  echo "  customer: { key: id, strategy: hash, buckets: 64, shards: [s0, s1] }"
  echo "metadata: { url: \"jdbc:postgresql://$HOST:$PORT/sjdbc_bench_pause_store?user=$USER_\", refresh-interval: 100ms }"
} > "$dir/shards.yaml"
java -cp benchmarks/target/benchmarks.jar io.shardjdbc.benchmarks.move.WritePause "$dir/shards.yaml" \
  shard-rebalancer/target/shardctl.jar customer s0,s1,s2,s3 "$THREADS" "$BASELINE" "$ROWS"
rm -rf "$dir"
