#!/usr/bin/env bash
# The Modbus benchmark: K simulated devices (default 100) × R holding registers (default 50) served by Debian's
# pymodbus on P ports, polled by the modbus: component at 1 s (reads/s, p99 schedule jitter, CPU) and flat out,
# and read by a plain digitalpetri client against the same server in the same run. Writes target/bench/modbus.json.
# Needs python3-pymodbus (apt-get install python3-pymodbus). See docs/benchmarks.md.
#
#   tests/bench/modbus.sh [devices] [registers] [seconds per phase] [ports]
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/bench/lib.sh
bench_run dev.caravan.bench.ModbusBenchmark "$@"
