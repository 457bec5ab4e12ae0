#!/usr/bin/env python3
"""The archives' signatures, checked by another implementation.

For each .capsule given, computes the content digest of reference section 8
with Debian's b3sum (each file's BLAKE3, then the BLAKE3 of the digest's
framing) and verifies the Ed25519 signature with the Python cryptography
package, then compares with what `astrid-abi check --format json` says of
the archive: its content digest and its provenance status.

usage: provenance_check.py ASTRID_ABI B3SUM ARCHIVE...
Exit 77 (skipped) when b3sum or the cryptography package is missing.
"""
import base64
import json
import os
import subprocess
import sys
import tarfile

SKIP = 77


def b3(data):
    out = subprocess.run([B3SUM, "--no-names", "-"], input=data, capture_output=True, check=True)
    return bytes.fromhex(out.stdout.decode().strip())


def canonical(name):
    return "/".join(p for p in name.split("/") if p not in ("", "."))


def expected(path):
    """(content digest, provenance status) as the installer would find them."""
    files, provenance = {}, None
    with tarfile.open(path, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isdir():
                continue
            if not member.isreg():
                return None, "refused"
            name = canonical(member.name)
            data = tar.extractfile(member).read()
            if name == "Capsule.provenance.json":
                provenance = data
            else:
                files[name] = data
    framing = b"astrid:capsule-content:v1\0"
    for name in sorted(files, key=lambda n: n.encode()):
        encoded = name.encode()
        framing += len(encoded).to_bytes(8, "little") + encoded
        framing += len(files[name]).to_bytes(8, "little") + b3(files[name])
    digest = b3(framing).hex()
    if provenance is None:
        return digest, "unsigned"
    doc = json.loads(provenance)
    if doc["content_digest"] != digest:
        return digest, "digest mismatch"
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(doc["signer"]))
    try:
        key.verify(base64.b64decode(doc["signature"]), b"astrid:capsule-provenance:v1\0" + digest.encode())
    except InvalidSignature:
        return digest, "bad signature"
    return digest, "verified"


def main(argv):
    global B3SUM
    tool, B3SUM, archives = argv[1], argv[2], argv[3:]
    if not B3SUM or not os.path.exists(B3SUM):
        print("skipped: b3sum is not installed (Debian package b3sum)")
        return SKIP
    failures = 0
    for path in archives:
        digest, status = expected(path)
        run = subprocess.run([tool, "check", "--no-config", "--abi", "main", "--format", "json", path],
                             capture_output=True, text=True)
        archive = json.loads(run.stdout)["archive"]
        got_status = "refused" if archive["refused"] else archive["provenance"]["status"]
        problems = []
        if got_status != status:
            problems.append(f"status {got_status!r}, expected {status!r}")
        if digest and archive["content_digest"] != digest:
            problems.append(f"content digest {archive['content_digest']}, expected {digest}")
        print(f"{os.path.basename(path)}: {status}" + (": " + "; ".join(problems) if problems else ""))
        failures += bool(problems)
    if not archives:
        print("no archive given")
        return 1
    return 1 if failures else 0


try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:
    print("skipped: the Python cryptography package is not installed (Debian package python3-cryptography)")
    sys.exit(SKIP)

if __name__ == "__main__":
    sys.exit(main(sys.argv))
