// Capsule.provenance.json: the signature `astrid build` adds to a .capsule
// archive (reference section 8), verified as the kernel's installer
// verifies it (astrid-build's artifact.rs at main: serde_json, the base64
// crate's standard engine, ed25519-dalek).
//
// The archive reader feeds the digest as the archive streams past: every
// entry's path first (ProvenanceDigest::enter, which refuses what the
// kernel refuses), then each regular file's size and BLAKE3, hashed while
// it is read; no member is held in memory. At the end, verify_provenance
// checks the provenance file's text against the digest.
//
// Where section 8 is silent, the kernel's code decides:
// - paths: "." and empty components are dropped (so "./a//b/" is "a/b");
//   an absolute path, a ".." component, an empty path or one that is not
//   UTF-8 is refused; so is a path that an earlier entry had, directories
//   and the provenance file included. Sorted by their UTF-8 bytes.
// - the provenance file is the regular file whose path is exactly
//   "Capsule.provenance.json" at the root; one elsewhere is content.
// - JSON: the five keys are required, each once and of its type
//   (schema_version an unsigned 32-bit integer, the others strings); other
//   keys are ignored, whatever their value (serde's default); nothing may
//   follow the object but whitespace; a byte order mark is refused.
// - signer and signature: standard base64 with its "=" padding required and
//   unused bits zero (the crate's STANDARD engine decodes nothing else),
//   no whitespace; 32 and 64 bytes.
// - content_digest: 64 lowercase hex digits, as the kernel writes it (it
//   compares the text, so no other spelling could ever match).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "capsule/blake3.h"

namespace astrid {

inline constexpr std::string_view kProvenanceFile = "Capsule.provenance.json";
// Larger is refused before reading (the kernel checks the header's size).
inline constexpr uint64_t kMaxProvenanceBytes = 64 * 1024;

// Why the kernel refuses an archive entry's path (and so the archive).
struct PathRefusal {
  std::string message;
  // An absolute path or a ".." component: refused when the installer
  // extracts the archive, signed or not. The other refusals are the
  // digest's, so they matter only to a signed archive.
  bool escapes = false;
};

// An archive path as the kernel names it, or why it is refused.
std::variant<std::string, PathRefusal> canonical_capsule_path(std::string_view raw);

// The content digest of section 8, fed one archive entry at a time.
class ProvenanceDigest {
 public:
  // Every entry of the archive, in archive order and before its content:
  // its canonical path, or why the kernel refuses the archive. Entries
  // other than directories and regular files are refused too, by the
  // caller, which knows what kind they are.
  std::variant<std::string, PathRefusal> enter(std::string_view raw_path);
  // An entry the digest cannot take, for a reason only the caller sees (a
  // device, a FIFO): the content then has no digest, as with a path
  // enter() refuses, and verify_provenance fails as BadContent.
  void refuse(std::string why);
  // The first entry enter() or refuse() turned down: the content has no
  // digest then.
  const std::optional<std::string>& refused() const { return refused_; }

  // A regular file, under the path enter() gave, once its content is
  // hashed. The provenance file is left out of the digest, even if given.
  void add_file(std::string path, uint64_t size, const Blake3Hash& content);

  // BLAKE3 of "astrid:capsule-content:v1\0", then per file, sorted by
  // path: the path's length (u64 LE), the path, the size (u64 LE), the
  // content's BLAKE3.
  Blake3Hash digest() const;
  std::string hex() const { return to_hex(digest()); }

 private:
  struct File {
    std::string path;
    uint64_t size;
    Blake3Hash content;
  };
  std::set<std::string, std::less<>> seen_;
  std::vector<File> files_;
  std::optional<std::string> refused_;  // the first entry the digest could not take
};

struct ProvenanceResult {
  enum class Status {
    Verified,        // signed by `signer`, and the content is what was signed
    Malformed,       // not the JSON the kernel reads (message says what)
    Unsupported,     // another schema_version or algorithm
    DigestMismatch,  // the archive's content was changed after signing
    BadSignature,    // the signature is not the signer's over that digest
    BadContent,      // an entry the digest refuses: a duplicate, a non-UTF-8 path, a device
  };
  Status status = Status::Malformed;
  std::string message;         // the failure, precisely; empty when verified
  std::string signer;          // base64 Ed25519 public key, when verified
  std::string content_digest;  // the archive's, in hex: always
};

std::string_view to_string(ProvenanceResult::Status status);

// Checks the text of Capsule.provenance.json against the archive's content.
ProvenanceResult verify_provenance(std::string_view json_text, const ProvenanceDigest& content);

// The Capsule.provenance.json `astrid build` would write for this content
// with this key (libsodium's 64-byte Ed25519 secret key: seed, then public
// key), laid out as serde_json's to_vec_pretty lays it out. For tests and
// signed fixtures.
std::string sign_provenance(const ProvenanceDigest& content, std::span<const uint8_t, 64> secret_key);

// Standard base64 with padding, as the signer and signature are written.
std::string to_base64(std::span<const uint8_t> bytes);

}  // namespace astrid
