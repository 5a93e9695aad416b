#!/usr/bin/env bash
# hello-async beside the shared peers (the chapter's tokio server, nginx, node), measured in one run
# by the anchors harness, so every figure is a ratio against nginx from the same run.
#
#   bench/run.sh [bench.sh options]        e.g. bench/run.sh -r 3 -t "ka close sleep"
#
# Needs ../shared/anchors (or ANCHORS=dir) with its setup.sh run once; builds the jar if absent.
# A JVM needs a longer warm-up than the harness's default 2 s, hence -w 20.
set -euo pipefail
cd "$(dirname "$0")/.."
anchors=${ANCHORS:-../shared/anchors}
[[ -x "$anchors/run-anchors.sh" ]] || { echo "bench: no anchors harness at $anchors" >&2; exit 1; }
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
jar="$PWD/target/quarkus-app/quarkus-run.jar"
exec "$anchors/run-anchors.sh" -w 20 "$@" "hello-async=8080=java -jar $jar"
