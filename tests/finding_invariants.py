#!/usr/bin/env python3
"""One root cause, one finding, one fix: the invariant, over every fixture.

Runs `astrid-abi check --format json` on every built fixture input (each
capsule directory, module and archive under the fixture directory) with the
default releases, with --abi all, with v0.10.4 alone and with one release
of each era, and holds each input's findings to the invariant README.md
states ("Findings"):

  - no two findings on one manifest key (line and column), or on one
    import, give fixes that differ (at most one finding there proposes an
    edit, unless they agree);
  - a cause has one finding: a grant written under a key the kernel ignores
    (ignored-grant) or as a placeholder (unfilled-placeholder) is not also
    asked for at the import (undeclared-capability);
  - a module of the wrong era for every release checked gets wrong-era, and
    no grant or manifest-key findings;
  - no fix names a release the module cannot run on;
  - a fix is right in the file's current state: following a rename leaves
    valid TOML, and no "add KEY = ..." names a key the table holds already.

Each check is a function in CHECKS: (label, input) -> violations; add one
there to hold the fixtures to another promise.

usage: finding_invariants.py ASTRID_ABI FIXTURE_DIR
"""

import json
import os
import re
import subprocess
import sys
import tomllib

BATCH = 40
RUNS = [("default", []), ("--abi all", ["--abi", "all"]), ("--abi v0.10.4", ["--abi", "v0.10.4"]),
        ("--abi v0.2.0,v0.10.4", ["--abi", "v0.2.0,v0.10.4"])]
# A note that proposes an edit starts with one of these verbs; the others
# explain ("the capsule needs fs_write and is denied it on ...").
EDIT_VERBS = ("add ", "remove ", "rename ", "use ", "move ", "lower ", "require ", "replace ", "write ", "widen ",
              "give ", "export ", "declare ", "import ", "port ", "build ", "delete ", "drop ", "change ")
# What a module of the wrong era for every release checked must not get: it
# loads on none of them, so its grants and keys are not theirs to judge.
MANIFEST_RULES = {"undeclared-capability", "unused-capability", "ignored-grant", "unfilled-placeholder",
                  "ignored-manifest-key"}
RELEASE = re.compile(r"\bv(\d+)\.(\d+)\.(\d+)\b")


def inputs(fixture_dir):
    """Each capsule directory, and every module and archive outside them."""
    found = []
    for root, dirs, files in os.walk(fixture_dir):
        dirs.sort()
        if "Capsule.toml" in files:
            found.append(root)
        for f in sorted(files):
            if f.endswith((".wasm", ".capsule")):
                found.append(os.path.join(root, f))
    return found


def run(tool, args, paths):
    out = subprocess.run([tool, "check", "--no-config", "--format", "json", *args, *paths],
                         capture_output=True, text=True, errors="replace").stdout
    decoder, pos, results = json.JSONDecoder(), 0, []
    while True:
        while pos < len(out) and out[pos].isspace():
            pos += 1
        if pos >= len(out):
            return results
        obj, pos = decoder.raw_decode(out, pos)
        results.append(obj)


def all_findings(result):
    """(place, finding) pairs: a manifest line, or an import of a module."""
    for f in result.get("findings") or []:
        # Two keys of one inline table share a line: a place is a key's.
        yield (f.get("file"), f.get("line"), f.get("column")) if f.get("line") else None, f
    for m in result.get("modules") or []:
        for f in m.get("findings") or []:
            place = (m["file"], f.get("module"), f.get("name")) if f.get("module") else None
            yield place, f


def edit_notes(f):
    return tuple(n for n in f.get("notes") or [] if n.startswith(EDIT_VERBS))


def is_component_release(name):
    m = RELEASE.fullmatch(name)
    return name == "main" or (m is not None and tuple(map(int, m.groups())) >= (0, 6, 0))


def checked_releases(module):
    return [k["abi"] for k in module.get("kernels") or []] or [module.get("abi")]


# --- the checks

def one_fix_per_place(label, result):
    places = {}
    for place, f in all_findings(result):
        if place and edit_notes(f):
            places.setdefault(place, []).append(f)
    for place, fs in places.items():
        if len({edit_notes(f) for f in fs}) > 1:
            yield f"{label}: {len(fs)} findings at {place} give different fixes: " + "; ".join(
                f"[{f['rule']}] {' / '.join(edit_notes(f))}" for f in fs)


def granted_key(note):
    """The key an undeclared-capability's "add ..." note asks for."""
    m = re.match(r'add (?:"[^"]*" = .* under \[(publish|subscribe)\]|(\w+) =)', note)
    if not m:
        return None
    return f"[{m.group(1)}]" if m.group(1) else m.group(2)


def one_finding_per_cause(label, result):
    written = {}  # key -> [(rule, releases)] of the manifest findings that explain a denial
    for _, f in all_findings(result):
        if f["rule"] == "ignored-grant":
            for n in f.get("notes") or []:
                if m := re.match(r"the capsule needs (\S+) and is denied it", n):
                    written.setdefault(m.group(1), []).append((f["rule"], set(f.get("releases") or [])))
        elif f["rule"] == "unfilled-placeholder":
            written.setdefault(f.get("name"), []).append((f["rule"], set()))
    for _, f in all_findings(result):
        if f["rule"] != "undeclared-capability":
            continue
        for n in f.get("notes") or []:
            key = granted_key(n)
            for rule, releases in written.get(key, []):
                mine = set(f.get("releases") or [])
                if not releases or not mine or releases & mine:
                    yield f"{label}: '{f.get('name')}' is undeclared-capability (add {key}) and the manifest's {rule} on {key} has the same cause"


def wrong_era_alone(label, result):
    for m in result.get("modules") or []:
        if not any(f["rule"] == "wrong-era" for f in m.get("findings") or []):
            continue
        era = "component" if m.get("era") == "component" else "core"
        loadable = [r for r in checked_releases(m) if r and is_component_release(r) == (era == "component")]
        if loadable:
            continue  # checked on a release of its own era too: those findings are for it
        for _, f in all_findings(result):
            if f["rule"] in MANIFEST_RULES:
                yield f"{label}: {m['file']} is of the wrong era for every release checked, yet has {f['rule']}: {f['message']}"


def no_release_it_cannot_run_on(label, result):
    modules = result.get("modules") or []
    eras = {"component" if m.get("era") == "component" else "core" for m in modules}
    if len(eras) != 1:
        return
    component = eras == {"component"}
    names = [result.get("input") or ""] + [m.get("file") or "" for m in modules]
    for _, f in all_findings(result):
        for n in edit_notes(f):
            for name in names:  # a file may be named like a release
                n = n.replace(name, "") if name else n
            for r in RELEASE.finditer(n):
                if is_component_release(r.group(0)) != component:
                    yield f"{label}: [{f['rule']}] a {'component' if component else 'core module'} is told to {n!r}"


def right_in_current_state(label, result):
    for _, f in all_findings(result):
        path, line = f.get("file"), f.get("line")
        notes = f.get("notes") or []
        if not path or not os.path.isfile(path):
            continue
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
        try:
            manifest = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue
        for n in notes:
            if (m := re.match(r"rename it to '([^']+)'", n)) and line:
                lines = text.split("\n")
                old = f.get("name") or ""
                lines[line - 1] = lines[line - 1].replace(old, m.group(1), 1)
                try:
                    tomllib.loads("\n".join(lines))
                except tomllib.TOMLDecodeError as e:
                    yield f"{label}: following {path}:{line} {n!r} makes invalid TOML ({e})"
    for m in result.get("modules") or []:
        for f in m.get("findings") or []:
            at = result.get("manifest")
            if f["rule"] != "undeclared-capability" or not at or not os.path.isfile(at):
                continue
            try:
                with open(at, "rb") as fh:
                    manifest = tomllib.load(fh)
            except tomllib.TOMLDecodeError:
                continue
            for n in f.get("notes") or []:
                key = granted_key(n)
                table = manifest.get("capabilities") if key and not key.startswith("[") else None
                if isinstance(table, dict) and key in table:
                    yield f"{label}: {m['file']}: {n!r}, but [capabilities] has {key} already"


CHECKS = [one_fix_per_place, one_finding_per_cause, wrong_era_alone, no_release_it_cannot_run_on, right_in_current_state]


def main():
    tool, fixture_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.chdir(fixture_dir)
    paths = [os.path.relpath(p, ".") for p in inputs(".")]
    violations, checked = [], 0
    for label, args in RUNS:
        for i in range(0, len(paths), BATCH):
            for result in run(tool, args, paths[i:i + BATCH]):
                checked += 1
                for check in CHECKS:
                    violations.extend(check(f"{label}: {result.get('input')}", result))
    for v in violations:
        print(v)
    print(f"{checked} results of {len(paths)} inputs under {len(RUNS)} release choices, {len(CHECKS)} checks: "
          f"{len(violations)} violations")
    return 1 if violations or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
