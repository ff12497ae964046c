#!/usr/bin/env bash
# End-to-end workload benchmark: raw HikariCP+pgjdbc vs jdbc:shard: (1 and 4 shards) vs Apache
# ShardingSphere-JDBC 5.5.2, on PostgreSQL (default 127.0.0.1:5432, user postgres). See BENCHMARKS.md.
#   benchmarks/workload.sh                      # the full run (about 45 minutes)
#   benchmarks/workload.sh --rounds 1 --warmup 2 --measure 3     # a smoke run
#   benchmarks/workload.sh --help               # every option
# SKIP_BUILD=1 reuses the jars already built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
  mvn -B -q -f benchmarks/peer/pom.xml package     # ShardingSphere's classpath -> benchmarks/target/peer-lib
fi
exec java -cp benchmarks/target/benchmarks.jar io.shardjdbc.benchmarks.workload.Workload "$@"
