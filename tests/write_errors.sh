#!/usr/bin/env bash
# Output that cannot be written is a failure: every command, with standard
# output on a full disk (/dev/full) or closed, exits 2 and says "write
# error" on standard error; with standard error closed too, it still exits
# 2 (once a closed standard error made the error path itself throw, and
# the process abort).
#
#   write_errors.sh TOOL FIXTURE_DIR
set -uo pipefail
tool=$1
cd "$2" || exit 2
failed=0
commands=("check clean-tool.wasm" "check -q unknown-syscall.wasm" "check --format json clean-tool.wasm"
          "check --format sarif unknown-syscall.wasm" "check --format github unknown-syscall.wasm"
          "table" "table --format c" "caps clean-tool.wasm" "caps --emit-manifest clean-tool.wasm"
          "diff clean-tool.wasm unknown-syscall.wasm" "rules" "rules unknown-syscall" "--help" "check --help"
          "--version")
for args in "${commands[@]}"; do
  # shellcheck disable=SC2086
  for how in full closed both; do
    case $how in
      full) err=$("$tool" $args 2>&1 >/dev/full); status=$? ;;
      closed) err=$("$tool" $args 2>&1 >&-); status=$? ;;
      both) "$tool" $args >/dev/full 2>&-; status=$? err="write error (stderr closed)" ;;
    esac
    if [ "$status" -ne 2 ] || [[ $err != *"write error"* ]]; then
      printf 'FAIL astrid-abi %s, stdout %s: exit %s, stderr: %s\n' "$args" "$how" "$status" "$err"
      failed=1
    fi
  done
done
[ $failed -eq 0 ] && echo "ok: ${#commands[@]} commands, each failing with exit 2 on a full or closed output"
exit $failed
