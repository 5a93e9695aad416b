#!/usr/bin/env bash
# The build's CycloneDX SBOM lists every Quarkus and Vert.x artifact that is actually in
# target/quarkus-app/lib (name and version, as Quarkus's fast-jar names the files), at runtime scope;
# and, given an image, the image carries an SBOM with the same libraries where its dev.helloasync.sbom label says.
#
#   scripts/sbom-check.sh [IMAGE]     (after ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/.."
sbom=target/quarkus-run-cyclonedx.json
fail() { echo "sbom-check FAILED: $*" >&2; exit 1; }
[[ -f $sbom ]] || fail "no $sbom: run ./mvnw package"
[[ -d target/quarkus-app/lib ]] || fail "no target/quarkus-app/lib"
/usr/bin/python3 - "$sbom" target/quarkus-app/lib <<'PY' || exit 1
import json, os, sys
bom = json.load(open(sys.argv[1]))
assert bom.get("bomFormat") == "CycloneDX", "not a CycloneDX document"
runtime = set()
for c in bom.get("components", []):
    scope = {p["name"]: p["value"] for p in c.get("properties", [])}.get("quarkus:component:scope")
    if c.get("group") and scope == "runtime":
        runtime.add("%s.%s-%s" % (c["group"], c["name"], c["version"]))
# A jar in lib/ is named group.artifact-version, a classifier after it: "ships" is that name or it
# followed by "-".
shipped = [f[:-4] for d, _, files in os.walk(sys.argv[2]) for f in files if f.endswith(".jar")]
def ships(library, jar):
    return jar == library or jar.startswith(library + "-")
jars = [j for j in shipped if j.startswith(("io.quarkus.", "io.vertx."))]
missing = [j for j in jars if not any(ships(r, j) for r in runtime)]
if not jars:
    sys.exit("sbom-check FAILED: no Quarkus or Vert.x jar in lib/")
if missing:
    sys.exit("sbom-check FAILED: in lib/ but not in the SBOM: %s" % missing)
# The other way: every library the SBOM lists at run time ships, in lib/ or, for the application
# itself, in app/ (artifact-version.jar). A library left out of the build must leave the SBOM too,
# or scanners report what the image does not hold.
app = os.path.join(os.path.dirname(sys.argv[2].rstrip("/")), "app")
own = [f[:-4] for f in (os.listdir(app) if os.path.isdir(app) else []) if f.endswith(".jar")]
extra = sorted(r for r in runtime if not any(ships(r, j) for j in shipped)
               and not any(r.endswith("." + a) for a in own))
if extra:
    sys.exit("sbom-check FAILED: in the SBOM at run time but not in lib/ or app/: %s" % extra)
print("sbom-check: %s (CycloneDX %s, %d components, %d at runtime) lists all %d Quarkus and Vert.x jars in lib/,"
      " and each of its run-time libraries ships" % (sys.argv[1], bom.get("specVersion"), len(bom["components"]), len(runtime), len(jars)))
PY
if [[ $# -ge 1 ]]; then
    image=$1
    path=$(podman image inspect --format '{{index .Config.Labels "dev.helloasync.sbom"}}' "$image")
    [[ -n $path ]] || fail "$image has no dev.helloasync.sbom label"
    cid=$(podman create "$image")
    trap 'podman rm -f "$cid" >/dev/null 2>&1 || true' EXIT
    podman cp "$cid:$path" target/sbom-from-image.json || fail "$image has no file at $path"
    # The same libraries (name, version, hashes). The image's SBOM comes from the build just before
    # the image's (see pom.xml), and Quarkus's generated-bytecode.jar differs from build to build.
    /usr/bin/python3 - target/sbom-from-image.json "$sbom" <<'PY' || fail "the SBOM in $image lists other libraries than $sbom"
import json, sys
def libraries(path):
    return {c["bom-ref"]: c for c in json.load(open(path))["components"] if c.get("type") == "library"}
a, b = (libraries(f) for f in sys.argv[1:3])
sys.exit(0 if a == b and len(a) > 100 else 1)
PY
    echo "sbom-check: $image carries the SBOM at $path (label dev.helloasync.sbom), with the same libraries and hashes"
fi
