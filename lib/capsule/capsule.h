// Opening one input as a capsule: the modules to check and the manifest
// that covers them, whether the input is a module, a directory with a
// Capsule.toml, a .capsule archive, or standard input.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "support/expected.h"
#include "wasm/byte_source.h"
#include "support/input_error.h"
#include "capsule/capsule_archive.h"
#include "capsule/inputs.h"
#include "capsule/manifest.h"

namespace astrid {

// An input that could not be opened as a capsule, or a manifest that could
// not be read: what is at fault and why.
struct InputFailure {
  std::string path;
  InputError error;
};

struct CapsuleModuleSource {
  std::string name;     // as the manifest names it (a component's file), else the file name
  std::string display;  // as reports show it: "dir/tools.wasm", "app.capsule(tools.wasm)"
  std::string member;   // the member's name inside an archive; empty for a file
  // Where its bytes are: a file opened only when it is checked (so that a
  // capsule of many components holds one descriptor at a time), a copy
  // spooled from an archive or a pipe, or why there are none.
  std::variant<std::string, FileSource, InputError> source;
  bool missing = false;  // a [[component]] file that is not there
};

// The module's bytes, opening its file now if it has one. The source is
// spent: call once.
Expected<FileSource> open_module_source(CapsuleModuleSource& module);

struct Capsule {
  std::optional<Manifest> manifest;
  std::string manifest_display;
  // A manifest that could not be read (invalid TOML, a field of the wrong
  // type): the modules are still checked, without it, and the input fails.
  std::optional<InputFailure> manifest_error;
  std::vector<CapsuleModuleSource> modules;
  // Why no manifest applies, when none does and none failed to read: "no
  // Capsule.toml beside it", ... (reports say it, for a silent absence
  // looks like a clean capsule).
  std::string no_manifest;
  // For a .capsule archive: what its installer checks of it as a whole.
  std::optional<ArchiveIntegrity> archive;
};

// The largest input read from a pipe (spooled to a temporary file).
inline constexpr uint64_t kMaxStreamBytes = 4ull << 30;
// The most modules one capsule may have, whatever holds them: real ones
// have one or a few, and each costs a descriptor or a temporary file.
inline constexpr size_t kMaxCapsuleModules = 256;

// Opens an input. `manifest` is --manifest: for a module input, the
// manifest to use instead of a Capsule.toml beside it. An InputFailure
// means no module could even be found (an unreadable archive, say); a
// module that cannot be read is a module whose source is an InputError.
std::variant<Capsule, InputFailure> open_capsule(const InputSpec& input, const std::optional<std::string>& manifest);

// How reports name a member of an archive: "app.capsule(x.wasm)".
std::string in_archive(const std::string& archive, std::string_view member);
// The member of `archive` that `path` names that way, or empty when `path`
// is not inside it (a file of its own). Given the archive, because either
// name may hold parentheses.
std::string archive_member(const std::string& archive, const std::string& path);

// Why a [[component]] file may not be read from `dir`: an absolute path, a
// path or a link that leads out of the capsule's directory; nullopt when
// it stays inside.
std::optional<std::string> outside_capsule(const std::string& dir, const std::string& file);

}  // namespace astrid
