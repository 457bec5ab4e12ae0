#!/usr/bin/env bash
# No line of human-readable output may begin with bytes of a file or module
# name that a CI runner reads as a command: GitHub Actions takes a line
# beginning "::" (after white space) as a workflow command, Azure Pipelines
# one beginning "##vso[". Files named like commands, good and bad, are
# checked, summarised and diffed; every line printed, on stdout or stderr,
# is searched.
#
#   no_ci_commands.sh TOOL WORKDIR GOOD_MODULE
set -euo pipefail
tool=$1 work=$2 good=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"

names=('::error file=README.md,line=1::x.wasm' '  ::stop-commands::token.wasm' '::add-mask::secret.wasm'
       '##vso[task.setvariable variable=x]y.wasm' '#::error::z.wasm')
mkdir -p tree
for n in "${names[@]}"; do
  cp "$good" "tree/$n"
  printf 'not wasm' >"tree/bad $n"
done
cp "$good" plain.wasm

out=$work/out.txt
: >"$out"
run() { "$tool" "$@" >>"$out" 2>&1 || true; }
cd tree
run check .
run check -q .
run check -v --no-config .
run check --validate .
for n in "${names[@]}"; do
  run check "$n"
  run check "bad $n"
  run caps "$n"
  run caps --emit-manifest "$n"
  run caps "bad $n"
  run diff ../plain.wasm "$n"
  run diff "bad $n" ../plain.wasm
done
cd ..

lines=$(wc -l <"$out")
if grep -nE '^[[:space:]]*(::|##)' "$out"; then
  echo "FAIL: a line of output begins like a CI command (above)"
  exit 1
fi
# The names were printed at all (as ./::error... and the like).
grep -q 'stop-commands' "$out" || { echo "FAIL: the hostile names never appeared"; exit 1; }
echo "ok: $lines lines, none a CI command"
