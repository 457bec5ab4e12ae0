// Reading a capsule: classify the preamble, walk the section headers, and
// decode only the interface sections with wabt's binary reader.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "byte_source.h"
#include "input_error.h"
#include "module.h"

namespace astrid {

// The most bytes of interface sections astrid-abi will hold for one module.
// Real capsules need a few kilobytes; the cap keeps hostile input bounded.
inline constexpr uint64_t kMaxInterfaceBytes = 64ull << 20;

std::variant<Module, InputError> read_module(ByteSource& source);

// --validate: the whole module through wabt's reader and validator (wabt's
// default features, as wasm-validate), function bodies included. Returns
// the first problem, or nullopt for a valid module. wabt holds the decoded
// code, about 85 bytes per instruction, so modules over kMaxValidateBytes
// are not validated: that is an InputError (the check could not be done).
inline constexpr uint64_t kMaxValidateBytes = 16ull << 20;
struct ValidationProblem {
  std::optional<uint64_t> offset;
  std::string message;
};
std::variant<std::optional<ValidationProblem>, InputError> validate_module(ByteSource& source);

// Opens and reads a file; errors carry no file name (the caller adds it).
std::variant<Module, InputError> read_module_file(const std::string& path);

}  // namespace astrid
