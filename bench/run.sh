#!/usr/bin/env bash
# The benchmark: hello-async's container image, run as the pod runs it, beside nginx (the fixed
# baseline) and any peer you name, on one pinned CPU each in turn, the load on the other.
#
#   bench/run.sh [options] [NAME=PORT=COMMAND ...]
#
#   -r N        interleaved repetitions (3); medians, and ratios per rep against nginx
#   -t LIST     tests, any of "startup ka close sleep kaab pod" (all); pod = bench/pod-check.sh --assert,
#               the image under the pod's CPU quota, three bursts, once after the reps; kaab = the
#               service and the floor started side by side after the reps, keep-alive CPU per request
#               measured in alternating slices (below)
#   -s N        kaab: slice pairs (10), each of -d/2 seconds per server
#   -n LIST     /sleep burst sizes ("1000 10000"); each is run warm, and the largest also cold
#   -d S        wrk seconds per measurement (10)      -w S   wrk warm-up seconds before each (30)
#   -c N        wrk connections (64)
#   --quick     a few seconds per test, one rep, bursts of 200: proves the benchmark runs (CI)
#   --tune      raise net.core.somaxconn and net.ipv4.tcp_max_syn_backlog to 16384 for the run
#               (and the servers' backlogs with them), restored at the end; needs root
#   --image IMG the image to run (default: the one target/quarkus-artifact.properties names, else
#               hello-async:<version>; built with ./mvnw verify -Pcontainer,offline-base if absent)
#   -e K=V      an environment variable for the service's container (repeatable), to try a setting:
#               -e QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE=1, -e QUARKUS_VERTX_PREFER_NATIVE_TRANSPORT=false
#   -j FLAGS    JVM flags to try, added after the image's own (so they win) before -jar:
#               -j '-XX:TieredStopAtLevel=1 -XX:+UseParallelGC'
#   --no-floor  leave out the plain Vert.x floor (bench/VertxFloor.java, below)
#   --no-setup  do not apt-get install wrk, nginx-light, gnuplot-nox, podman
#   -o DIR      output directory (target/bench/<UTC time>)
#   A peer is NAME=PORT=COMMAND, started pinned like the others, e.g.
#     bench/run.sh 'tokio=7878=/opt/peers/seed-rust'      (it must serve / and, for the sleep test, /sleep)
#
# The service runs exactly as the image runs it: `podman run` of the image itself, its JDK, JVM
# flags and AOT cache, under the Deployment's memory limit (read from k8s/base/deployment.yaml),
# pinned with --cpuset-cpus to the server CPU, host network (no proxy between wrk and the server).
# Output in DIR: results.csv (rep,test,target,metric,value), summary.md, ratios.csv, ratios.png,
# raw/ (wrk and client output, server logs).
# The floor: bench/VertxFloor.java, a plain Vert.x core server doing the same job (one event loop,
# epoll, a timer per sleep, nothing else), compiled and run against the Vert.x and Netty jars of
# target/quarkus-app/lib/main (so ./mvnw package first; no download), pinned like the others, on the
# image's JDK 25 when it is here, with the pod's memory as -XX:MaxRAM. hello-async's ratio to it is
# what Quarkus, CDI, Micrometer, the guard and the headers cost.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export LC_ALL=C
source bench/pod.sh

reps=3 tests="startup ka close sleep kaab pod" bursts="1000 10000" dur=10 warm=30 conns=64
quick=0 tune=0 image="" setup=1 out="" floor=1 scpu=0 ccpu=1 sleep_timeout=40 slices=10 emit_startup=1
peers=() envs=() jflags=
command_line="bench/run.sh${*:+ $*}"
usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while (($#)); do
    case $1 in
        -r) reps=$2; shift ;;
        -t) tests=$2; shift ;;
        -s) slices=$2; shift ;;
        -n) bursts=$2; shift ;;
        -d) dur=$2; shift ;;
        -w) warm=$2; shift ;;
        -c) conns=$2; shift ;;
        -o) out=$2; shift ;;
        --quick) quick=1 ;;
        --tune) tune=1 ;;
        --image) image=$2; shift ;;
        -e) envs+=(-e "$2"); shift ;;
        -j) jflags=$2; shift ;;
        --no-setup) setup=0 ;;
        --no-floor) floor=0 ;;
        -h | --help) usage 0 ;;
        *=*=*) peers+=("$1") ;;
        *) echo "bench: unknown argument '$1'" >&2; usage 1 ;;
    esac
    shift
done
if ((quick)); then reps=1 dur=3 warm=3 bursts=200 slices=2 tests=${tests/pod/}; fi

# ---- what it needs -------------------------------------------------------------------------------
if ((setup)); then
    need=()
    for t in wrk:wrk nginx:nginx-light gnuplot:gnuplot-nox podman:podman curl:curl taskset:util-linux ss:iproute2; do
        command -v "${t%%:*}" >/dev/null || need+=("${t#*:}")
    done
    if ((${#need[@]})); then
        echo "bench: installing ${need[*]}" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
            || { echo "bench: could not install ${need[*]} (run as root on Debian/Ubuntu, or install them)" >&2; exit 1; }
    fi
fi
for t in wrk nginx podman curl taskset java; do
    command -v "$t" >/dev/null || { echo "bench: $t is needed" >&2; exit 1; }
done
export CONTAINERS_CONF=${CONTAINERS_CONF:-$root/.ci/containers.conf}
if [[ -z "$image" ]]; then
    image=$(built_image)
    if [[ -z "$image" ]] || ! podman image exists "$image"; then
        echo "bench: building the image (scripts/build-jre-base.sh, ./mvnw verify -Pcontainer,offline-base)" >&2
        bash scripts/build-jre-base.sh >&2 && JAVA_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} \
            ./mvnw -B -q verify -Pcontainer,offline-base >&2 || { echo "bench: image build failed" >&2; exit 1; }
        image=$(built_image)
    fi
fi
podman image exists "$image" || { echo "bench: no image $image" >&2; exit 1; }

# The pod's limits, from the Deployment the cluster runs.
deployment=k8s/base/deployment.yaml
pod_limits || exit 1
mem_bytes=$(numfmt --from=iec-i "$mem_limit")

out=${out:-target/bench/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out/raw"
out=$(cd "$out" && pwd)
csv=$out/results.csv
echo "rep,test,target,metric,value" >"$csv"
log() { echo "[$(date +%T)] $*" | tee -a "$out/bench.log" >&2; }

ulimit -n "$(ulimit -Hn)"
exec {napfd}<> <(:) # read -t on it: a sleep without a fork
hz=$(getconf CLK_TCK)
backlog=4096
if ((tune)); then
    old_somaxconn=$(sysctl -n net.core.somaxconn) old_syn=$(sysctl -n net.ipv4.tcp_max_syn_backlog)
    sysctl -q -w net.core.somaxconn=16384 net.ipv4.tcp_max_syn_backlog=16384 || { echo "bench: --tune needs root" >&2; exit 1; }
    backlog=16384
fi
somaxconn=$(sysctl -n net.core.somaxconn)

# ---- targets ---------------------------------------------------------------------------------------
# hello-async: the image under the pod's limits. Its accept backlog follows somaxconn (Netty reads it),
# and with --tune quarkus.http.accept-backlog says so explicitly.
names=(hello-async nginx) ports=(8080 7882) kinds=(container nginx) cmds=("" "")
if ((floor)); then
    lib=$root/target/quarkus-app/lib/main
    if ls "$lib"/io.vertx.vertx-core-*.jar >/dev/null 2>&1; then
        floor_java=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
        [[ -x $floor_java ]] || floor_java=java
        floor_cp=$(cd "$lib" && ls io.vertx.vertx-core-*.jar io.netty.netty-*.jar com.fasterxml.jackson.core.jackson-core-*.jar | sed "s|^|$lib/|" | tr '\n' ':')
        mkdir -p "$out/floor"
        javac -nowarn -d "$out/floor" -cp "$floor_cp" bench/VertxFloor.java || { echo "bench: bench/VertxFloor.java does not compile" >&2; exit 1; }
        names+=(vertx-floor) ports+=(7884) kinds+=(command)
        cmds+=("$floor_java -XX:MaxRAM=$mem_bytes -cp $out/floor:$floor_cp VertxFloor 7884 .")
    else
        echo "bench: no target/quarkus-app/lib/main (./mvnw package): the Vert.x floor is left out" >&2
    fi
fi
for p in "${peers[@]}"; do
    name=${p%%=*} rest=${p#*=}
    names+=("$name") ports+=("${rest%%=*}") kinds+=(command) cmds+=("${rest#*=}")
done
nt=${#names[@]}
pids=() cids=()
# nginx's workers run as an unprivileged user (nobody) when it starts as root, and cannot enter a
# checkout other users cannot (root's home is 0700): its prefix, configuration and pages go to a
# folder of their own that every user can read.
ngx=$(mktemp -d /tmp/hello-async-bench-nginx.XXXXXX)
chmod 755 "$ngx"
www=$ngx/www
mkdir -p "$www" "$ngx/tmp"
cp src/main/resources/pages/hello.html src/main/resources/pages/404.html "$www/"
chmod -R a+rX "$ngx"

server_pids() { # all processes of target i: the root and its children (nginx's worker)
    local p=${pids[$1]:-}
    [[ -n "$p" ]] || return 0
    echo "$p"
    cat /proc/"$p"/task/*/children 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+$'
}
cpu_ticks() { local p s=0 v; for p in $(server_pids "$1"); do v=$(awk '{ print $14 + $15 }' /proc/"$p"/stat 2>/dev/null); s=$((s + ${v:-0})); done; echo "$s"; }
status_kb() { local p s=0 v; for p in $(server_pids "$2"); do v=$(awk -v f="$1:" '$1 == f { print $2 }' /proc/"$p"/status 2>/dev/null); s=$((s + ${v:-0})); done; echo "$s"; }
clear_peak() { local p; for p in $(server_pids "$1"); do echo 5 >/proc/"$p"/clear_refs 2>/dev/null; done; }
listen_overflows() { awk '/^TcpExt:/ { n++; if (n == 1) split($0, h); else for (i in h) if (h[i] == "ListenOverflows") print $i }' /proc/net/netstat; }
emit() { echo "$rep,$1,$2,$3,$4" >>"$csv"; }
uptime_cs() { local u; read -r u _ </proc/uptime; echo $((10#${u/./})); } # centiseconds since boot
probe() { # one GET / over bash's /dev/tcp: no fork, so polling every few ms costs the server CPU nothing
    local fd line
    { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
    printf 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$fd"
    read -r -t 2 -u "$fd" line
    exec {fd}>&-
    [[ $line == "HTTP/1."?" 200"* ]]
}

start() { # i: starts target i pinned to the server CPU; emits start-up and idle RSS
    local i=$1 name=${names[$1]} port=${ports[$1]} t0 pid started now
    if [[ -n "$(ss -ltnH "sport = :$port")" ]]; then log "ERROR: port $port is busy before $name starts"; return 1; fi
    t0=$(date +%s%N)
    case ${kinds[$i]} in
        container)
            cids[$i]=bench-hello-async-$$
            entry=()
            [[ -n "$jflags" ]] && entry=(--entrypoint "$(entrypoint_with "$image" "$jflags")")
            podman run -d --rm --name "${cids[$i]}" "${entry[@]}" --network host --cpuset-cpus "$scpu" --cpus "$cpu_limit" \
                --memory "$mem_bytes" --read-only --tmpfs /tmp:rw,exec,size=64m \
                -e QUARKUS_HTTP_PORT="$port" -e QUARKUS_MANAGEMENT_PORT=$((port + 1000)) -e QUARKUS_HTTP_ACCEPT_BACKLOG="$backlog" "${envs[@]}" "$image" >/dev/null || return 1
            pid=$(podman inspect --format '{{.State.Pid}}' "${cids[$i]}") ;;
        nginx)
            sed -e "s|@WORK@|$ngx|g" -e "s|@WWW@|$www|g" -e "s|@PORT@|$port|g" -e "s|@BACKLOG@|$backlog|g" \
                bench/nginx.conf.in >"$ngx/nginx.conf"
            taskset -c "$scpu" nginx -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" \
                >>"$out/raw/server-$name.log" 2>&1 &
            pid=$! ;;
        command)
            (cd "$www" && exec taskset -c "$scpu" bash -c "exec ${cmds[$i]}") >>"$out/raw/server-$name.log" 2>&1 &
            pid=$! ;;
    esac
    pids[$i]=$pid
    until probe "$port"; do
        kill -0 "$pid" 2>/dev/null || { log "ERROR: $name exited while starting"; pids[$i]=""; return 1; }
        (($(date +%s%N) - t0 < 60000000000)) || { log "ERROR: $name not up after 60 s"; return 1; }
        read -r -t 0.005 -u "$napfd" || true
    done
    t200=$(date +%s%N)
    now=$(uptime_cs)
    started=$(awk '{ print $22 }' /proc/"$pid"/stat)
    # Start-up: from the moment the server's process began to the first 200. For the service, the
    # JVM's own start time (process_start_time_seconds on the management port's /q/metrics), because the container's
    # process first runs the runtime's set-up (runc init) for ~0.1-0.2 s; that, and everything else
    # podman does, is in launch_to_200_ms. For the others, the process start in /proc (10 ms ticks).
    # Ready: the service serves at once but reports ready (the management port's readiness, what
    # Kubernetes waits for before it sends traffic) only after its warm-up; the others when they serve.
    tready=$t200
    if [[ ${kinds[$i]} == container ]]; then
        until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((port + 1000))/q/health/ready")" == 200 ]]; do
            (($(date +%s%N) - t0 < 60000000000)) || { log "ERROR: $name not ready after 60 s"; return 1; }
            read -r -t 0.02 -u "$napfd" || true
        done
        tready=$(date +%s%N)
    fi
    sleep 1
    rss_idle=$(status_kb VmRSS "$i") # ready and idle; before the scrape below, which loads the metrics code
    rss_anon_idle=$(status_kb RssAnon "$i") # what a node pays for: file-backed pages (the AOT cache) are shared
    jvm_start=""
    [[ ${kinds[$i]} == container ]] && jvm_start=$(curl -s "http://127.0.0.1:$((port + 1000))/q/metrics" | awk '/^process_start_time_seconds/ { printf "%.3f", $2 }')
    if [[ -n "$jvm_start" ]]; then
        startup_ms=$(awk -v t="$t200" -v j="$jvm_start" 'BEGIN { printf "%.0f", (t / 1e9 - j) * 1000 }')
        ready_ms=$(awk -v t="$tready" -v j="$jvm_start" 'BEGIN { printf "%.0f", (t / 1e9 - j) * 1000 }')
    else
        startup_ms=$(((now - started * 100 / hz) * 10))
        ready_ms=$startup_ms
    fi
    if ((emit_startup)); then
        emit startup "$name" startup_ms "$startup_ms"
        emit startup "$name" launch_to_200_ms $(((t200 - t0) / 1000000))
        emit startup "$name" ready_ms "$ready_ms"
        emit startup "$name" launch_to_ready_ms $(((tready - t0) / 1000000))
        emit startup "$name" rss_idle_kb "$rss_idle"
        emit startup "$name" rss_anon_idle_kb "$rss_anon_idle"
    fi
    log "started $name (pid $pid): $startup_ms ms to first 200 ($(((t200 - t0) / 1000000)) ms from launch), ready after $ready_ms ms ($(((tready - t0) / 1000000)) ms from launch), idle RSS $rss_idle kB ($rss_anon_idle kB anonymous)$(
        grep -q netty_transport_native_epoll /proc/"$pid"/maps 2>/dev/null && echo ', Netty epoll transport')"
}

stop() {
    local i=$1 pid=${pids[$1]:-}
    [[ -n "$pid" ]] || return 0
    if [[ ${kinds[$i]} == container ]]; then
        podman logs "${cids[$i]}" >>"$out/raw/server-${names[$i]}.log" 2>&1
        podman rm -f -t 0 "${cids[$i]}" >/dev/null 2>&1
    else
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    pids[$i]=""
}
cleanup() {
    for ((i = 0; i < nt; i++)); do stop "$i"; done
    cp "$ngx/error.log" "$out/raw/nginx-error.log" 2>/dev/null
    rm -rf "$ngx"
    ((tune)) && sysctl -q -w net.core.somaxconn="$old_somaxconn" net.ipv4.tcp_max_syn_backlog="$old_syn"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wrk_run() { # i test [wrk args]: warm-up, then the measured run
    local i=$1 t=$2 name=${names[$1]} raw c0 c1 rps p50 p99 req errs secs
    shift 2
    raw=$out/raw/r$rep-$t-$name.txt
    ((warm > 0)) && taskset -c "$ccpu" wrk -t1 -c"$conns" -d"${warm}s" "$@" "http://127.0.0.1:${ports[$i]}/" >/dev/null 2>&1
    sleep 0.5
    clear_peak "$i"
    c0=$(cpu_ticks "$i")
    taskset -c "$ccpu" wrk -t1 -c"$conns" -d"${dur}s" --timeout 5s --latency "$@" "http://127.0.0.1:${ports[$i]}/" >"$raw" 2>&1
    c1=$(cpu_ticks "$i")
    req=$(awk '/requests in/ { print $1 }' "$raw")
    secs=$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 }' "$raw")
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$raw")
    p50=$(awk '$1 == "50%" { print $2 }' "$raw" | to_ms)
    p99=$(awk '$1 == "99%" { print $2 }' "$raw" | to_ms)
    errs=$(awk '/Socket errors/ { gsub(/,/, ""); s = $4 + $6 + $8 + $10 } /Non-2xx/ { s += $NF } END { print s + 0 }' "$raw")
    [[ -n "$req" && -n "$rps" ]] || { log "ERROR: no wrk result for $t/$name (see $raw)"; return; }
    emit "$t" "$name" rps "$rps"
    emit "$t" "$name" lat_p50_ms "$p50"
    emit "$t" "$name" lat_p99_ms "$p99"
    emit "$t" "$name" errors "$errs"
    emit "$t" "$name" srv_cpu_us_per_req "$(awk -v c=$((c1 - c0)) -v h="$hz" -v r="$req" 'BEGIN { printf "%.1f", (r > 0) ? c / h / r * 1e6 : 0 }')"
    emit "$t" "$name" srv_cpu_util "$(awk -v c=$((c1 - c0)) -v h="$hz" -v d="$secs" 'BEGIN { printf "%.2f", c / h / d }')"
    emit "$t" "$name" rss_peak_kb "$(status_kb VmHWM "$i")"
    log "$t $name: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errs, $(awk -v c=$((c1 - c0)) -v h="$hz" -v r="$req" 'BEGIN { printf "%.1f", c / h / r * 1e6 }') µs CPU/request"
}
to_ms() { awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v); f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : 60000; printf "%.2f", v * f }'; }

ka_slice() { # i: one keep-alive slice of dur/2 seconds, no warm-up: CPU per request for the pair
    local i=$1 name=${names[$1]} raw c0 c1 req errs
    raw=$out/raw/$rep-kaab-$name.txt
    c0=$(cpu_ticks "$i")
    taskset -c "$ccpu" wrk -t1 -c"$conns" -d"$((dur / 2 > 0 ? dur / 2 : 1))s" --timeout 5s "http://127.0.0.1:${ports[$i]}/" >"$raw" 2>&1
    c1=$(cpu_ticks "$i")
    req=$(awk '/requests in/ { print $1 }' "$raw")
    errs=$(awk '/Socket errors/ { gsub(/,/, ""); s = $4 + $6 + $8 + $10 } /Non-2xx/ { s += $NF } END { print s + 0 }' "$raw")
    [[ -n "$req" ]] || { log "ERROR: no wrk result for kaab/$name (see $raw)"; return; }
    emit kaab "$name" errors "$errs"
    emit kaab "$name" srv_cpu_us_per_req "$(awk -v c=$((c1 - c0)) -v h="$hz" -v r="$req" 'BEGIN { printf "%.2f", (r > 0) ? c / h / r * 1e6 : 0 }')"
}

burst() { # i n label: n connections at once, one /sleep each (hello.sleep.duration, 5 s)
    local i=$1 n=$2 t=$3 name=${names[$1]} raw line lo0 lo1 rss0 kv
    raw=$out/raw/r$rep-$t-$name.txt
    sleep 1
    clear_peak "$i"
    rss0=$(status_kb VmRSS "$i")
    lo0=$(listen_overflows)
    taskset -c "$ccpu" java -Xss256k bench/SleepBurst.java 127.0.0.1 "${ports[$i]}" /sleep "$n" "$sleep_timeout" >"$raw" 2>&1
    lo1=$(listen_overflows)
    line=$(grep '^SLEEPBURST ' "$raw")
    [[ -n "$line" ]] || { log "ERROR: no burst result for $t/$name (see $raw)"; return; }
    declare -A s
    for kv in ${line#SLEEPBURST }; do s[${kv%%=*}]=${kv#*=}; done
    for k in ok non200 errors lat_p50_s lat_p99_s lat_max_s conn_p99_ms; do emit "$t" "$name" "$k" "${s[$k]}"; done
    emit "$t" "$name" listen_overflows $((lo1 - lo0))
    emit "$t" "$name" rss_peak_kb "$(status_kb VmHWM "$i")"
    # What one sleeping request costs: the peak above the resident set just before the burst.
    emit "$t" "$name" kb_per_sleep "$(awk -v a="$(status_kb VmHWM "$i")" -v b="$rss0" -v n="$n" 'BEGIN { printf "%.2f", (a - b) / n }')"
    log "$t $name: ok ${s[ok]}/$n, errors ${s[errors]} (${s[err_kinds]}), p50 ${s[lat_p50_s]} s, p99 ${s[lat_p99_s]} s, max ${s[lat_max_s]} s, listen overflows $((lo1 - lo0)), peak RSS $(status_kb VmHWM "$i") kB"
}

# ---- the run -----------------------------------------------------------------------------------------
taskset -pc "$ccpu" $$ >/dev/null # this script and the load it starts on the client CPU
{
    echo "date: $(date -u +%FT%TZ)  commit: $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo +dirty)"
    echo "command: $command_line"
    echo "host: $(uname -r), $(nproc --all) CPUs, server CPU $scpu, client CPU $ccpu; somaxconn $somaxconn, tcp_max_syn_backlog $(sysctl -n net.ipv4.tcp_max_syn_backlog)$( ((tune)) && echo ' (raised by --tune)')"
    echo "image: $image ($(podman image inspect --format '{{.Id}}' "$image" | cut -c1-12)), run with --cpuset-cpus $scpu --cpus $cpu_limit --memory $mem_limit (k8s/base/deployment.yaml limits)"
    ((${#envs[@]})) && echo "service environment: ${envs[*]}"
    [[ -n "$jflags" ]] && echo "JVM flags added to the image's: $jflags"
    echo "reps $reps, wrk ${dur}s after ${warm}s warm-up, $conns connections; bursts: $bursts"
} | tee "$out/meta.txt" >&2

# The image's size, as podman reports it (uncompressed layers), once: a target of its own.
rep=0 emit image hello-async image_mb "$(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.1f", $1 / 1e6 }')"
largest=$(tr ' ' '\n' <<<"$bursts" | sort -n | tail -1)
for ((rep = 1; rep <= reps; rep++)); do
    order=()
    for ((j = 0; j < nt; j++)); do order+=($(((j + rep - 1) % nt))); done
    log "=== rep $rep/$reps: ${order[*]/#/#}"
    for i in "${order[@]}"; do
        start "$i" || exit 1
        # Cold: the first burst after start (after readiness, as Kubernetes sends it; the service's
        # own warm-up is all that ran before it).
        [[ " $tests " == *" sleep "* && ${kinds[$i]} != nginx ]] && burst "$i" "$largest" "sleep${largest}_cold"
        [[ " $tests " == *" ka "* ]] && wrk_run "$i" ka
        [[ " $tests " == *" close "* ]] && wrk_run "$i" close -H 'Connection: close'
        if [[ " $tests " == *" sleep "* && ${kinds[$i]} != nginx ]]; then
            for n in $bursts; do burst "$i" "$n" "sleep$n"; done
        fi
        stop "$i"
    done
done

# Side by side: the host's speed drifts over minutes (other tenants), and a ratio between two
# servers measured minutes apart carries that drift. Here the service and the floor run at once, both
# on the server CPU, and the load alternates between them in short slices (ABBA order, so neither
# always goes first); each pair of neighbouring slices gives one ratio, and the summary takes their median.
if [[ " $tests " == *" kaab "* ]]; then
    f=-1
    for ((j = 0; j < nt; j++)); do [[ ${names[$j]} == vertx-floor ]] && f=$j; done
    if ((f < 0)); then
        log "kaab: no floor (--no-floor, or no target/quarkus-app): left out"
    else
        log "=== kaab: hello-async and the floor side by side, $slices pairs of $((dur / 2 > 0 ? dur / 2 : 1)) s slices"
        emit_startup=0
        if start 0 && start "$f"; then
            for i in 0 "$f"; do
                ((warm > 0)) && taskset -c "$ccpu" wrk -t1 -c"$conns" -d"${warm}s" "http://127.0.0.1:${ports[$i]}/" >/dev/null 2>&1
            done
            for ((k = 1; k <= slices; k++)); do
                rep=s$k
                if ((k % 2)); then ka_slice 0; ka_slice "$f"; else ka_slice "$f"; ka_slice 0; fi
            done
            log "kaab: hello-async $(awk -F, '$2 == "kaab" && $3 == "hello-async" && $4 == "srv_cpu_us_per_req" { printf "%s ", $5 }' "$csv")µs; floor $(awk -F, '$2 == "kaab" && $3 == "vertx-floor" && $4 == "srv_cpu_us_per_req" { printf "%s ", $5 }' "$csv")µs"
        fi
        stop 0
        stop "$f"
        emit_startup=1
    fi
fi

pod_status=0
if [[ " $tests " == *" pod "* ]]; then
    log "pod: bench/pod-check.sh --assert (three bursts of max-in-flight under the Deployment's limits)"
    # On every CPU again: this script is pinned to the client CPU, and a container started from it
    # inherits that, which would put the pod on the client's CPU, under no quota at all.
    taskset -c "0-$(($(nproc --all) - 1))" bash bench/pod-check.sh --assert --image "$image" -o "$out/pod" 2>&1 | tee -a "$out/bench.log" >&2
    pod_status=${PIPESTATUS[0]}
    cp "$out/pod/result.txt" "$out/pod-check.txt" 2>/dev/null
fi

python3 bench/summarize.py "$out" | tee "$out/summary.md"
summary_status=${PIPESTATUS[0]}
if command -v gnuplot >/dev/null && [[ -s "$out/ratios.csv" ]]; then
    gnuplot -e "in='$out/ratios.csv'; out='$out/ratios.png'" bench/ratios.gp 2>>"$out/bench.log" && log "chart: $out/ratios.png"
    [[ -s "$out/sleeps.csv" ]] && gnuplot -e "in='$out/sleeps.csv'; out='$out/sleeps.png'" bench/sleeps.gp 2>>"$out/bench.log" \
        && log "chart: $out/sleeps.png"
fi
log "results: $out"

# The run must have measured what it set out to: a test that produced nothing fails the run.
missing=()
need_metric() { grep -q "^[^,]*,$1,hello-async,$2,[0-9]" "$csv" || missing+=("$1/$2"); }
[[ " $tests " == *" startup "* ]] && need_metric startup startup_ms
# wrk's socket errors and non-2xx answers, summed per run: none for the service.
no_errors() { awk -F, -v t="$1" '$2 == t && $3 == "hello-async" && $4 == "errors" && $5 != 0 { bad = 1 } END { exit bad }' "$csv" \
    || missing+=("$1: wrk saw socket errors or non-2xx answers"); }
[[ " $tests " == *" ka "* ]] && { need_metric ka srv_cpu_us_per_req; no_errors ka; }
[[ " $tests " == *" close "* ]] && { need_metric close srv_cpu_us_per_req; no_errors close; }
[[ " $tests " == *" kaab "* && " ${names[*]} " == *" vertx-floor "* ]] && { need_metric kaab srv_cpu_us_per_req; no_errors kaab; }
if [[ " $tests " == *" sleep "* ]]; then
    for n in $bursts "${largest}_cold"; do
        need_metric "sleep$n" ok
        awk -F, -v t="sleep$n" -v n="${n%_cold}" '$2 == t && $3 == "hello-async" && $4 == "ok" && $5 != n { bad = 1 } END { exit bad }' "$csv" \
            || missing+=("sleep$n: not every request answered 200")
    done
fi
((summary_status == 0)) || missing+=("bench/summarize.py exited $summary_status")
if ((${#missing[@]})); then log "FAILED: ${missing[*]}"; exit 1; fi
((pod_status == 0)) || { log "FAILED: bench/pod-check.sh --assert (see above)"; exit 1; }
