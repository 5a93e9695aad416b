#!/usr/bin/env bash
# Runs every step of the native build that needs no GraalVM: `-Dnative` with
# quarkus.native.sources-only=true writes target/native-sources/ (native-image.args, the runner jar,
# lib/) on a plain JDK 25. Checks that the output is complete and carries the pages.
#
#   scripts/native-sources-check.sh     (env JDK25 overrides the JDK; default: the Temurin 25 under /usr/lib/jvm)
set -euo pipefail
cd "$(dirname "$0")/.."

jdk=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25-jdk-* 2>/dev/null | head -n 1)}
[[ -x "$jdk/bin/java" ]] || { echo "native-sources-check: no JDK 25 found (set JDK25)" >&2; exit 1; }
fail() { echo "native-sources-check FAILED: $*" >&2; exit 1; }
ok() { echo "native-sources-check: $*"; }

JAVA_HOME="$jdk" ./mvnw -B -q clean package -DskipTests -Dnative -Dquarkus.native.sources-only=true

out=target/native-sources
args="$out/native-image.args"
runner=$(ls "$out"/*-runner.jar 2>/dev/null | head -n 1)
[[ -s "$args" ]] || fail "no $args"
[[ -n "$runner" ]] || fail "no runner jar in $out"
[[ -n "$(ls "$out/lib" 2>/dev/null)" ]] || fail "no lib/ in $out"
grep -q '^type=native-sources$' target/quarkus-artifact.properties || fail "-Dnative did not produce native sources"
ok "$out: native-image.args, $(basename "$runner"), $(ls "$out/lib" | wc -l) jars in lib/ (GraalVM $(cat "$out/graalvm.version" 2>/dev/null || echo '?'))"

for expected in "--features=io.quarkus.runner.Feature" "--no-fallback" "--link-at-build-time"; do
    grep -qF -- "$expected" "$args" || fail "native-image.args lacks $expected"
done
ok "native-image.args names io.quarkus.runner.Feature, --no-fallback, --link-at-build-time"

resources=$(unzip -p "$runner" META-INF/native-image/resource-config.json)
[[ "$resources" == *'pages/[^/]*\\.html'* ]] || fail "resource-config.json does not register pages/*.html: $resources"
listing=$(unzip -l "$runner")
grep -qE '^ +175 .* pages/hello\.html$' <<<"$listing" || fail "the runner jar lacks pages/hello.html (175 bytes)"
grep -qE '^ +205 .* pages/404\.html$' <<<"$listing" || fail "the runner jar lacks pages/404.html (205 bytes)"
ok "the runner jar carries pages/hello.html and pages/404.html, registered in resource-config.json"
