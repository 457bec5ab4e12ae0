#!/usr/bin/env python3
"""No two findings of the whole fixture set share a fingerprint.

Runs `astrid-abi check --format sarif` over every built fixture, once with
each release choice (the default, and --abi all), and fails if two results
of one run carry the same partial fingerprint, or a result carries none.
A fingerprint names one finding: a shared one would let a baseline entry
hide a new finding, and code scanning fold two alerts into one.

  unique_fingerprints.py ASTRID_ABI FIXTURE_DIR
"""
import json
import subprocess
import sys


def main() -> int:
    tool, fixtures = sys.argv[1], sys.argv[2]
    failed = False
    for abi in ([], ["--abi", "all"]):
        run = subprocess.run([tool, "check", "--format", "sarif", *abi, fixtures],
                             capture_output=True, check=False)
        if run.returncode not in (0, 1, 2):
            print(f"check {' '.join(abi)}: exit {run.returncode}", file=sys.stderr)
            return 1
        results = json.loads(run.stdout)["runs"][0]["results"]
        seen = {}
        for r in results:
            fp = r.get("partialFingerprints", {}).get("astridAbiFinding/v2")
            where = (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"],
                     r["message"]["text"].splitlines()[0])
            if not fp:
                print(f"no fingerprint: {where}")
                failed = True
            elif fp in seen:
                print(f"shared fingerprint {fp}:\n  {seen[fp]}\n  {where}")
                failed = True
            else:
                seen[fp] = where
        if len(results) < 50:
            print(f"check {' '.join(abi)}: only {len(results)} results: the fixtures were not found")
            failed = True
        print(f"check {' '.join(abi) or '(default releases)'}: {len(results)} findings, "
              f"{len(seen)} distinct fingerprints")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
