// Opening one input as a capsule: the modules to check and the manifest
// that covers them, whether the input is a module, a directory with a
// Capsule.toml, a .capsule archive, or standard input.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "byte_source.h"
#include "input_error.h"
#include "inputs.h"
#include "manifest.h"

namespace astrid {

struct CapsuleModuleSource {
  std::string name;     // as the manifest names it (a component's file), else the file name
  std::string display;  // as reports show it: "dir/tools.wasm", "app.capsule(tools.wasm)"
  std::variant<FileSource, InputError> source;
  bool missing = false;  // a [[component]] file that is not there
};

struct Capsule {
  std::optional<Manifest> manifest;
  std::string manifest_display;
  std::vector<CapsuleModuleSource> modules;
};

// An input that could not be opened as a capsule: what is at fault (the
// input, or its manifest) and why.
struct InputFailure {
  std::string path;
  InputError error;
};

// The largest input read from a pipe (spooled to a temporary file).
inline constexpr uint64_t kMaxStreamBytes = 4ull << 30;

// Opens an input. `manifest` is --manifest: for a module input, the
// manifest to use instead of a Capsule.toml beside it.
std::variant<Capsule, InputFailure> open_capsule(const InputSpec& input, const std::optional<std::string>& manifest);

}  // namespace astrid
