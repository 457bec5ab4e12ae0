#!/usr/bin/env python3
"""The link check against the reference's compatibility table.

Each component fixture given was built by wit-component against one
release's WIT and imports every function of the interfaces its world
names (fixtures/components/dummy/). For every function it imports, the
releases on which `astrid-abi check --abi all,main` finds nothing that
keeps that function from linking must be exactly the row's `links_on` in
component-abi-compat.tsv. Every row of the table must be covered by some
fixture.

  compat_check.py TOOL COMPAT_TSV FIXTURE...

Exit 0 when all agree, 1 on any difference, 77 (skipped) when the table
is not there.
"""
import json
import os
import re
import subprocess
import sys

tool, table_path, fixtures = sys.argv[1], sys.argv[2], sys.argv[3:]
if not os.path.exists(table_path):
    print(f"skipped: no {table_path}")
    sys.exit(77)

releases = [line.split()[0] for line in subprocess.run(
    [tool, "table", "--releases"], check=True, capture_output=True, text=True).stdout.splitlines()
    if line.split()[1] == "component"]
blocking = {r["id"] for r in json.loads(subprocess.run(
    [tool, "rules", "--format", "json"], check=True, capture_output=True, text=True).stdout)["rules"]
    if r["blocks_load"]}
# Findings about an import as a whole keep each of its functions out.
whole_import = {"unknown-interface", "wasi-import"}


def expand(runs):
    if runs == "-":
        return set()
    out = set()
    for run in runs.split(","):
        first, _, last = run.partition("..")
        i, j = releases.index(first), releases.index(last or first)
        out.update(releases[i:j + 1])
    return out


table = {}
with open(table_path) as f:
    next(f)
    for line in f:
        built, imp, item, _, links_on = line.rstrip("\n").split("\t")
        table[(built, imp, item)] = expand(links_on)

failures, covered = [], set()
for fixture in fixtures:
    release = re.search(r"-(v[0-9.]+|main)\.wasm$", fixture).group(1)
    # The table's v0.9.1 rows stand for v0.9.1 to main (identical WIT).
    built = "v0.9.1" if releases.index(release) >= releases.index("v0.9.1") else release
    run = subprocess.run([tool, "check", "--no-config", "--abi", "all,main", "--format", "json", fixture],
                         capture_output=True, text=True)
    module = json.loads(run.stdout)["modules"][0]
    if "functions" not in module:
        failures.append(f"{fixture}: not checked as a component: {module}")
        continue
    for use in module["functions"]:
        key = (built, use["interface"], use["function"])
        if key not in table:
            failures.append(f"{fixture}: {key} is not in the table")
            continue
        covered.add(key)
        kept_out = set()
        for f in module["findings"]:
            if f["rule"] in blocking and f["module"] == use["interface"] and (
                    f["name"] == use["function"] or (f["rule"] in whole_import and f["name"] is None)):
                kept_out.update(f["releases"])
        links = set(releases) - kept_out
        if links != table[key]:
            failures.append(f"{fixture}: {key[1]} {key[2]}: links on {sorted(links, key=releases.index)}, "
                            f"the table says {sorted(table[key], key=releases.index)}")

missing = sorted(set(table) - covered)
for key in missing[:20]:
    failures.append(f"no fixture covers {key}")
for line in failures[:60]:
    print(line, file=sys.stderr)
if failures:
    print(f"{len(failures)} differences ({len(missing)} rows not covered)", file=sys.stderr)
    sys.exit(1)
print(f"the link check agrees with all {len(table)} rows of {os.path.basename(table_path)} "
      f"on {len(releases)} releases, over {len(fixtures)} components")
