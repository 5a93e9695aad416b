#!/usr/bin/env bash
# The pages as a person sees them: starts the packaged jar, loads / and an unknown path in headless
# Chromium, saves screenshots to target/browser-check/, and checks that the headings render and that
# the console shows no Content-Security-Policy violation.
#
#   scripts/browser-check.sh      (needs chromium and target/quarkus-app from ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/browser-check
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
app=""
cleanup() { [[ -n "$app" ]] && kill "$app" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "browser-check FAILED: $*" >&2; exit 1; }
ok() { echo "browser-check: $*"; }

chrome=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$chrome" ]] || fail "chromium is not installed (apt-get install chromium)"
[[ -f target/quarkus-app/quarkus-run.jar ]] || fail "no target/quarkus-app/quarkus-run.jar: run ./mvnw package first"

port=$(for p in $(seq 18200 18999); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; break; }; done)
java -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -jar target/quarkus-app/quarkus-run.jar >"$out/app.log" 2>&1 &
app=$!
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done

browse() { # browse <name> <path> <mode args...>
    local name=$1 path=$2
    shift 2
    timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
        --disable-component-update --disable-sync --disable-quic --user-data-dir="$work/profile-$name" \
        --enable-logging=stderr --v=0 --window-size=800,600 "$@" "http://127.0.0.1:$port$path" 2>>"$out/$name.console.log"
}

check() { # check <name> <path> <heading>
    local name=$1 path=$2 heading=$3
    browse "$name" "$path" --screenshot="$PWD/$out/$name.png" >/dev/null
    [[ -s "$out/$name.png" ]] || fail "no screenshot of $path"
    browse "$name" "$path" --dump-dom >"$out/$name.dom.html"
    grep -qF "<h1>$heading</h1>" "$out/$name.dom.html" || fail "$path did not render <h1>$heading</h1>"
    if grep -iE "Content.Security.Policy|Refused to" "$out/$name.console.log"; then
        fail "$path: the console shows a Content-Security-Policy violation (see $out/$name.console.log)"
    fi
    ok "$path renders <h1>$heading</h1>, no CSP violation in the console; screenshot $out/$name.png"
}

check root / "Hello!"
check not-found /no-such-page "Oops!"
