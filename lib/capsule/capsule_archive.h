// .capsule files: a gzip-compressed tar holding Capsule.toml and the .wasm
// modules it names (reference section 7).
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "capsule/provenance.h"
#include "support/expected.h"
#include "support/input_error.h"
#include "wasm/byte_source.h"

namespace astrid {

struct ArchiveModule {
  std::string name;  // the path inside the archive, without a leading "./"
  Expected<FileSource> source;
};

// What the installer of kernel main checks of the archive as a whole
// (reference section 8): the entries it refuses to extract, and the
// signature of the content.
struct ArchiveIntegrity {
  bool is_signed = false;  // it holds Capsule.provenance.json at its root
  // The signature checked against the content; nullopt when unsigned, or
  // when `refused` (the installer stops before it verifies).
  std::optional<ProvenanceResult> provenance;
  // The first entry the installer refuses to extract, signed or not: a
  // symbolic or hard link, an absolute path, a ".." component.
  std::optional<std::string> refused;
  std::string content_digest;  // hex, over every regular file (section 8)
};

struct CapsuleArchive {
  std::optional<std::string> manifest;  // the text of the top-level Capsule.toml
  std::vector<ArchiveModule> modules;   // every *.wasm, in archive order
  ArchiveIntegrity integrity;
};

// Limits that keep a hostile archive (a gzip bomb, a million entries)
// bounded. Modules are spooled to anonymous temporary files, not memory.
// Everything decompressed from one archive, members skipped unread
// included: the budget that keeps a gzip bomb from costing minutes.
inline constexpr uint64_t kMaxArchiveBytes = 1ull << 30;
inline constexpr size_t kMaxArchiveEntries = 10000;
// Each module is an open temporary file until checked; a bound on them
// keeps one archive from exhausting the descriptors other inputs need.
inline constexpr size_t kMaxArchiveModules = 256;

// True when the bytes start like a gzip stream.
bool looks_like_gzip(ByteSource& source);

// Reads the archive in the file open at fd (not taken over). Every regular
// member is hashed as it streams past, for the content digest; only
// Capsule.toml, Capsule.provenance.json and the *.wasm modules are kept.
Expected<CapsuleArchive> read_capsule_archive(int fd);

}  // namespace astrid
