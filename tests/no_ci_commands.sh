#!/usr/bin/env bash
# No line of output may begin with bytes a CI runner reads as a command:
# GitHub Actions takes a line beginning "::" (after white space) as a
# workflow command, and "##[" anywhere as one of its older syntax; Azure
# Pipelines takes "##vso[" anywhere. Hostile names go everywhere the tool
# prints input-derived text: file names; a core module's import module and
# function names and its exports; a component's interface, function,
# parameter, resource and export names; a manifest's package, component,
# key and value; a configuration's rule names and reasons; the arguments
# themselves. Every command and format runs over them; every line printed,
# on stdout or stderr or into an -o file, is searched. Only --format
# github may print workflow commands, and only its own, one per finding.
#
#   no_ci_commands.sh TOOL WORKDIR GOOD_MODULE HOSTILE_CORE [HOSTILE_COMPONENT]
set -euo pipefail
tool=$1 work=$2 good=$3 core=$4 component=${5:-}
rm -rf "$work" && mkdir -p "$work" && cd "$work"

names=('::error file=README.md,line=1::x.wasm' '  ::stop-commands::token.wasm' '::add-mask::secret.wasm'
       '##vso[task.setvariable variable=x]y.wasm' '#::error::z.wasm' $'\u00a0::warning::nbsp.wasm'
       'a##[error]b.wasm')
mkdir -p tree
for n in "${names[@]}"; do
  cp "$good" "tree/$n"
  printf 'not wasm' >"tree/bad $n"
done
cp "$good" plain.wasm

# Capsules whose every name is hostile: a core module's and a component's.
manifest() {  # FILE
  cat >"$1" <<'TOML'
[package]
name = "::error file=Capsule.toml,line=1::pkg"
version = "0.1.0"

[[component]]
id = "::warning::id"
file = "::error file=m::mod.wasm"

[capabilities]
"::error file=a::key" = ["::add-mask::value"]
net = ["##vso[task.complete]host", "  ::stop-commands::t"]
fs_wirte = ["::notice::/tmp"]  # astrid-abi: ignore[::error::rule] ::warning::reason
"  ::add-mask::k" = true

[publish]
"::error::topic" = "::warning::reason"
TOML
}
mkdir -p core-capsule comp-capsule
cp "$core" "core-capsule/::error file=m::mod.wasm"
manifest core-capsule/Capsule.toml
inputs=(core-capsule "core-capsule/::error file=m::mod.wasm")
if [ -n "$component" ]; then
  cp "$component" "comp-capsule/::error file=m::mod.wasm"
  manifest comp-capsule/Capsule.toml
  inputs+=(comp-capsule "comp-capsule/::error file=m::mod.wasm")
fi
cat >config.toml <<'TOML'
[rules]
no-entry-point = { level = "off", reason = "::add-mask::why" }
unknown-import-module = { level = "note", reason = "  ::error file=x::because" }
TOML
cat >bad-config.toml <<'TOML'
[rules]
"::error file=c::rule" = "off"
TOML

out=$work/out.txt
: >"$out"
run() { "$tool" "$@" >>"$out" 2>&1 || true; }
# Only --format github writes workflow commands: its lines go elsewhere,
# checked for being ours alone.
github=$work/github.txt
: >"$github"
run_github() { "$tool" "$@" >>"$github" 2>>"$out" || true; }
cd tree
run check .
run check -q .
run check -v --no-config .
run check --validate .
run check --abi all .
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
for i in "${inputs[@]}"; do
  for format in text json sarif; do
    run check --no-config --format "$format" "$i"
    run check --config config.toml -v --abi all --format "$format" "$i"
  done
  run check --config bad-config.toml "$i"
  run check -v --no-config "$i"
  run_github check --no-config --format github "$i"
  run_github check --config config.toml --abi all --format github "$i"
  for format in text json; do
    run caps --no-config --format "$format" "$i"
    run diff --no-config --format "$format" plain.wasm "$i"
    run diff --no-config --format "$format" "$i" plain.wasm
  done
  run caps --no-config --emit-manifest "$i"
  run caps --no-config --merge core-capsule/Capsule.toml "$i"
  run caps --no-config --port "$i"
  rm -f report.txt
  run check --no-config -o report.txt "$i"
  cat report.txt >>"$out" 2>/dev/null || true
done
# The arguments themselves, as usage errors repeat them.
run check --abi '::error file=a::v0.9.9' plain.wasm
run check --require '::add-mask::astrid_x' plain.wasm
run check --format '::error::x' plain.wasm
run check '--::error::opt' plain.wasm
run '::error file=a::cmd'
run rules '::warning::rule'
run table --abi '  ::error::abi'
run rules
run table --abi all
run check --baseline config.toml plain.wasm

lines=$(wc -l <"$out")
status=0
# The runner trims Unicode white space too: strip it, then look.
if sed -E 's/^([[:space:]]|\xc2\xa0|\xc2\x85|\xe1\x9a\x80|\xe2\x80[\x80-\x8b]|\xe2\x80[\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80|\xef\xbb\xbf)*//' "$out" |
   grep -naE '^::|##\[|##[vV][sS][oO]\['; then
  echo "FAIL: a line of output reads as a CI command (above)"
  status=1
fi
# --format github: each line one of its own annotations, and nothing in
# them that starts another command.
if grep -nvE '^::(error|warning|notice) file=[^:]*(,line=[0-9]+)?(,col=[0-9]+)?,title=astrid-abi[^:]*::' "$github" ||
   grep -naE '##\[|##[vV][sS][oO]\[' "$github"; then
  echo "FAIL: --format github printed a line that is not its own annotation (above)"
  status=1
fi
# The names were printed at all (neutralised, not dropped).
for want in 'stop-commands' 'add-mask::value' 'task.setvariable' '::warning::f' 'pkg'; do
  grep -q -- "$want" "$out" || { echo "FAIL: '$want' never appeared in the output"; status=1; }
done
if [ -n "$component" ]; then
  grep -q 'README.md,line=1::pwned' "$out" || { echo "FAIL: the component's interface never appeared"; status=1; }
fi
[ "$status" -eq 0 ] && echo "ok: $lines lines and $(wc -l <"$github") annotations, none a CI command of the input's"
exit "$status"
