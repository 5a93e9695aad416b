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
up=""
for _ in $(seq 1 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/" && { up=1; break; }
    kill -0 "$app" 2>/dev/null || break
    sleep 0.5
done
[[ -n "$up" ]] || { tail -20 "$out/app.log" >&2; fail "the application did not start (log above)"; }

browse() { # browse <name> <path> <mode args...>   (BASE: the server, default the application)
    local name=$1 path=$2
    shift 2
    timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
        --disable-component-update --disable-sync --disable-quic --user-data-dir="$work/profile-$name" \
        --enable-logging=stderr --v=0 --window-size=800,600 "$@" "${BASE:-http://127.0.0.1:$port}$path" 2>>"$out/$name.console.log"
}

# Positive control: a page that does break the same policy (an inline style and script under
# default-src 'none'), from a throwaway server, must show up in the console as this check reads it.
control_port=$(for p in $(seq 19000 19500); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; break; }; done)
cat >"$work/control.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!DOCTYPE html><style>h1{color:red}</style><h1>control</h1><script>document.title='x'</script>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Security-Policy", "default-src 'none'")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$work/control.py" "$control_port" &
control=$!
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$control_port/" && break; sleep 0.1; done
BASE="http://127.0.0.1:$control_port" browse control /violating --dump-dom >/dev/null
kill "$control" 2>/dev/null || true
grep -qiE "Content.Security.Policy|Refused to" "$out/control.console.log" \
    || fail "positive control: a page that violates the CSP left no trace in the console; this check would miss one"
ok "positive control: a CSP violation on a test page is caught"

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
