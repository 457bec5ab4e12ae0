// --validate: the kernel's verdict on the whole module, function bodies
// included, from wabt's reader and validator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "byte_source.h"
#include "input_error.h"

namespace astrid {

// wabt holds the decoded code, about 85 bytes per instruction: modules over
// this size are not validated (an InputError: the check cannot be done).
inline constexpr uint64_t kMaxValidateBytes = 16ull << 20;

struct ValidationProblem {
  std::optional<uint64_t> offset;
  std::string message;
};

// Runs wabt's reader and validator (wabt's default features, as
// wasm-validate) over the whole module. Returns the first problem, or
// nullopt for a valid module.
//
// wabt's IR reader asserts on some malformed input (a constant expression
// with an `if`, for one, which aborts wasm-validate too), so it runs in a
// child process, with its memory and time bounded: an abort or a limit
// there is an InputError saying so, and this process goes on.
std::variant<std::optional<ValidationProblem>, InputError> validate_module(ByteSource& source);

}  // namespace astrid
