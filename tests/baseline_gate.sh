#!/usr/bin/env bash
# The promises a baseline makes a CI gate, end to end, in a scratch
# repository holding a component capsule whose grants are unused:
#   - written from the root, it matches from a subfolder, with ./, with
#     a/../ and with absolute paths;
#   - a newly added grant (host_process = ["rm"]) fails the gate;
#   - baselined findings stay in SARIF (suppressions, kind external) and
#     in JSON (suppressed, "baseline");
#   - --write-baseline keeps a 0600 file's mode and writes through a link;
#   - a malformed baseline is one clear exit-2 line, never an internal error.
#
#   baseline_gate.sh TOOL CAPSULE_DIR WORK_DIR
set -uo pipefail
tool=$1 capsule=$2 work=$3
rm -rf "$work"
mkdir -p "$work/repo/caps/app/sub" && cd "$work/repo" || exit 2
mkdir .git
cp "$capsule"/Capsule.toml "$capsule"/ipc-user.wasm caps/app/
# The grant the attack adds later must not be there when the baseline is made.
sed -i '/^host_process = /d' caps/app/Capsule.toml
failed=0
fail() { printf 'FAIL %s\n' "$*"; failed=1; }

"$tool" check caps/app --write-baseline base.json >/dev/null || fail "--write-baseline exited $?"
count=$(python3 -c 'import json,sys; print(len(json.load(open("base.json"))["findings"]))')
[ "$count" -ge 3 ] || fail "the baseline holds $count findings, expected the unused grants"

# The same findings however the capsule is named, from wherever.
for spelling in caps/app ./caps/app caps/app/sub/.. "$PWD/caps/app" "$PWD/caps/../caps/app"; do
  out=$("$tool" check "$spelling" --baseline base.json --fail-on note -q 2>&1)
  status=$?
  [ $status -eq 0 ] || fail "from the root, '$spelling': exit $status: $out"
done
out=$(cd caps && "$tool" check app --baseline ../base.json --fail-on note -q 2>&1)
status=$?
[ $status -eq 0 ] || fail "from caps/: exit $status: $out"

# A new grant is a new finding, whatever the baseline holds.
sed -i 's/^\[capabilities\]$/[capabilities]\nhost_process = ["rm"]/' caps/app/Capsule.toml
grep -q '^host_process = \["rm"\]' caps/app/Capsule.toml || fail "the fixture has no [capabilities] to add to"
out=$("$tool" check caps/app --baseline base.json --fail-on warning 2>&1)
status=$?
[ $status -eq 1 ] || fail "a new host_process grant: exit $status, expected 1"
[[ $out == *"'host_process'"*"[unused-capability]"* ]] || fail "a new host_process grant is not reported: $out"
[[ $out == *"suppressed"*"host_process"* ]] && fail "the new grant is reported as suppressed: $out"

# SARIF keeps the baselined ones, marked; JSON marks them.
"$tool" check caps/app --baseline base.json --format sarif >out.sarif
python3 - <<'PY' || fail "SARIF suppressions"
import json
results = json.load(open("out.sarif"))["runs"][0]["results"]
suppressed = [r for r in results if r.get("suppressions")]
new = [r for r in results if not r.get("suppressions")]
assert len(suppressed) >= 3, suppressed
assert all(s["suppressions"][0]["kind"] == "external" for s in suppressed)
assert any("host_process" in r["message"]["text"] for r in new), new
PY
"$tool" check caps/app --baseline base.json --format json >out.json
python3 - <<'PY' || fail "JSON suppressed"
import json
doc = json.loads(open("out.json").read())
assert len(doc["suppressed"]) >= 3
assert all(s["suppressed"] and s["suppression"] == "baseline" and s["suppressed_by"] == "base.json"
           for s in doc["suppressed"])
PY

# The file's mode kept; a link written through, the link kept.
chmod 600 base.json
"$tool" check caps/app --write-baseline base.json >/dev/null
[ "$(stat -c %a base.json)" = 600 ] || fail "--write-baseline changed the mode to $(stat -c %a base.json)"
mkdir -p elsewhere && mv base.json elsewhere/ && ln -s elsewhere/base.json base.json
"$tool" check caps/app --write-baseline base.json >/dev/null
[ -L base.json ] || fail "--write-baseline replaced the link with a file"
grep -q host_process elsewhere/base.json || fail "--write-baseline did not write through the link"

# Malformed baselines: one line, exit 2, no internal error.
for doc in '{"version": "1", "findings": []}' '{"version": null, "findings": []}' \
           '{"version": true, "findings": []}' '{"version": 1, "findings": []}' '{"version": 2}' \
           '{"version": 2, "findings": [{"rule": "x"}]}' '[]' 'not json'; do
  printf '%s' "$doc" >bad.json
  err=$("$tool" check caps/app --baseline bad.json 2>&1 >/dev/null)
  status=$?
  if [ $status -ne 2 ] || [[ $err != "astrid-abi: error: --baseline bad.json: "* ]] || [[ $err == *internal* ]] ||
     [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then
    fail "baseline $doc: exit $status: $err"
  fi
done

[ $failed -eq 0 ] && echo "baseline gate: all promises kept"
exit $failed
