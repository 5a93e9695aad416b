#!/usr/bin/env bash
# The reliability suite against the packaged jar (./mvnw package first), started as production runs it:
#   hostile    10,000 seeded hostile requests, every answer checked by h11 (hostile.py)
#   overload   twice max-in-flight sleeps at once (limit 500): 500 answer 200, 500 a fast 503 with
#              Retry-After, peak RSS reported, then the service answers normally
#   shutdown   sleeps in flight and wrk on / when SIGTERM arrives: none lost, exit 0 (shutdown.sh)
#
#   scripts/reliability/run.sh [hostile] [overload] [shutdown]     (default: all)
#
# Env: HOSTILE_COUNT (10000), HOSTILE_SEED (random, printed), JAVA (java).
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=("$@")
((${#cases[@]})) || cases=(hostile overload shutdown)

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
    ${JAVA:-java} -Dquarkus.http.port="$port" "$@" -jar target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "reliability: the jar did not start" >&2; exit 1; }
        sleep 0.2
    done
    echo "reliability: the jar was not ready within 20 s" >&2; exit 1
}

for case in "${cases[@]}"; do
    case $case in
    hostile)
        port=$(free_port 18300)
        start_jar "$port"
        seed_args=(); [[ -n "${HOSTILE_SEED:-}" ]] && seed_args=(--seed "$HOSTILE_SEED")
        /usr/bin/python3 scripts/reliability/hostile.py --port "$port" --count "${HOSTILE_COUNT:-10000}" "${seed_args[@]}"
        if grep -E ' (ERROR|WARN) ' "$log"; then
            echo "reliability: the server logged errors or warnings under hostile requests (above)" >&2; exit 1
        fi
        kill "$pid"; wait "$pid" || true; pid=""
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
        kill "$pid"; wait "$pid" || true; pid=""
        ;;
    shutdown)
        bash scripts/reliability/shutdown.sh jar
        ;;
    *) echo "reliability: unknown case $case" >&2; exit 2 ;;
    esac
done
