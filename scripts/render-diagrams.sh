#!/usr/bin/env bash
# Renders every Mermaid diagram in docs/*.md with @mermaid-js/mermaid-cli, driven by Debian's
# Chromium (not a browser it downloads). Each ```mermaid block is followed by the image link that
# names its rendering, ![...](diagrams/NAME.png); a block that does not render fails the script.
#
#   scripts/render-diagrams.sh            render into docs/diagrams/ (commit the result)
#   scripts/render-diagrams.sh --check    render into a scratch folder: every block must render, and
#                                         its committed image must exist (CI)
# Env: MERMAID_CLI (a folder with node_modules/.bin/mmdc; default: installed into a cache folder).
set -euo pipefail
cd "$(dirname "$0")/.."
check=0; [[ ${1:-} == --check ]] && check=1
chromium=${CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || { echo "render-diagrams: $chromium is needed (apt-get install chromium)" >&2; exit 1; }
cli=${MERMAID_CLI:-${XDG_CACHE_HOME:-$HOME/.cache}/hello-async-mermaid-cli}
if [[ ! -x $cli/node_modules/.bin/mmdc ]]; then
    mkdir -p "$cli"
    # Puppeteer would download a browser, which cannot be had here: Debian's Chromium drives it.
    (cd "$cli" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent @mermaid-js/mermaid-cli@11 >/dev/null)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/puppeteer.json" <<JSON
{ "executablePath": "$chromium",
  "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run"] }
JSON
# Each block into its own .mmd file, named after the image link that follows it.
/usr/bin/python3 - "$work" docs/*.md <<'PY'
import pathlib, re, sys
work = pathlib.Path(sys.argv[1])
names = set()
for doc in sys.argv[2:]:
    text = pathlib.Path(doc).read_text()
    for m in re.finditer(r"```mermaid\n(.*?)```\s*\n!\[[^\]]*\]\(diagrams/([\w-]+)\.png\)", text, re.S):
        if m.group(2) in names:
            sys.exit("render-diagrams: %s: diagram name %s used twice" % (doc, m.group(2)))
        names.add(m.group(2))
        (work / (m.group(2) + ".mmd")).write_text(m.group(1))
    blocks = text.count("```mermaid")
    named = len(re.findall(r"```mermaid\n.*?```\s*\n!\[[^\]]*\]\(diagrams/[\w-]+\.png\)", text, re.S))
    if blocks != named:
        sys.exit("render-diagrams: %s: %d mermaid blocks, %d followed by their ![](diagrams/NAME.png)" % (doc, blocks, named))
print("render-diagrams: %d diagrams" % len(names))
PY
out=docs/diagrams
((check)) && out=$work/out
mkdir -p "$out"
for mmd in "$work"/*.mmd; do
    name=$(basename "$mmd" .mmd)
    "$cli/node_modules/.bin/mmdc" -q -p "$work/puppeteer.json" -i "$mmd" -o "$out/$name.png" -b white -s 2 \
        || { echo "render-diagrams: $name did not render" >&2; exit 1; }
    [[ -s $out/$name.png ]] || { echo "render-diagrams: $name rendered nothing" >&2; exit 1; }
    if ((check)); then
        [[ -s docs/diagrams/$name.png ]] || { echo "render-diagrams: docs/diagrams/$name.png is not committed" >&2; exit 1; }
    fi
    echo "render-diagrams: $name ($(stat -c %s "$out/$name.png") bytes)"
done
