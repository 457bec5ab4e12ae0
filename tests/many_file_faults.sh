#!/usr/bin/env bash
# A directory of capsules where some inputs are faulty in ways a repository
# or registry can be: unreadable files and directories, a symbolic-link
# loop, a dangling link, a FIFO, a device. Each is reported for itself, in
# one line; the good capsules are still checked; the exit status is 2; and
# nothing blocks (the FIFO has no writer). Permissions do not bind root, so
# as root the tool runs as nobody (setpriv), or those two cases are skipped.
#
# Everything, the tool included, is copied to a fresh directory under
# $TMPDIR, so that nobody can reach it wherever the checkout is.
#
#   many_file_faults.sh TOOL FIXTURE_DIR
set -euo pipefail
fixtures=$2
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$1" "$work/astrid-abi"
tool=$work/astrid-abi
mkdir -p "$work/capsules/locked" && cd "$work"
cp "$fixtures/clean-tool.wasm" capsules/a-good.wasm
cp "$fixtures/mistyped-syscall.wasm" capsules/z-mistyped.wasm
cp "$fixtures/clean-tool.wasm" capsules/unreadable.wasm && chmod 000 capsules/unreadable.wasm
cp "$fixtures/clean-tool.wasm" capsules/locked/inside.wasm && chmod 000 capsules/locked
ln -s loop.wasm capsules/loop.wasm
ln -s nowhere.wasm capsules/dangling.wasm
mkfifo capsules/fifo.wasm
ln -s /dev/zero capsules/device.wasm
ln -s .. capsules/parent-link   # a link to a directory: not followed
# A capsule under a path longer than the system allows (PATH_MAX): once
# skipped without a word, exit 0.


(cd capsules && python3 -c "
import os
os.mkdir('deep'); os.chdir('deep')
for _ in range(24):
    os.mkdir('d' * 200); os.chdir('d' * 200)
open('x.wasm', 'wb').write(b'\\0asm\\1\\0\\0\\0')
")

run=("$tool")
permissions=yes
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null; then
    run=(setpriv --reuid=65534 --regid=65534 --clear-groups "$tool")
  else
    permissions=no
  fi
fi

status=0
out=$(timeout 20 "${run[@]}" check -q capsules 2>&1) || status=$?
printf '%s\n' "$out"
chmod 755 capsules/locked

failed=0
want() {
  if ! grep -qxF -- "$1" <<<"$out"; then
    echo "MISSING: $1"
    failed=1
  fi
}
want "capsules/dangling.wasm: error: No such file or directory"
want "capsules/device.wasm: error: is a device, not a regular file"
want "capsules/fifo.wasm: error: is a FIFO, not a regular file"
want "capsules/loop.wasm: error: Too many levels of symbolic links"
grep -q "^capsules/deep/d.*: error: File name too long$" <<<"$out" || { echo "MISSING: the path longer than PATH_MAX"; failed=1; }
if [ "$permissions" = yes ]; then
  want "capsules/locked: error: cannot read the directory: Permission denied"
  want "capsules/unreadable.wasm: error: Permission denied"
else
  echo "running as root without setpriv: the permission cases are skipped"
fi
# The good capsules are checked all the same: the mis-typed one's findings.
grep -q "^capsules/z-mistyped.wasm:0x26: error: .*\[mistyped-syscall\]$" <<<"$out" || { echo "MISSING: z-mistyped.wasm's findings"; failed=1; }
grep -q "^checked .* could not be read$" <<<"$out" || { echo "MISSING: the summary line"; failed=1; }
grep -q "parent-link" <<<"$out" && { echo "the link to a directory was followed"; failed=1; }
[ "$status" -eq 2 ] || { echo "exit status $status, expected 2"; failed=1; }
exit $failed
