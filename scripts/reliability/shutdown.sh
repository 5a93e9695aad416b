#!/usr/bin/env bash
# Shutdown under load: 1,000 /sleep?seconds=10 in flight and wrk on / when SIGTERM arrives. The sleeps
# outlast the 5 s shutdown delay, so the drain (quarkus.shutdown.timeout) has to wait for them. Every
# sleep the server accepted must end 200 with the page (zero lost); readiness must turn DOWN at once
# while / still answers; wrk must see every request answered 2xx (no read errors, no timeouts, no
# non-2xx); the process must exit 0 after the sleeps end (no sooner than 10 s after they were sent:
# it waited for them) and well before delay + timeout (it did not hang on to the 35 s); and the
# server's log must hold no record at WARN or above (logcheck.py).
#
#   scripts/reliability/shutdown.sh jar            target/quarkus-app/quarkus-run.jar, as production runs it
#   scripts/reliability/shutdown.sh image [IMAGE]  the container image (podman), as the pod runs it
#
# Env: SLEEPS (1000), SLEEP_SECONDS (10), EXTRA_JAVA_OPTS (jar: to switch a protection off by hand).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-jar}
sleeps=${SLEEPS:-1000}
sleep_s=${SLEEP_SECONDS:-10}   # above the 5 s shutdown delay: the sleeps are still in flight when it ends
budget=45   # terminationGracePeriodSeconds: delay 5 s + timeout 35 s + 5 s
port=$(for p in $(seq 18400 19300); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; break; }; done)
mport=$((port + 1000))   # the management interface: health and metrics
work=$(mktemp -d /tmp/hello-async-shutdown.XXXXXX)
pid="" cid=""
cleanup() {
    [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null
    [[ -n "$cid" ]] && podman rm -f "$cid" >/dev/null 2>&1
    [[ -n "${wrk_pid:-}" ]] && kill "$wrk_pid" 2>/dev/null
    true
}
trap cleanup EXIT
fail() { echo "shutdown($mode) FAILED: $*" >&2; tail -20 "$work/app.log" >&2 2>/dev/null || true; exit 1; }

if [[ $mode == jar ]]; then
    # shellcheck disable=SC2086 # EXTRA_JAVA_OPTS: to switch a protection off by hand
    java -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" ${EXTRA_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"$work/app.log" 2>&1 &
    pid=$!
    sigterm() { kill -TERM "$pid"; }
    wait_exit() { # sets status
        (sleep "$budget"; kill -9 "$pid" 2>/dev/null) & local watchdog=$!
        status=0; wait "$pid" || status=$?
        kill "$watchdog" 2>/dev/null; pid=""
        ((status != 137)) || return 1
    }
else
    image=${2:-$(sed -n 's/^metadata.container-image=//p' target/quarkus-artifact.properties | tr -d '\\')}
    cid=$(podman run -d --read-only --tmpfs /tmp:rw,exec,size=64m --memory 384m --cpus 1 \
        -p "127.0.0.1:$port:8080" -p "127.0.0.1:$mport:9000" "$image")
    sigterm() { podman kill --signal TERM "$cid" >/dev/null; }
    wait_exit() { status=$(timeout "$budget" podman wait "$cid") || return 1; podman logs "$cid" >"$work/app.log" 2>&1; }
fi
for _ in $(seq 1 150); do
    curl -fs -o /dev/null "http://127.0.0.1:$mport/q/health/ready" && break
    sleep 0.2
done
curl -fs -o /dev/null "http://127.0.0.1:$mport/q/health/ready" || fail "not ready within 30 s"

# No sleep can end before launched + sleep_s: the server cannot have received one earlier.
launched=$(date +%s%N)
/usr/bin/python3 scripts/reliability/drain.py --port "$port" --count "$sleeps" --seconds "$sleep_s" >"$work/drain.txt" &
drain_pid=$!
for _ in $(seq 1 300); do grep -q '^sent' "$work/drain.txt" && break; sleep 0.05; done
grep -q "^sent $sleeps\$" "$work/drain.txt" || fail "could not send $sleeps sleeps: $(cat "$work/drain.txt")"

# wrk stops 3.5 s after SIGTERM, inside the 5 s shutdown delay: as a load balancer stops sending once
# readiness is DOWN. Every request it sent until then must be answered.
wrk -t 1 -c 20 -d 4s "http://127.0.0.1:$port/" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
sleep 0.5
start=$(date +%s%N)
sigterm
# Readiness turns DOWN at once, while the server goes on serving / for the shutdown delay.
ready_down=""
for _ in $(seq 1 40); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mport/q/health/ready" || true)
    if [[ $code == 503 ]]; then ready_down=$((($(date +%s%N) - start) / 1000000)); break; fi
    sleep 0.05
done
[[ -n "$ready_down" ]] || fail "readiness did not turn DOWN within 2 s of SIGTERM"
page=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
[[ $page == 200 ]] || fail "/ answered $page during the shutdown delay"

wait_exit || fail "no exit within $budget s of SIGTERM"
now=$(date +%s%N)
exited=$(((now - start) / 1000000))
after_launch=$(((now - launched) / 1000000))
wait "$drain_pid" || true
wait "$wrk_pid" 2>/dev/null || true
wrk_pid=""
tally=$(tail -n 1 "$work/drain.txt")
reqs=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
errors=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' "$work/wrk.txt")
non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$work/wrk.txt")
echo "shutdown($mode): $sleeps sleeps of $sleep_s s in flight at SIGTERM: $tally"
echo "shutdown($mode): readiness DOWN ${ready_down} ms after SIGTERM, / still 200; exit status $status ${exited} ms after SIGTERM, ${after_launch} ms after the sleeps were sent"
echo "shutdown($mode): wrk on /: ${reqs:-?} requests, non-2xx ${non2xx:-0}, socket errors: ${errors:-none}"
[[ $tally == "{\"ok\": $sleeps}" ]] || fail "not every sleep ended 200 with the page: $tally"
[[ $status == 0 ]] || fail "exit status $status"
# Both bounds: not before the sleeps could have ended (the drain waited), and nowhere near the budget.
((after_launch >= sleep_s * 1000)) || fail "exited ${after_launch} ms after the sleeps were sent, before they could end (${sleep_s} s): the drain did not wait"
((after_launch < (sleep_s + 10) * 1000)) || fail "exited ${after_launch} ms after the sleeps were sent: over ${sleep_s} s + 10 s, it held on past the sleeps"
((${non2xx:-0} == 0)) || fail "wrk got $non2xx non-2xx answers on /"
[[ -n "$reqs" && $reqs -gt 0 ]] || fail "wrk sent no request: $(cat "$work/wrk.txt")"
read_errors=$(sed -n 's/.*read \([0-9]*\).*/\1/p' <<<"$errors"); timeouts=$(sed -n 's/.*timeout \([0-9]*\).*/\1/p' <<<"$errors")
(( ${read_errors:-0} == 0 && ${timeouts:-0} == 0 )) || fail "wrk saw requests go unanswered: $errors"
/usr/bin/python3 scripts/reliability/logcheck.py "shutdown($mode)" "$work/app.log" || fail "the server logged at WARN or above"
echo "shutdown($mode): zero lost"
