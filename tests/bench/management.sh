#!/usr/bin/env bash
# The management port's cost per request: CPU seconds of the hub's JVM (from /proc) per authenticated
# GET /actuator/metrics/jvm.memory.used (HTTP Basic, as a scraper or script sends it) and per open GET /actuator/health,
# medians of R rounds of N requests (defaults 3 and 200) after 100 requests of warm-up. Writes
# target/bench/management.json. Needs curl. See docs/benchmarks.md.
#
#   tests/bench/management.sh [rounds] [requests]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
requests=${2:-200}
mkdir -p target/bench
if [[ ! -f target/caravan.jar ]] || [[ -n "$(find pom.xml src/main -newer target/caravan.jar -print -quit)" ]]; then
  echo "Building target/caravan.jar ..."
  mvn -B -q -DskipTests package
fi
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mgmt=$(port)
java -Xmx512m -jar target/caravan.jar --caravan.embedded.ephemeral=true --caravan.demo.enabled=false \
  --server.port="$mgmt" --caravan.api.port="$(port)" --caravan.mqtt.embedded.port="$(port)" \
  --caravan.mqtt.embedded.websocket-port="$(port)" --caravan.db.embedded.port="$(port)" \
  --caravan.redis.embedded.port="$(port)" > target/bench/hub-management.log 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null || true; wait $hub 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "localhost:$mgmt/actuator/health" > /dev/null && break; sleep 1; done
cpu() { awk '{print $14 + $15}' "/proc/$hub/stat"; }   # user + system, in clock ticks
ticks=$(getconf CLK_TCK)
# ms of the hub's CPU per request, over N requests of curl "$@"
per_request() {
  local t1 t2
  t1=$(cpu)
  for _ in $(seq "$requests"); do curl -s -o /dev/null "$@"; done
  t2=$(cpu)
  python3 -c "print(round(($t2 - $t1) * 1000 / $ticks / $requests, 2))"
}
url="localhost:$mgmt/actuator/metrics/jvm.memory.used"
for _ in $(seq 100); do curl -s -o /dev/null -u admin:caravan "$url"; curl -s -o /dev/null "localhost:$mgmt/actuator/health"; done
basic=(); health=()
for r in $(seq "$rounds"); do
  basic+=("$(per_request -u admin:caravan "$url")")
  health+=("$(per_request "localhost:$mgmt/actuator/health")")
  echo "round $r: authenticated metric ${basic[-1]} ms, open health ${health[-1]} ms of hub CPU per request"
done
python3 - "$rounds" "$requests" "${basic[*]}" "${health[*]}" <<'PY'
import json, os, statistics, sys, datetime
rounds, requests, basic, health = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split()
result = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "rounds": rounds, "requests_per_round": requests,
    "basic_metric_ms_cpu_per_request": [float(x) for x in basic],
    "health_ms_cpu_per_request": [float(x) for x in health],
    "basic_metric_median_ms": statistics.median(float(x) for x in basic),
    "health_median_ms": statistics.median(float(x) for x in health),
    "load_average_1m": os.getloadavg()[0],
}
json.dump(result, open("target/bench/management.json", "w"), indent=2)
print(f"median ms of hub CPU per request: authenticated metric {result['basic_metric_median_ms']}, "
      f"open health {result['health_median_ms']} -> target/bench/management.json")
PY
