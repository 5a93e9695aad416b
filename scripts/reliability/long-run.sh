#!/usr/bin/env bash
# Long run (not in CI): mixed traffic for MINUTES (default 10) against the packaged jar, started as
# production runs it: wrk on / (keep-alive), wrk on /sleep?seconds=0.1 and on unknown paths (404),
# after a 1-minute warm-up. RSS after the run must be within 10 % of RSS after the warm-up (no leak
# that grows with requests served); errors and non-2xx/404 answers are reported.
#
#   scripts/reliability/long-run.sh [MINUTES]
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-10}
[[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "long-run: run ./mvnw package first" >&2; exit 1; }
port=$(for p in $(seq 18300 19200); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; break; }; done)
work=$(mktemp -d /tmp/hello-async-long-run.XXXXXX)
java -Dquarkus.http.port="$port" -Dquarkus.management.port=$((port + 1000)) -jar target/quarkus-app/quarkus-run.jar >"$work/app.log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$((port + 1000))/q/health/ready" && break; sleep 0.2; done
curl -fs -o /dev/null "http://127.0.0.1:$((port + 1000))/q/health/ready" || { tail -20 "$work/app.log" >&2; echo "long-run FAILED: not ready within 60 s" >&2; exit 1; }
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status"; }
cat >"$work/404.lua" <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/no-such-page-" .. counter)
end
LUA
load() { # seconds
    local loads=()
    wrk -t 1 -c 10 -d "${1}s" "http://127.0.0.1:$port/" >"$work/root.txt" & loads+=($!)
    wrk -t 1 -c 50 -d "${1}s" "http://127.0.0.1:$port/sleep?seconds=0.1" >"$work/sleep.txt" & loads+=($!)
    wrk -t 1 -c 5 -d "${1}s" -s "$work/404.lua" "http://127.0.0.1:$port/" >"$work/404.txt" & loads+=($!)
    wait "${loads[@]}"
}
load 60
warm=$(rss)
echo "long-run: RSS after a 1-minute warm-up: $warm MiB; now $minutes minutes of mixed traffic"
load $((minutes * 60))
after=$(rss)
for f in root sleep 404; do
    echo "long-run: $f: $(awk '/requests in/ { print $1, "requests" }' "$work/$f.txt"), $(grep -E 'Socket errors|Non-2xx' "$work/$f.txt" | tr '\n' ' ')"
done
echo "long-run: RSS after the warm-up $warm MiB, after $minutes minutes $after MiB"
awk -v a="$after" -v w="$warm" 'BEGIN { exit !(a <= w * 1.10) }' || { echo "long-run FAILED: RSS grew more than 10 %" >&2; exit 1; }
echo "long-run: RSS within 10 % of the warm-up"
