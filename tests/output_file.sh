#!/usr/bin/env bash
# -o FILE, which every command takes: the output goes to FILE, whole (a
# temporary file renamed over it), and nothing to standard output; FILE
# keeps its permissions, a symbolic link is written through to its file,
# a usage error leaves FILE as it was, and a FILE that cannot be written
# is exit 2 with a line on standard error and the old FILE intact.
# --write-baseline's file is written the same way.
#
#   output_file.sh TOOL FIXTURE_DIR WORKDIR
set -uo pipefail
tool=$1 fixtures=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 2
cp "$fixtures/unknown-syscall.wasm" "$fixtures/clean-tool.wasm" .
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# Every command and format writes to FILE exactly what it prints.
commands=("check unknown-syscall.wasm" "check --format json unknown-syscall.wasm"
          "check --format sarif unknown-syscall.wasm" "check --format github unknown-syscall.wasm"
          "caps clean-tool.wasm" "caps --format json clean-tool.wasm" "diff clean-tool.wasm unknown-syscall.wasm"
          "table --abi v0.10.4" "rules" "rules --format json unknown-syscall")
for args in "${commands[@]}"; do
  # shellcheck disable=SC2086
  "$tool" $args >expected.txt 2>/dev/null
  want=$?
  rm -f out.txt
  # shellcheck disable=SC2086
  stdout=$("$tool" $args -o out.txt 2>/dev/null)
  got=$?
  [ "$got" -eq "$want" ] || fail "astrid-abi $args -o: exit $got, not $want"
  [ -z "$stdout" ] || fail "astrid-abi $args -o: printed on standard output"
  cmp -s expected.txt out.txt || fail "astrid-abi $args -o: the file differs from standard output"
done

# Its permissions kept; a symbolic link written through, and kept.
printf old >kept.txt && chmod 600 kept.txt && ln -s kept.txt link.txt
"$tool" check --format json -o link.txt clean-tool.wasm >/dev/null 2>&1
[ -L link.txt ] || fail "-o replaced the symbolic link with a file"
grep -q '"version"' kept.txt || fail "-o did not write through the symbolic link"
[ "$(stat -c %a kept.txt)" = 600 ] || fail "-o changed the file's mode to $(stat -c %a kept.txt)"
# --write-baseline writes its file the same way.
printf '{}' >base.json && chmod 600 base.json && ln -s base.json base-link.json
"$tool" check --write-baseline base-link.json unknown-syscall.wasm >/dev/null 2>&1
[ -L base-link.json ] && grep -q '"findings"' base.json && [ "$(stat -c %a base.json)" = 600 ] ||
  fail "--write-baseline replaced the link or changed the mode ($(stat -c %a base.json))"
# A link to nothing: exit 2, said.
ln -s missing/none.txt dangling.txt
err=$("$tool" check -o dangling.txt clean-tool.wasm 2>&1 >/dev/null)
[ $? -eq 2 ] && [[ $err == *"-o"* ]] || fail "-o through a dangling link: not exit 2 with a message ($err)"
# A usage error leaves the file as it was.
printf old >old.txt
"$tool" check --abi v9.9.9 -o old.txt clean-tool.wasm >/dev/null 2>&1
[ "$(cat old.txt)" = old ] || fail "a usage error overwrote the -o file"
# A directory that cannot be written: exit 2, the old file intact.
mkdir ro && printf old >ro/report.txt && chmod 555 ro
if [ ! -w ro ]; then  # (root writes anywhere)
  err=$("$tool" check -o ro/report.txt clean-tool.wasm 2>&1 >/dev/null)
  [ $? -eq 2 ] && [[ $err == *"cannot be written"* ]] || fail "-o into a read-only directory: not exit 2 ($err)"
  [ "$(cat ro/report.txt)" = old ] || fail "-o into a read-only directory changed the old file"
fi
chmod 755 ro
# --color auto does not colour a file, even with FORCE_COLOR.
FORCE_COLOR=0 "$tool" check -o plain.txt unknown-syscall.wasm >/dev/null 2>&1
grep -q $'\e\\[' plain.txt && fail "-o wrote colour escapes"
[ $failed -eq 0 ] && echo "ok: ${#commands[@]} commands write -o FILE as they print; mode, links and failures as documented"
exit $failed
