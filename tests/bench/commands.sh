#!/usr/bin/env bash
# The command benchmark: commands at RATE per second (default 500) over K simulated devices (default 100) for
# SECONDS (default 30), in one run against the same broker and the same device simulators: through the hub
# (POST /api/devices/{id}/commands with "wait": true -> device -> HTTP answer), straight over MQTT (publish ->
# device -> response), and through a bare bridge without and with storage (the least any HTTP-fronted hub adds).
# Prints p50, p99, max and lost per phase and writes target/bench/commands.json; exits 1 when a command was lost or
# delivered twice. See docs/benchmarks.md.
#
#   tests/bench/commands.sh [RATE] [K] [SECONDS] [--warmup-s=10] [--only=hub,raw,bridge,pgbridge]
#                           [--caravan.<setting>=<value> ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
bench_run dev.caravan.bench.CommandBenchmark "$@"
