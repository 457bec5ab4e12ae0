#!/usr/bin/env bash
# Inputs built at test time that cannot be committed: a 0-byte file, 4 GiB
# sparse files, a flood of empty custom sections. Each must give its one
# line (exit 2), or for the well-framed 4 GiB module a normal report, within
# 10 s and, unless MAX_RSS_KIB is 0 (sanitized builds), that much memory.
#
#   hostile_inputs.sh TOOL WORKDIR MAX_RSS_KIB
set -euo pipefail
tool=$1 work=$2 max_rss=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"

: >empty.wasm
truncate -s 4G zeros-4g.wasm                                 # not WebAssembly at all
printf '\0asm\1\0\0\0' >sections-4g.wasm && truncate -s 4G sections-4g.wasm  # 2^31 empty custom sections, each without the name it needs
# A well-framed 4 GiB module: a code section of 4 GiB - 14 bytes (count 0,
# then zeros that nothing decodes).
printf '\0asm\1\0\0\0\x0a\xf2\xff\xff\xff\x0f\x00' >code-4g.wasm && truncate -s 4G code-4g.wasm
python3 - <<'PY'
import io, tarfile
# 100,001 empty custom sections: one over the limit.
open("customs.wasm", "wb").write(b"\0asm\1\0\0\0" + b"\0\1\0" * 100001)

def add(tar, name, data, type=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.type, info.size, info.linkname = type, len(data), link
    tar.addfile(info, io.BytesIO(data))

module = b"\0asm\1\0\0\0"
# 257 modules in one archive: one over the limit.
with tarfile.open("modules.capsule", "w:gz") as tar:
    add(tar, "Capsule.toml", b"[package]\nname = 'many'\n")
    for i in range(257):
        add(tar, f"m{i}.wasm", module)
# Names that would escape an extraction (astrid-abi extracts nothing), a
# link where the manifest should be, and a manifest naming them.
with tarfile.open("paths.capsule", "w:gz") as tar:
    add(tar, "Capsule.toml", b"", tarfile.SYMTYPE, "/etc/passwd")
    add(tar, "../escape.wasm", module)
    add(tar, "/etc/absolute.wasm", module)
    add(tar, "dir/", b"", tarfile.DIRTYPE)

import gzip, zlib
def tar_bytes(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in members:
            add(tar, name, data)
    return buf.getvalue()
manifest = b"[package]\nname = 'x'\n"
bad_import = module[:8] + bytes([2, 7, 1, 1, ord("e"), 1, ord("f"), 0, 0])  # a type-less import
# Two members of one name: extractors keep the last, which a first-wins
# reader would never have checked.
open("twice.capsule", "wb").write(gzip.compress(tar_bytes(
    [("Capsule.toml", manifest), ("a.wasm", module), ("a.wasm", bad_import)])))
# The same member spelled two ways: one file once extracted.
open("respelled.capsule", "wb").write(gzip.compress(tar_bytes(
    [("Capsule.toml", manifest), ("sub/a.wasm", module), ("sub//./a.wasm", bad_import)])))
# A gzip trailer whose CRC-32 does not match the data.
crc = bytearray(gzip.compress(tar_bytes([("Capsule.toml", manifest), ("a.wasm", module)])))
crc[-8] ^= 0xff
open("crc.capsule", "wb").write(bytes(crc))
# Bytes after the end of the gzip stream.
open("trailing.capsule", "wb").write(gzip.compress(tar_bytes([("Capsule.toml", manifest)])) + b"junk")
# A good tar, then 1.5 GiB of zeros in the same gzip stream (1.5 MB on
# disk): past the decompression budget, refused within it.
z = zlib.compressobj(9, zlib.DEFLATED, 31)
parts = [z.compress(tar_bytes([("Capsule.toml", manifest), ("a.wasm", module)]))]
for _ in range(1536):
    parts.append(z.compress(bytes(1 << 20)))
open("padded-bomb.capsule", "wb").write(b"".join(parts) + z.flush())
# The interface caps reached: 100,000 imports with names filling a 64 MiB
# import section.
def leb(v):
    out = bytearray()
    while True:
        b, v = v & 0x7f, v >> 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)
def section(i, content):
    return bytes([i]) + leb(len(content)) + content
imports = bytearray(leb(100000))
for i in range(100000):
    imports += leb(330) + b"n" * 330 + leb(330) + b"n" * 324 + b"%06d" % i + b"\x00\x00"
open("interface-cap.wasm", "wb").write(module + section(1, b"\x01\x60\x00\x00") + section(2, bytes(imports)))
# 100 core modules of 100,000 imports each in one component (50 MB): each
# within one module's bounds, together ten times over (once 1.1 GB).
core = module + section(2, leb(100000) + b"\x00\x00\x03\x7f\x00" * 100000)
open("core-modules.wasm", "wb").write(b"\0asm\x0d\0\1\0" + section(1, core) * 100)
# 1,000,000 function imports named as a capsule names them (wasmparser's
# MAX_WASM_IMPORTS, which wasmtime loads), and one more.
def many_imports(n):
    body = b"".join(b"\x03env\x08f%07d\x00\x00" % i for i in range(n))
    return module + section(1, b"\x01\x60\x00\x00") + section(2, leb(n) + body)
open("imports-1m.wasm", "wb").write(many_imports(1000000))
open("imports-1m1.wasm", "wb").write(many_imports(1000001))
# A member declaring 4 GiB: refused at its header, nothing inflated.
huge = tarfile.TarInfo("assets/huge")
huge.size = 4 << 30
header = huge.tobuf()
open("declared-huge.capsule", "wb").write(gzip.compress(tar_bytes([("Capsule.toml", manifest)])[:512 * 2] + header))
PY

failed=0
time_limit=$(( max_rss > 0 ? 10 : 90 ))
expect() {  # expect FILE STATUS LINE [MAX_RSS_KIB]
  local max_rss=${4:-$max_rss}
  local out status=0 rss
  # Sanitized builds (no memory bound) run several times slower: a
  # million imports take 15 s under ASan, a fraction of a second without.
  out=$(/usr/bin/time -f '%M' -o rss.txt timeout "$time_limit" "$tool" check -q "$1" 2>&1) || status=$?
  rss=$(tail -n 1 rss.txt)
  local first
  first=${out%%$'\n'*}  # no pipe: head would end it early, and pipefail with it
  # The first line, or its start where a name makes it long.
  if [ "$status" -ne "$2" ] || [[ $first != "$3"* ]]; then
    printf 'FAIL %s: exit %s, printed:\n%s\nexpected exit %s and: %s\n' "$1" "$status" "${out:0:2000}" "$2" "$3"
    failed=1
  elif [ "$max_rss" -gt 0 ] && [ "$rss" -gt "$max_rss" ]; then
    printf 'FAIL %s: peak memory %s KiB, over %s KiB\n' "$1" "$rss" "$max_rss"
    failed=1
  else
    printf 'ok   %-16s exit %s, %6s KiB: %s\n' "$1" "$status" "$rss" "${first:0:200}"
  fi
}

expect empty.wasm 2 "empty.wasm: error: empty file, not a WebAssembly module"
expect zeros-4g.wasm 2 "zeros-4g.wasm:0x0: error: not a WebAssembly module: it does not start with the bytes 00 61 73 6d"
expect sections-4g.wasm 2 "sections-4g.wasm:0xa: error: malformed module: unexpected end: the custom section ends inside the custom section's name"
expect customs.wasm 2 "customs.wasm:0x493e8: error: more than 100000 custom sections"
expect code-4g.wasm 0 "code-4g.wasm: note: the capsule exports no entry point that kernel v0.2.0 calls (run, astrid_tool_call, astrid_hook_trigger, astrid_install, astrid_upgrade) [no-entry-point]"
expect modules.capsule 2 "modules.capsule: error: the archive holds more than 256 modules"
expect paths.capsule 2 "paths.capsule: error: the archive has no Capsule.toml at its top level"
expect twice.capsule 2 "twice.capsule: error: the archive holds 'a.wasm' twice, which makes it ambiguous: extractors keep the last one"
expect respelled.capsule 2 "respelled.capsule: error: the archive holds 'sub/a.wasm' twice, which makes it ambiguous: extractors keep the last one"
expect crc.capsule 2 "crc.capsule: error: not a readable .capsule archive (opening): corrupt gzip data: incorrect data check"
expect trailing.capsule 2 "trailing.capsule: error: not a readable .capsule archive: bytes after the end of the gzip stream"
expect padded-bomb.capsule 2 "padded-bomb.capsule: error: not a readable .capsule archive: more than 1024 MiB when decompressed, the most astrid-abi reads of an archive"
# At the caps, memory stays within 2.5 times the interface sections' size.
expect interface-cap.wasm 1 "interface-cap.wasm:0x16: error: import 'nnnnnnnnnnnnnnnnnnnn" $(( max_rss > 0 ? 160 * 1024 : 0 ))
# A component's core modules are bounded together: refused once they hold
# as many imports as one module may.
expect core-modules.wasm 2 "core-modules.wasm:0x4c4c16: error: core module at 0x4c4c0a: the component's core modules hold more than 1000000 imports together, the most astrid-abi reads of one component" $(( max_rss > 0 ? 160 * 1024 : 0 ))
# wasmparser's limit: checked at it (133 MB, see the README), refused past
# it at the count.
expect imports-1m.wasm 1 "imports-1m.wasm:0x16: error: import 'f0000000' from 'env', a module the Astrid kernel does not provide [unknown-import-module]" $(( max_rss > 0 ? 160 * 1024 : 0 ))
expect imports-1m1.wasm 2 "imports-1m1.wasm:0x13: error: more than 1000000 imports, the most engines accept"
expect declared-huge.capsule 2 "declared-huge.capsule: error: the archive's members take more than 1024 MiB (at 'assets/huge')"
# Checks with options of their own, each printing what it must.
expect_run() {  # expected status, expected text somewhere in the output, then the arguments
  local want_status=$1 want=$2 out status=0
  shift 2
  out=$(timeout 20 "$tool" "$@" 2>&1) || status=$?
  if [ "$status" -ne "$want_status" ] || [[ $out != *"$want"* ]]; then
    printf 'FAIL %s: exit %s, printed:\n%s\nexpected exit %s and: %s\n' "$*" "$status" "${out:0:2000}" \
      "$want_status" "$want"
    failed=1
  else
    printf 'ok   %s\n' "$*"
  fi
}
# More jobs than the system gives threads, or than there are inputs: the
# run uses what it gets (once, a thread that could not be made aborted it).
mkdir -p many && for i in $(seq 300); do printf '\0asm\1\0\0\0' >"many/m$i.wasm"; done
expect_run 0 "checked 300 files: 0 errors, 0 warnings, 300 notes" check -q -j 100000 many
# A manifest of more [[component]] entries than a capsule may have.
mkdir -p components && printf '\0asm\1\0\0\0' >components/a.wasm
for i in $(seq 257); do printf '[[component]]\nfile = "a.wasm"\nid = "c%s"\n' "$i"; done >components/Capsule.toml
expect_run 2 "more than 256 [[component]] entries" check -q components
# A megabyte manifest of 40,000 misspelt keys and placeholders: at most 100
# findings of a rule are listed, the rest counted in one line.
mkdir -p keys && printf '\0asm\1\0\0\0' >keys/a.wasm
{ printf '[[component]]\nfile = "a.wasm"\n[capabilities]\nnet = [%s"<h>"]\n' "$(printf '"<h>", %.0s' $(seq 2000))"
  for i in $(seq 40000); do printf 'fs_wirte%s = []\n' "$i"; done; } >keys/Capsule.toml
expect_run 1 "39900 more ignored-manifest-key findings, not listed" check keys
expect_run 1 "1901 more unfilled-placeholder findings, not listed" check keys
[ "$("$tool" check keys | wc -l)" -lt 500 ] || { echo "FAIL check keys: too many lines"; failed=1; }
# --validate's size limit, said in bytes: a 16.4 MiB module (one custom
# section of zeros, sparse).
printf '\0asm\1\0\0\0\0\xd9\xcc\x99\x08\0' >big.wasm && truncate -s 17196646 big.wasm
expect_run 2 "big.wasm: error: --validate: 17196646 bytes, more than the 16 MiB astrid-abi validates" \
  check -q --validate big.wasm
# --wit reads at most 16 MiB of WIT, a file reached twice counted twice:
# 511 hard links to one 4 MiB file (4 MiB on disk) once took 2 GB.
mkdir -p wit && printf 'package t:big;\n' >wit/a.wit && truncate -s 4M wit/a.wit
for i in $(seq 2 511); do ln -f wit/a.wit "wit/l$i.wit"; done
out=$(/usr/bin/time -f '%M' -o rss.txt timeout 10 "$tool" check --wit wit empty.wasm 2>&1) && status=0 || status=$?
rss=$(tail -n 1 rss.txt)
if [ "$status" -ne 2 ] || [[ $out != "astrid-abi: error: --wit: wit/l102.wit: the WIT files read take more than 16 MiB together"* ]]; then
  printf 'FAIL --wit of hard links: exit %s, printed:\n%s\n' "$status" "${out:0:2000}"
  failed=1
elif [ "$max_rss" -gt 0 ] && [ "$rss" -gt $((48 * 1024)) ]; then
  printf 'FAIL --wit of hard links: peak memory %s KiB, over %s KiB\n' "$rss" $((48 * 1024))
  failed=1
else
  printf 'ok   --wit of hard links: exit 2, %s KiB\n' "$rss"
fi
# Out of memory is said as such, whatever the command, never as an
# internal error (the sanitizers reserve more address space than any limit
# leaves).
if [ "$max_rss" -gt 0 ]; then
  for args in "caps core-modules.wasm" "diff core-modules.wasm core-modules.wasm" "check core-modules.wasm"; do
    # shellcheck disable=SC2086
    out=$(ulimit -v 80000; "$tool" $args 2>&1) && status=0 || status=$?
    if [ "$status" -ne 2 ] || [[ $out != *"out of memory"* ]] || [[ $out == *"internal error"* ]]; then
      printf 'FAIL %s under ulimit -v: exit %s, printed:\n%s\n' "$args" "$status" "${out:0:2000}"
      failed=1
    else
      printf 'ok   %s under ulimit -v: %s\n' "$args" "${out%%$'\n'*}"
    fi
  done
fi
exit $failed
