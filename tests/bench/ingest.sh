#!/usr/bin/env bash
# The ingest benchmark: N telemetry messages (default 100000) from K simulated devices (default 100) at QoS 1,
# through the broker alone and through the hub into PostgreSQL, in one run against the same broker.
# Prints both rates and their ratio and writes target/bench/ingest.json; exits 1 when the hub lost messages.
# See docs/benchmarks.md.
#
#   tests/bench/ingest.sh [N] [K] [--consumers=C] [--synchronous-commit=on] [--caravan.<setting>=<value> ...]
set -euo pipefail
cd "$(dirname "$0")/../.."

mkdir -p target/bench

# the hub's jar, rebuilt when missing or older than the sources
if [[ ! -f target/caravan.jar ]] || [[ -n "$(find pom.xml src/main -newer target/caravan.jar -print -quit)" ]]; then
  echo "Building target/caravan.jar ..."
  mvn -B -q -DskipTests package
fi

# the driver (test scope) and its classpath
mvn -B -q test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt

exec java -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" \
  dev.caravan.bench.IngestBenchmark "$@"
