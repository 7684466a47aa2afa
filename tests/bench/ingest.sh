#!/usr/bin/env bash
# The ingest benchmark: N telemetry messages (default 100000) from K simulated devices (default 100) at QoS 1,
# through the broker alone and through the hub into PostgreSQL, in one run against the same broker.
# Prints both rates and their ratio and writes target/bench/ingest.json; exits 1 when the hub lost messages.
# See docs/benchmarks.md.
#
#   tests/bench/ingest.sh [N] [K] [--consumers=C] [--synchronous-commit=on] [--caravan.<setting>=<value> ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
bench_run dev.caravan.bench.IngestBenchmark "$@"
