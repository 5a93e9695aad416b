# Sourced by bench/run.sh and bench/pod-check.sh: what the pod runs, read from the repository.
#   pod_limits      sets mem_limit (e.g. 384Mi) and cpu_limit (cores, e.g. 1 or 0.5) from the
#                   container's resources.limits in k8s/base/deployment.yaml
#   built_image     prints the image the last build named (target/quarkus-artifact.properties), else
#                   hello-async:<pom version> if podman has it; nothing if neither
#   entrypoint_with IMAGE FLAGS  prints podman's --entrypoint value: the image's own entrypoint with
#                   FLAGS inserted before -jar (after the image's flags, so they win); nothing if no FLAGS

pod_limits() {
    local deployment=k8s/base/deployment.yaml
    # The block starts at a line that is "limits:" alone (comments may mention limits too).
    mem_limit=$(awk '/^ *limits: *$/ { l = 1; next } l && /^ *memory:/ { print $2; exit }' "$deployment")
    cpu_limit=$(awk '/^ *limits: *$/ { l = 1; next } l && /^ *cpu:/ { gsub(/"/, "", $2); v = $2; if (v ~ /m$/) { sub(/m$/, "", v); v = v / 1000 } print v; exit }' "$deployment")
    [[ -n "$mem_limit" && -n "$cpu_limit" ]] || { echo "no resources.limits (cpu, memory) in $deployment" >&2; return 1; }
}

built_image() {
    local image version
    image=$(sed -n 's/^metadata.container-image=//p' target/quarkus-artifact.properties 2>/dev/null | tr -d '\\')
    if [[ -z "$image" ]]; then # after a plain ./mvnw verify, target/ names only the jar
        version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -n 1)
        podman image exists "hello-async:$version" && image=hello-async:$version
    fi
    echo "$image"
}

entrypoint_with() {
    local image=$1 flags=$2
    [[ -n "$flags" ]] || return 0
    podman image inspect --format '{{range .Config.Entrypoint}}{{println .}}{{end}}' "$image" | grep . \
        | awk -v f="$flags" 'BEGIN { printf "[" } $0 == "-jar" { n = split(f, a, " "); for (k = 1; k <= n; k++) printf "%s\"%s\"", (c++ ? "," : ""), a[k] } { printf "%s\"%s\"", (c++ ? "," : ""), $0 } END { printf "]" }'
}
