#!/usr/bin/env bash
# The security benchmark: the ingest benchmark with advanced security off and then on, in one run against one hub.
# K registered devices publish N telemetry messages (10 values each) at QoS 1 as plain JSON; K other devices, each
# with its key, publish the same payloads sealed in AES-256-GCM envelopes. Prints both rates (published -> durable
# in PostgreSQL) and the loss, writes target/bench/security.json; exits 1 when a message was lost or dead-lettered.
# Target: at most 20 % less throughput with advanced security on. See docs/benchmarks.md.
#
#   tests/bench/security.sh [N=50000] [K=100] [--xmx-mb=512] [--jar=path] [--caravan.<setting>=<value> ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
bench_run dev.caravan.bench.SecurityBenchmark "$@"
