#!/usr/bin/env bash
# The reliability suite against the packaged jar (./mvnw package first), started as production runs it:
#   hostile    10,000 seeded hostile requests, every answer checked by h11 (hostile.py)
#   slow       1,000 slowloris connections and 1,000 idle kept-alive ones while wrk measures GET /:
#              p99 under 250 ms, every slowloris cut by the 10 s head deadline, the idle ones untouched
#   overload   twice max-in-flight sleeps at once (limit 500): 500 answer 200, 500 a fast 503 with
#              Retry-After, peak RSS reported, then the service answers normally
#   shutdown   sleeps that outlast the shutdown delay in flight and wrk on / when SIGTERM arrives: none
#              lost, exit 0 after they end (shutdown.sh)
# In every case the server's log (JSON lines) must hold no record at WARN or above (logcheck.py).
#
#   scripts/reliability/run.sh [hostile] [slow] [overload] [shutdown]     (default: all)
#
# Env: HOSTILE_COUNT (10000), HOSTILE_SEED (random, printed), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=("$@")
ulimit -n "$(ulimit -Hn)"   # thousands of connections, both ends on this machine
((${#cases[@]})) || cases=(hostile slow overload shutdown)

if ! /usr/bin/python3 -c 'import h11' 2>/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-h11 >/dev/null
fi
[[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "reliability: no target/quarkus-app/quarkus-run.jar; run ./mvnw package" >&2; exit 1; }

free_port() { for p in $(seq "$1" $(($1 + 900))); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
pid=""
cleanup() { [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true; }
trap cleanup EXIT

start_jar() { # port, extra -D flags...
    local port=$1; shift
    log=$(mktemp /tmp/hello-async-reliability.XXXXXX.log)
    mport=$((port + 1000))   # the management interface: health and metrics
    ${JAVA:-java} -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" "$@" -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "http://127.0.0.1:$mport/q/health/ready" && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "reliability: the jar did not start" >&2; exit 1; }
        sleep 0.2
    done
    echo "reliability: the jar was not ready within 60 s (start-up and warm-up)" >&2; exit 1
}

stop_jar() { # case: SIGTERM, wait for the exit, then check the whole log (shutdown included)
    kill "$pid"; wait "$pid" || true; pid=""
    /usr/bin/python3 scripts/reliability/logcheck.py "$1" "$log"
}

for case in "${cases[@]}"; do
    case $case in
    hostile)
        port=$(free_port 18300)
        start_jar "$port"
        seed_args=(); [[ -n "${HOSTILE_SEED:-}" ]] && seed_args=(--seed "$HOSTILE_SEED")
        /usr/bin/python3 scripts/reliability/hostile.py --port "$port" --count "${HOSTILE_COUNT:-10000}" "${seed_args[@]}"
        stop_jar hostile
        ;;
    slow)
        port=$(free_port 18300)
        start_jar "$port"
        out=$(mktemp /tmp/hello-async-slow.XXXXXX)
        /usr/bin/python3 scripts/reliability/slow.py --port "$port" --slow 1000 --idle 1000 --deadline 10 >"$out" &
        slow_pid=$!
        for _ in $(seq 1 600); do grep -q ready "$out" && break; sleep 0.1; done
        grep -q ready "$out" || { echo "slow FAILED: the slow clients did not connect" >&2; exit 1; }
        wrk -t 1 -c 20 -d 8s --latency "http://127.0.0.1:$port/" >"$out.wrk"
        wait "$slow_pid"
        result=$(tail -n 1 "$out")
        p99=$(awk '$1 == "99%" { print $2 }' "$out.wrk")
        p99ms=$(awk -v v="$p99" 'BEGIN { if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }')
        echo "slow: wrk GET / p99 $p99 ($(awk '/Requests\/sec/ { print $2 }' "$out.wrk") req/s) with 1,000 slowloris and 1,000 idle connections open"
        echo "slow: $result"
        awk -v p="$p99ms" 'BEGIN { exit !(p < 250) }' || { echo "slow FAILED: p99 $p99 is not under 250 ms" >&2; exit 1; }
        /usr/bin/python3 - "$result" <<'PY' || exit 1
import json, sys
r = json.loads(sys.argv[1])
ok = r["slow_cut"] == r["slow"] and r["idle_first_200"] == r["idle"] and r["idle_still_serving"] == r["idle"] \
    and 8 <= r["cut_after_s"]["min"] and r["cut_after_s"]["max"] <= 14
if not ok:
    print("slow FAILED: every slowloris must be cut 8-14 s after it connected (deadline 10 s), every idle connection's first request answered 200 and still served at the end", file=sys.stderr)
sys.exit(0 if ok else 1)
PY
        stop_jar "$case"
        ;;
    overload)
        port=$(free_port 18300)
        start_jar "$port" -Dhello.sleep.max-in-flight=500
        tally=$(/usr/bin/python3 scripts/reliability/drain.py --port "$port" --count 1000 --seconds 2 | tail -n 1)
        peak=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")
        echo "overload: 1,000 sleeps at once, limit 500: $tally; peak RSS $peak MiB"
        [[ $tally == '{"503 fast Retry-After": 500, "ok": 500}' ]] || { echo "overload FAILED: $tally" >&2; exit 1; }
        after=$(/usr/bin/python3 scripts/reliability/drain.py --port "$port" --count 500 --seconds 0.1 | tail -n 1)
        [[ $after == '{"ok": 500}' ]] || { echo "overload FAILED: after the burst, 500 sleeps got $after" >&2; exit 1; }
        echo "overload: after the burst, 500 sleeps at once all 200"
        stop_jar "$case"
        ;;
    shutdown)
        bash scripts/reliability/shutdown.sh jar
        ;;
    *) echo "reliability: unknown case $case" >&2; exit 2 ;;
    esac
done
