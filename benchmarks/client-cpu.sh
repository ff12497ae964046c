#!/usr/bin/env bash
# The driver's own CPU and allocation per statement on the calling thread: raw HikariCP+pgjdbc vs
# jdbc:shard: with one shard on the same database, in alternating blocks (see BENCHMARKS.md).
#   benchmarks/client-cpu.sh                    # about 6 minutes
#   benchmarks/client-cpu.sh --help             # every option
# SKIP_BUILD=1 reuses the jar already built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
exec java -Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp benchmarks/target/benchmarks.jar \
  io.shardjdbc.benchmarks.workload.ClientCpu "$@"
