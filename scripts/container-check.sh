#!/usr/bin/env bash
# Checks the image Jib built (./mvnw verify -Pcontainer): a numeric non-root user, a read-only root
# with a tmpfs /tmp, OCI labels, no build timestamp, its size, a JVM that maps the image's AOT cache
# and loads Netty's epoll transport, and a clean stop on SIGTERM.
#
#   scripts/container-check.sh [image]     (default: the image named in target/quarkus-artifact.properties)
#
# Env: CONTAINER_RUNTIME (default podman), MAX_IMAGE_MB (default 120: the JDK 25 base 43 MB, the
# dependencies 19 MB, the AOT cache 46.5 MB; 150 MB on 2026-12-03 with the JDK's CDS archive and
# uncompressed modules, 109.9 MB since 2026-12-04; bench/summarize.py holds the issue's 110).
set -euo pipefail
cd "$(dirname "$0")/.."

runtime=${CONTAINER_RUNTIME:-podman}
max_mb=${MAX_IMAGE_MB:-120}
image=${1:-$(sed -n 's/^metadata.container-image=//p' target/quarkus-artifact.properties 2>/dev/null | tr -d '\\' || true)}
[[ -n "$image" ]] || { echo "container-check: no image given and none in target/quarkus-artifact.properties" >&2; exit 1; }
cid=""
trap '[[ -n "$cid" ]] && $runtime rm -f "$cid" >/dev/null 2>&1 || true' EXIT

fail() { echo "container-check FAILED: $*" >&2; [[ -n "$cid" ]] && $runtime logs "$cid" 2>&1 | tail -20 >&2; exit 1; }
ok() { echo "container-check: $*"; }

inspect() { $runtime image inspect --format "$1" "$image"; }
[[ "$(inspect '{{.Config.User}}')" == 185 ]] || fail "image user is '$(inspect '{{.Config.User}}')', not 185"
[[ "$(inspect '{{index .Config.Labels "org.opencontainers.image.title"}}')" == hello-async ]] || fail "no title label"
[[ -n "$(inspect '{{index .Config.Labels "org.opencontainers.image.version"}}')" ]] || fail "no version label"
# CI sets where the image comes from: EXPECT_REVISION (the commit) and a source.
if [[ -n "${EXPECT_REVISION:-}" ]]; then
    [[ "$(inspect '{{index .Config.Labels "org.opencontainers.image.revision"}}')" == "$EXPECT_REVISION" ]] \
        || fail "org.opencontainers.image.revision is '$(inspect '{{index .Config.Labels "org.opencontainers.image.revision"}}')', not $EXPECT_REVISION"
    [[ -n "$(inspect '{{index .Config.Labels "org.opencontainers.image.source"}}')" ]] || fail "no org.opencontainers.image.source label"
    ok "org.opencontainers.image.revision $EXPECT_REVISION, source $(inspect '{{index .Config.Labels "org.opencontainers.image.source"}}')"
fi
[[ "$(inspect '{{.Created}}')" == 1970-01-01* ]] || fail "image has a build timestamp: $(inspect '{{.Created}}')"
size=$(inspect '{{.Size}}')
((size <= max_mb * 1000 * 1000)) || fail "image is $((size / 1000000)) MB, over $max_mb MB"
ok "$image: user 185, OCI labels, created 1970-01-01 (reproducible), $((size / 1000000)) MB"
aot=$(inspect '{{range .Config.Env}}{{println .}}{{end}}' | sed -n 's/^JAVA_TOOL_OPTIONS=.*-XX:AOTCache=\([^ ]*\).*/\1/p')
[[ -n "$aot" ]] || fail "the image's JVM is not given an AOT cache (no -XX:AOTCache in JAVA_TOOL_OPTIONS)"
ok "the image runs its JVM with -XX:AOTCache=$aot"

port=$(for p in $(seq 18100 18999); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; break; }; done)
# -XX:AOTMode=on: the JVM refuses to start unless it can map the image's AOT cache (by default it
# would fall back silently, and start two to three times slower). /tmp is exec, as a Kubernetes
# emptyDir is: Netty unpacks its epoll library there.
cid=$($runtime run -d --read-only --tmpfs /tmp:rw,exec,size=64m -e JDK_JAVA_OPTIONS=-XX:AOTMode=on \
    -p "127.0.0.1:$port:8080" "$image")
for _ in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
    [[ "$code" == 200 ]] && break
    sleep 1
done
[[ "$code" == 200 ]] || fail "/ answered '$code' on a read-only root"
ok "--read-only --tmpfs /tmp serves / (200), with -XX:AOTMode=on: the AOT cache is mapped"
pid=$($runtime inspect --format '{{.State.Pid}}' "$cid")
grep -q netty_transport_native_epoll "/proc/$pid/maps" || fail "Netty's epoll transport is not loaded"
ok "Netty's epoll transport is loaded"
# The AOT cache's read-only region must stay a clean file mapping, shared by every pod of the image
# on a node. Mapped where it was built for (-XX:ArchiveRelocationMode=0), the JVM maps it read-only
# and writes nothing into it. Relocated (the JDK's default), it maps it writable and patches pointers
# on most of its pages: ~15 MB of each pod's anonymous memory (docs/performance.md#idle-memory).
read -r ro_maps ro_anon_kb < <(awk -v f="$aot" '/^[0-9a-f]+-[0-9a-f]+ / { m = ($2 == "r--p" && index($6, f) > 0); n += m }
    m && /^Anonymous:/ { s += $2 } END { print n + 0, s + 0 }' "/proc/$pid/smaps")
((ro_maps > 0)) || fail "no read-only mapping of the AOT cache ($aot): relocated, its pages are each pod's own"
((ro_anon_kb < 2048)) || fail "the AOT cache's read-only region has $ro_anon_kb kB of anonymous (private) pages"
ok "the AOT cache's read-only region is mapped read-only and file-backed ($ro_anon_kb kB anonymous)"

[[ "$($runtime inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$cid")" == true ]] || fail "root is not read-only"
uid=$($runtime top "$cid" huser | awk 'NR == 2 { print $1 }')
[[ "$uid" == 185 ]] || fail "the process runs as '$uid', not 185"
ok "the process runs as uid 185"

start=$(date +%s%N)
$runtime kill --signal TERM "$cid" >/dev/null
status=$(timeout 30 $runtime wait "$cid") || fail "no exit within 30 s of SIGTERM"
millis=$((($(date +%s%N) - start) / 1000000))
# SIGTERM: readiness DOWN for quarkus.shutdown.delay (5 s) while still serving, then Quarkus stops
# and the process exits 0 (ShutdownSignal).
[[ "$status" == 0 ]] || fail "exit status $status after SIGTERM"
$runtime logs "$cid" 2>&1 | grep -q "stopped in" || fail "Quarkus did not log a clean stop"
((millis < 10000)) || fail "stopping took $millis ms"
# Not sooner than the delay: an exit before 5 s means the pod would leave while still in the endpoints.
((millis >= 4500)) || fail "stopped $millis ms after SIGTERM: sooner than the 5 s drain delay"
ok "SIGTERM: clean Quarkus shutdown after the 5 s drain delay, exit 0, in $millis ms"
