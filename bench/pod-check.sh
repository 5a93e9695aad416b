#!/usr/bin/env bash
# The image under the Deployment's own limits, fresh, hit by three bursts of max-in-flight /sleep at
# once: does a new pod serve its first crowd as well as its third? A new pod under load is what an
# autoscaler adds; a cold JVM that spends its first seconds compiling serves that crowd late.
#
#   bench/pod-check.sh [--assert] [--bursts N] [--image IMG] [-e K=V ...] [-j FLAGS] [-o DIR]
#   (-e: an environment variable for the container, to try a setting: -e HELLO_WARM_UP_REQUESTS=0;
#    -j: JVM flags added after the image's own, before -jar: -j '-XX:+AOTReplayTraining')
#
# Reads the CPU and memory limits and hello.sleep.max-in-flight's value from k8s/base (limits) and
# src/main/resources/application.properties, runs `podman run --cpus <limit> --memory <limit>` (CFS
# quota, as the kubelet sets it), sends three bursts of max-in-flight /sleep (5 s each) at once from
# bench/SleepBurst.java, and reports per burst: ok, p50/p99/max, the container's memory peak (cgroup),
# CPU throttling (cpu.stat: periods throttled, time), OOM kill. Checks (always): all 200, not
# OOM-killed. With --assert (the benchmark) also: first burst's p99 <= 1.15 x the third's.
set -uo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C
source bench/pod.sh
assert=0 image="" out="" bursts="" envs=() jflags=""
while (($#)); do
    case $1 in
        --assert) assert=1 ;;
        --bursts) bursts=$2; shift ;;
        --image) image=$2; shift ;;
        -o) out=$2; shift ;;
        -e) envs+=(-e "$2"); shift ;;
        -j) jflags=$2; shift ;;
        *) echo "pod-check: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/.ci/containers.conf}
image=${image:-$(built_image)}
[[ -n "$image" ]] && podman image exists "$image" || { echo "pod-check: no image (./mvnw verify -Pcontainer,offline-base)" >&2; exit 1; }
deployment=k8s/base/deployment.yaml
pod_limits || exit 1
bursts=${bursts:-$(sed -n 's/^hello.sleep.max-in-flight=//p' src/main/resources/application.properties)}
out=${out:-target/pod-check}
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)"

port=$(for p in $(seq 18200 18999); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; break; }; done)
name=pod-check-$$
trap 'podman rm -f -t 0 "$name" >/dev/null 2>&1' EXIT
fail() { echo "pod-check FAILED: $*" >&2; podman logs "$name" 2>&1 | tail -20 >&2; exit 1; }

# As the pod: the limits, read-only root with a writable /tmp (an emptyDir there), the image's own
# entrypoint and flags. Host network, so that no user-space port forwarder sits between the
# client and the server (the kubelet has none either).
entry=()
[[ -n "$jflags" ]] && entry=(--entrypoint "$(entrypoint_with "$image" "$jflags")")
podman run -d --name "$name" "${entry[@]}" --network host --cpus "$cpu_limit" --memory "$mem_limit" --read-only \
    --tmpfs /tmp:rw,exec,size=64m -e QUARKUS_HTTP_PORT="$port" -e QUARKUS_MANAGEMENT_PORT=$((port + 1000)) "${envs[@]}" "$image" >/dev/null || fail "podman run"
pid=$(podman inspect --format '{{.State.Pid}}' "$name")
memcg=/sys/fs/cgroup/memory$(awk -F: '$2 == "memory" { print $3 }' /proc/"$pid"/cgroup)
cpucg=/sys/fs/cgroup/cpu$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ { print $3 }' /proc/"$pid"/cgroup)
[[ -r $memcg/memory.max_usage_in_bytes ]] || memcg=/sys/fs/cgroup$(awk -F: '$1 == 0 { print $3 }' /proc/"$pid"/cgroup)
# Kubernetes sends traffic once readiness is UP (after the service's warm-up), so the bursts do too.
t0=$(date +%s%N) ready=""
for _ in $(seq 1 600); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((port + 1000))/q/health/ready")" == 200 ]] && { ready=$((($(date +%s%N) - t0) / 1000000)); break; }
    sleep 0.1
done
[[ -n "$ready" ]] || fail "not ready within 60 s"
echo "pod-check: ready $ready ms after podman run returned"
# Idle memory a second after ready (before any burst): what each pod costs a node at rest.
# Anonymous pages are its own; file-backed ones (the AOT cache, libjvm) are shared by every pod.
sleep 1
read -r rss_kb anon_kb < <(awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } END { print r + 0, a + 0 }' "/proc/$pid/status")
echo "pod-check: idle at ready + 1 s: RSS $((rss_kb / 1024)) MiB, of which anonymous $((anon_kb / 1024)) MiB"
echo "pod-check: $image, --cpus $cpu_limit --memory $mem_limit ($deployment)${envs[*]:+, ${envs[*]}}, three bursts of $bursts /sleep at once"
read -r n_start t_start < <(awk '/^nr_throttled/ { n = $2 } /^throttled_(time|usec)/ { t = $2 } END { printf "%d %d\n", n, t }' "$cpucg/cpu.stat" 2>/dev/null || echo "0 0")
echo "pod-check: start-up to ready: CPU throttled in $n_start periods ($(awk -v t="$t_start" -v f="$(grep -q usec "$cpucg/cpu.stat" 2>/dev/null && echo 1e6 || echo 1e9)" 'BEGIN { printf "%.2f", t / f }') s), the compiler threads running beside main"

peak() { cat "$memcg/memory.max_usage_in_bytes" 2>/dev/null || cat "$memcg/memory.peak" 2>/dev/null || echo 0; }
throttled() { awk '/^nr_throttled/ { n = $2 } /^throttled_(time|usec)/ { t = $2 } END { printf "%d %d\n", n, t }' "$cpucg/cpu.stat" 2>/dev/null || echo "0 0"; }
declare -a p99s
for b in 1 2 3; do
    read -r n0 t0 < <(throttled)
    line=$(java -Xss256k bench/SleepBurst.java 127.0.0.1 "$port" /sleep "$bursts" 60 | tee -a "$out/bursts.txt" | grep '^SLEEPBURST')
    read -r n1 t1 < <(throttled)
    declare -A s=()
    for kv in ${line#SLEEPBURST }; do s[${kv%%=*}]=${kv#*=}; done
    p99s[$b]=${s[lat_p99_s]}
    # cgroup v1 reports throttled_time in ns, v2 throttled_usec in µs
    printf 'pod-check: burst %d: ok %s/%s, errors %s (%s), p50 %s s, p99 %s s, max %s s; memory peak %d MiB; CPU throttled in %d periods (%.2f s)\n' \
        "$b" "${s[ok]}" "$bursts" "${s[errors]}" "${s[err_kinds]}" "${s[lat_p50_s]}" "${s[lat_p99_s]}" "${s[lat_max_s]}" \
        $(($(peak) / 1048576)) $((n1 - n0)) "$(awk -v t=$((t1 - t0)) -v f="$([[ -r $cpucg/cpu.stat ]] && grep -q usec "$cpucg/cpu.stat" && echo 1e6 || echo 1e9)" 'BEGIN { print t / f }')"
    [[ "${s[ok]}" == "$bursts" ]] || fail "burst $b: only ${s[ok]} of $bursts answered 200"
done
[[ "$(podman inspect --format '{{.State.OOMKilled}}' "$name")" == false ]] || fail "OOM-killed"
podman inspect --format '{{.State.Running}}' "$name" | grep -q true || fail "the container is not running after the bursts"
ratio=$(awk -v a="${p99s[1]}" -v b="${p99s[3]}" 'BEGIN { printf "%.2f", a / b }')
echo "pod-check: first burst p99 / third burst p99 = $ratio (target <= 1.15); memory peak $(($(peak) / 1048576)) MiB of $mem_limit; not OOM-killed"
echo "first_over_third=$ratio peak_mib=$(($(peak) / 1048576)) ready_ms=$ready idle_rss_kb=$rss_kb idle_anon_kb=$anon_kb" >"$out/result.txt"
if ((assert)); then
    awk -v r="$ratio" 'BEGIN { exit !(r <= 1.15) }' || fail "the first burst's p99 is $ratio x the third's (target <= 1.15)"
fi
