#!/usr/bin/env bash
# Renders k8s/ with kustomize and runs the Deployment for real with `podman kube play`, through
# the k8s/overlays/local overlay (one replica, the local image, hostPort 127.0.0.1:18888 because
# kube play ignores Services). Then checks over HTTP and with podman: / is the page,
# /sleep?seconds=1 is 200, an unknown path is 404, the process runs as uid 185 on a read-only root.
#
#   scripts/kube-play-check.sh      (needs kubectl, podman and the image from ./mvnw verify -Pcontainer)
set -euo pipefail
cd "$(dirname "$0")/.."

port=18888
work=$(mktemp -d)
played=""
cleanup() {
    [[ -n "$played" ]] && podman kube down "$played" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "kube-play-check FAILED: $*" >&2
    podman pod ps >&2 || true
    podman ps -a --format '{{.Names}}' | grep hello-async | xargs -r -n1 podman logs 2>&1 | tail -20 >&2 || true
    exit 1
}
ok() { echo "kube-play-check: $*"; }

command -v kubectl >/dev/null || fail "kubectl is needed to render k8s/ (kubectl kustomize)"
kubectl kustomize k8s >"$work/default.yaml"
ok "k8s/ renders: $(grep -c '^kind:' "$work/default.yaml") resources ($(grep '^kind:' "$work/default.yaml" | cut -d' ' -f2 | paste -sd' '))"
kubectl kustomize k8s/overlays/local >"$work/local.yaml"

# kube play runs Pods and Deployments; take the Deployment document out of the rendered stream.
awk '/^---$/ { if (doc ~ /(^|\n)kind: Deployment\n/) printf "%s", doc; doc = ""; next }
     { doc = doc $0 "\n" }
     END { if (doc ~ /(^|\n)kind: Deployment\n/) printf "%s", doc }' "$work/local.yaml" >"$work/deployment.yaml"
grep -q '^kind: Deployment' "$work/deployment.yaml" || fail "no Deployment in the rendered overlay"
image=$(sed -n 's/^[ -]*image: //p' "$work/deployment.yaml")
podman image exists "$image" || fail "image $image not built: run ./mvnw verify -Pcontainer first"

podman kube play "$work/deployment.yaml" >/dev/null
played="$work/deployment.yaml"
for _ in $(seq 1 60); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
    [[ "$code" == 200 ]] && break
    sleep 1
done
[[ "$code" == 200 ]] || fail "/ answered '$code'"

body=$(curl -fsS "http://127.0.0.1:$port/")
[[ "$body" == *"<h1>Hello!</h1>"* ]] || fail "/ is not the hello page"
ok "/ is 200 with the hello page"
read -r code took < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 10 "http://127.0.0.1:$port/sleep?seconds=1")
[[ "$code" == 200 ]] || fail "/sleep?seconds=1 answered $code"
# It waited: no sooner than the second asked for (a sleep that returns at once would pass the 200).
awk -v t="$took" 'BEGIN { exit !(t >= 1.0 && t < 5.0) }' || fail "/sleep?seconds=1 answered after ${took} s, not about 1 s"
ok "/sleep?seconds=1 is 200 after ${took} s"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/no-such-page")
[[ "$code" == 404 ]] || fail "an unknown path answered $code"
ok "an unknown path is 404"

container=$(podman ps --filter "ancestor=$image" --format '{{.Names}}' | head -n 1)
[[ -n "$container" ]] || fail "no running container of $image"
uid=$(podman top "$container" huser | awk 'NR == 2 { print $1 }')
[[ "$uid" == 185 ]] || fail "the process runs as '$uid', not 185"
[[ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$container")" == true ]] || fail "root is writable"
ok "container $container: uid 185, read-only root filesystem"

podman kube down "$played" >/dev/null
played=""
ok "podman kube down: done"
