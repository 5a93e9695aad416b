#!/usr/bin/env bash
# A real Prometheus (Debian's) scrapes the packaged jar's management port: the target must be up
# and hello_sleeps_in_flight stored, as read back through Prometheus's HTTP API; promtool lints
# the exposition. The public port must not serve /q/metrics.
#
#   scripts/prometheus-check.sh      (needs prometheus and target/quarkus-app from ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v prometheus >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null; }
# Debian's package starts a system Prometheus (and node exporter) on 9090/9100: not ours, stopped.
systemctl stop prometheus prometheus-node-exporter 2>/dev/null || true
fail() { echo "prometheus-check FAILED: $*" >&2; exit 1; }
ok() { echo "prometheus-check: $*"; }
free_port() { for p in $(seq "$1" $(($1 + 500))); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }

work=$(mktemp -d /tmp/hello-async-prometheus.XXXXXX)
app="" prom=""
trap '[[ -n "$app" ]] && kill "$app" 2>/dev/null; [[ -n "$prom" ]] && kill "$prom" 2>/dev/null; true' EXIT
port=$(free_port 18500); mport=$((port + 1000)); pport=$(free_port 19700)
java -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" -jar target/quarkus-app/quarkus-run.jar >"$work/app.log" 2>&1 &
app=$!
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$mport/q/health/ready" && break; sleep 0.2; done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/metrics")" == 404 ]] || fail "the public port serves /q/metrics"

curl -fs "http://127.0.0.1:$mport/q/metrics" >"$work/metrics.txt"
lint=$(promtool check metrics <"$work/metrics.txt" 2>&1 || true)
ok "promtool check metrics: ${lint:-no findings}" | head -5

cat >"$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: hello-async
    metrics_path: /q/metrics
    static_configs:
      - targets: ['127.0.0.1:$mport']
YML
promtool check config "$work/prometheus.yml" >/dev/null || fail "promtool rejects the scrape config"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$pport" >"$work/prometheus.log" 2>&1 &
prom=$!
api() { curl -fs "http://127.0.0.1:$pport/api/v1/$1"; }
up="" stored=""
for _ in $(seq 1 60); do
    sleep 1
    up=$(api targets | /usr/bin/python3 -c 'import json,sys; t=json.load(sys.stdin)["data"]["activeTargets"]; print(t[0]["health"] if t else "")' 2>/dev/null || true)
    stored=$(api 'query?query=hello_sleeps_in_flight' | /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")' 2>/dev/null || true)
    [[ $up == up && -n $stored ]] && break
done
[[ $up == up ]] || { tail -5 "$work/prometheus.log" >&2; fail "the scrape target is '${up:-absent}', not up"; }
[[ -n $stored ]] || fail "hello_sleeps_in_flight is not stored in Prometheus"
ok "Prometheus $(prometheus --version 2>&1 | awk 'NR == 1 { print $3 }') scraped 127.0.0.1:$mport/q/metrics: target up, hello_sleeps_in_flight = $stored"
