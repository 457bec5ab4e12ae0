#!/usr/bin/env python3
"""Standard input to standard output, with every line that is a JSON
object written out indented (keys in their order, non-ASCII escaped as the
tool writes it) and every other line as it is: how the fixture runner
keeps JSON Lines readable in the expected outputs."""
import json
import sys

for line in sys.stdin.read().splitlines(keepends=True):
    text = line.rstrip("\n")
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except ValueError:
            sys.stdout.write(line)
            continue
        sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=True) + "\n")
    else:
        sys.stdout.write(line)
