#!/usr/bin/env python3
"""An oracle for what astrid-abi says a component imports and exports.

For each component given, `jco wit` (wasm-tools' WIT printer, from npm)
prints the component's world; its `import` lines name the interfaces (and
top-level functions) the component imports, its `export` lines what it
exports. They must be exactly the instance and function imports and the
function exports of `astrid-abi check --format json`, and every interface
whose functions astrid-abi lists must be one of those imports. (jco 1.8.1
prints the world only, not the interfaces' contents: the functions inside
each instance are compared with wasm-tools' own printing by
component_print_check.py.)

    component_wit_check.py NODE JCO_JS TOOL FILE.wasm...
"""
import json
import re
import subprocess
import sys

node, jco, tool, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
failures = 0
for path in files:
    wit = subprocess.run([node, jco, "wit", path], capture_output=True, text=True, check=True).stdout
    world = wit[wit.index("world root {"):]
    jco_imports = set(re.findall(r"^\s+import ([^\s:;]+(?::[^\s;]+)?);$", world, re.M))
    jco_imports |= set(re.findall(r"^\s+import ([a-z0-9%-]+): func", world, re.M))
    jco_exports = set(re.findall(r"^\s+export ([a-z0-9%-]+): func", world, re.M))
    out = subprocess.run([tool, "check", "--no-config", "--format", "json", path], capture_output=True, text=True)
    module = json.loads(out.stdout)["modules"][0]
    ours_imports = {i["name"] for i in module["imports"] if i["kind"] in ("instance", "func")}
    ours_exports = {e["name"] for e in module["exports"] if e["kind"] == "func"}
    listed = {f["interface"] for f in module["functions"]}
    for what, theirs, ours in (("imports", jco_imports, ours_imports), ("exports", jco_exports, ours_exports)):
        if theirs != ours:
            failures += 1
            print(f"{path}: {what}: jco wit has {sorted(theirs - ours)} that astrid-abi does not; "
                  f"astrid-abi has {sorted(ours - theirs)} that jco wit does not", file=sys.stderr)
    if not listed <= ours_imports:
        failures += 1
        print(f"{path}: functions listed for interfaces it does not import: {sorted(listed - ours_imports)}",
              file=sys.stderr)
if failures:
    sys.exit(1)
print(f"imports and exports of {len(files)} components agree with jco wit")
