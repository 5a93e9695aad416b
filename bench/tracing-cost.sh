#!/usr/bin/env bash
# What tracing costs: keep-alive CPU per request and p99 (bench/run.sh -t ka) of the packaged jar
#   tracing-off   as shipped, no endpoint named
#   tracing-on    100 % sampled, exported over OTLP/HTTP to a sink that answers at once
#   sink-down     100 % sampled, to an endpoint where nothing listens
#   sink-slow     100 % sampled, to a sink that answers each export after 3 s
# beside no-extension: the same service built without quarkus-opentelemetry (the commit before it
# came in, built in a scratch worktree), and the image and nginx that bench/run.sh always runs.
# Each jar runs on the image's JDK 25 with the image's JVM flags and the pod's memory as -XX:MaxRAM.
#
#   bench/tracing-cost.sh [-r REPS (2)] [-o DIR] [bench/run.sh options...]
# after ./mvnw package (the jar) and with the image built (bench/run.sh runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
reps=2 out=$root/target/bench/tracing-$(date -u +%Y%m%dT%H%M%SZ) pass=()
while (($#)); do
    case $1 in
        -r) reps=$2; shift ;;
        -o) out=$(realpath -m "$2"); shift ;;
        *) pass+=("$1") ;;
    esac
    shift
done
mkdir -p "$out"
java=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
jar=$root/target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || { echo "tracing-cost: no $jar (./mvnw package)" >&2; exit 1; }
source bench/pod.sh
pod_limits
mem_bytes=$(numfmt --from=iec-i "$mem_limit")
flags="$(sed -n 's/^quarkus.jib.jvm-additional-arguments=//p' src/main/resources/application.properties | tr ',' ' ') -XX:MaxRAM=$mem_bytes"

# The service without the extension: the parent of the commit that added it to the pom.
added=$(git log --reverse --format=%H -S'<artifactId>quarkus-opentelemetry</artifactId>' -- pom.xml | head -n 1)
[[ -n $added ]] || { echo "tracing-cost: no commit adds quarkus-opentelemetry to pom.xml" >&2; exit 1; }
without=$(mktemp -d /tmp/hello-async-no-otel.XXXXXX)
git worktree add -q --detach "$without" "$added^"
sinks=()
cleanup() {
    for p in "${sinks[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    git worktree remove --force "$without" 2>/dev/null || rm -rf "$without"
}
trap cleanup EXIT
echo "tracing-cost: building the service without quarkus-opentelemetry (${added:0:7}^)" >&2
(cd "$without" && ./mvnw -q -B package -DskipTests -DskipITs >"$out/build-without.log" 2>&1) \
    || { echo "tracing-cost: that build failed, see $out/build-without.log" >&2; exit 1; }

# The sinks, on the client CPU (bench/run.sh pins the servers to CPU 0).
taskset -c 1 /usr/bin/python3 bench/otlp-sink.py 4318 0 >"$out/sink-fast.log" 2>&1 & sinks+=($!)
taskset -c 1 /usr/bin/python3 bench/otlp-sink.py 4320 3 >"$out/sink-slow.log" 2>&1 & sinks+=($!)

peer() { # name port jar [system properties]
    local name=$1 port=$2 j=$3
    shift 3
    echo "$name=$port=$java $flags -Dquarkus.http.port=$port -Dquarkus.management.port=$((port + 1000)) $* -jar $j"
}
on="-Dquarkus.otel.exporter.otlp.protocol=http/protobuf -Dquarkus.otel.exporter.otlp.endpoint"
bash bench/run.sh -t ka --no-floor -r "$reps" -o "$out" "${pass[@]}" \
    "$(peer no-extension 7891 "$without/target/quarkus-app/quarkus-run.jar")" \
    "$(peer tracing-off 7892 "$jar")" \
    "$(peer tracing-on 7893 "$jar" "$on=http://127.0.0.1:4318")" \
    "$(peer sink-down 7894 "$jar" "$on=http://127.0.0.1:4319")" \
    "$(peer sink-slow 7895 "$jar" "$on=http://127.0.0.1:4320")"
for p in "${sinks[@]}"; do kill "$p" 2>/dev/null || true; done
sinks=()
sleep 1
cat "$out/sink-fast.log" "$out/sink-slow.log"
