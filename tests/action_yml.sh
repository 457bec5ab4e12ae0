#!/usr/bin/env bash
# action.yml as GitHub runs it: its cache key cannot come from hashFiles()
# (which reads only the workspace, not the action's folder), no input is
# pasted into a script (${{ inputs.x }} inside run:), and the arguments
# reach the tool intact, spaces within quotes kept, nothing expanded.
#
#   action_yml.sh ACTION_YML WORKDIR
set -euo pipefail
action=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
status=0
if grep -n '^[^#]*hashFiles' "$action"; then
  echo "FAIL: hashFiles() cannot read the action's own files"
  status=1
fi
# The run: blocks, without their env: (where inputs belong).
awk '/^ *run: \|/ {inrun=1; indent=match($0, /[^ ]/); next}
     inrun && NF && match($0, /[^ ]/) <= indent {inrun=0}
     inrun' "$action" >"$work/run-blocks.sh"
if grep -n '\${{' "$work/run-blocks.sh"; then
  echo "FAIL: an expression pasted into a script (use env:)"
  status=1
fi
# The last step's script, with a tool that prints its arguments.
awk '/^ *- name: astrid-abi$/ {step=1} step && /^ *run: \|/ {inrun=1; next} inrun' "$action" |
  sed 's/^        //' >"$work/run.sh"
printf '#!/bin/sh\nfor a in "$@"; do printf "[%%s]\\n" "$a"; done\n' >"$work/tool"
chmod +x "$work/tool"
got=$(TOOL=$work/tool ARGS=$'check --abi all  "dist/my app.capsule"\n\'a "b"\' $HOME `id` *' bash "$work/run.sh")
want=$'[check]\n[--abi]\n[all]\n[dist/my app.capsule]\n[a "b"]\n[$HOME]\n[`id`]\n[*]'
if [ "$got" != "$want" ]; then
  printf 'FAIL: the arguments arrived as\n%s\nnot\n%s\n' "$got" "$want"
  status=1
fi
if TOOL=$work/tool ARGS='check "unclosed' bash "$work/run.sh" 2>/dev/null; then
  echo "FAIL: an unmatched quote ran the tool"
  status=1
fi
[ "$status" -eq 0 ] && echo "ok: action.yml keys its cache on its source and passes arguments intact"
exit "$status"
