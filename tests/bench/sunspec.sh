#!/usr/bin/env bash
# The SunSpec benchmark: a device with models 1, 103, 120, 160 (4 modules) and 704 served by Debian's pymodbus;
# discovery time and full read time (read, decode, map) over one Modbus TCP connection, medians over R runs (default
# 50). Writes target/bench/sunspec.json. Needs python3-pymodbus (apt-get install python3-pymodbus).
# See docs/benchmarks.md.
#
#   tests/bench/sunspec.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
# the driver uses the component's classes only, not the hub's jar: the test classpath is enough (see lib.sh)
mkdir -p target/bench
mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/bench/classpath.txt)" dev.caravan.bench.SunSpecBenchmark "$@"
