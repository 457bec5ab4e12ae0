#!/usr/bin/env bash
# The SARIF that `check --format sarif` writes, checked by real validators:
# the SARIF 2.1.0 JSON schema (with Debian's python3-jsonschema), then the
# SARIF Multitool's own rules and its GitHub code-scanning rules. Fails on
# any schema error and on any Multitool finding other than SARIF2005 (the
# tool has no informationUri to give). Skipped (77) when the Multitool,
# which ./bootstrap installs from npm into .tools/, is not there.
#
#   validate_sarif.sh TOOL FIXTURE_DIR MULTITOOL_PACKAGE_DIR OUTPUT
set -euo pipefail
tool=$1 fixtures=$2 package=$3 out=$4
multitool=$package/Sarif.Multitool
if [ ! -x "$multitool" ] || [ ! -f "$package/sarif-2.1.0.json" ]; then
  echo "the SARIF Multitool is not installed in $package (./bootstrap installs it): skipped"
  exit 77
fi

cd "$fixtures"
status=0
# Components too, where jco built them: findings of the link check, with
# releases, and of their core modules; and component archives whose
# provenance fails or that the installer refuses.
components=()
for c in link/spawn-v080.wasm link/interfaces.wasm link/exports.wasm components/kv-daemon.wasm \
         archives/tampered.capsule archives/linked.capsule; do
  [ -f "$c" ] && components+=("$c")
done
# Paths as CI gives them: absolute, inside the repository (relative to
# %SRCROOT%, the repository root), and outside it with a space and a '%'
# in the name (an absolute file:// URI, percent-encoded).
outside=$(mktemp -d) && trap 'rm -rf "$outside"' EXIT
mkdir -p "$outside/odd dir %" && cp mistyped-syscall.wasm "$outside/odd dir %/x.wasm"
"$tool" check --format sarif --abi all capsules components.capsule undeclared.capsule escaped-names.wasm \
  mistyped-syscall.wasm "$PWD/undeclared.capsule" "$outside/odd dir %/x.wasm" "${components[@]}" empty.wasm \
  >"$out" || status=$?
[ "$status" -eq 2 ] || { echo "expected exit 2 (empty.wasm cannot be read), got $status"; exit 1; }

/usr/bin/python3 - "$package/sarif-2.1.0.json" "$out" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
errors = list(jsonschema.Draft7Validator(schema).iter_errors(log))
for e in errors:
    print("schema:", "/".join(map(str, e.absolute_path)), e.message)
results = log["runs"][0]["results"]
print(f"schema: {len(errors)} errors in a log of {len(results)} results")
# Where GitHub places them: inside the repository, relative to %SRCROOT%;
# outside, an absolute file:// URI, percent-encoded.
uris = {l["physicalLocation"]["artifactLocation"]["uri"]: l["physicalLocation"]["artifactLocation"].get("uriBaseId")
        for r in results for l in r["locations"]}
inside = [u for u, base in uris.items() if base == "%SRCROOT%" and u.endswith("undeclared.capsule")]
outside = [u for u, base in uris.items() if base is None and u.startswith("file:///") and u.endswith("/odd%20dir%20%25/x.wasm")]
bad = [u for u, base in uris.items() if (base is None) != u.startswith("file:///") or u.startswith("/")]
print(f"uris: {len(inside)} repository-relative undeclared.capsule, {len(outside)} outside, {len(bad)} misplaced {bad}")
base = log["runs"][0].get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "")
sys.exit(1 if errors or not results or len(inside) != 1 or len(outside) != 1 or bad or not base.startswith("file:///") else 0)
PY

"$multitool" validate "$out" --rule-kind "Gh;Sarif" --log ForceOverwrite -o "$out.validation" >/dev/null
/usr/bin/python3 - "$out.validation" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
bad = [r for r in results if r["ruleId"] != "SARIF2005"]
for r in bad:
    print("multitool:", r["ruleId"], r.get("level", "warning"), r["message"])
print(f"multitool: {len(bad)} findings besides SARIF2005")
sys.exit(1 if bad else 0)
PY
