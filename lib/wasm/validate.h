// --validate: the kernel's verdict on the whole module, function bodies
// included, from wabt's reader and validator.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "support/expected.h"
#include "wasm/byte_source.h"
#include "support/input_error.h"

namespace astrid {

// wabt holds the decoded code, about 85 bytes per instruction: modules over
// this size are not validated (an InputError: the check cannot be done).
inline constexpr uint64_t kMaxValidateBytes = 16ull << 20;

// The time one module may take, and the time all the modules of one input
// (an archive holds up to 256) may take together.
inline constexpr std::chrono::seconds kValidateModuleTime{30};
inline constexpr std::chrono::seconds kValidateInputTime{60};

// The WebAssembly proposals --validate accepts: every one wabt 1.0.32
// knows (the reader decodes them all too), as `wasm-validate
// --enable-all` does. The README and the man page list them.
inline constexpr const char* kValidateFeatures =
    "exceptions, mutable globals, saturating float-to-int, sign extension, SIMD, threads (shared memory and "
    "atomics), function references, multi-value, tail calls, bulk memory, reference types, annotations, code "
    "metadata, GC, memory64, multi-memory, extended constant expressions and relaxed SIMD";

struct ValidationProblem {
  std::optional<uint64_t> offset;
  std::string message;
  // wabt could not even read the module (as opposed to reading it and
  // finding it invalid): malformed code, or an encoding it does not know.
  bool unreadable = false;
};

// wabt's reader messages in plain words: "unable to read u32 leb128: data
// size" says the module ends or goes wrong in the data size.
std::string explain_wabt_message(std::string_view message);

// For wabt's "unexpected opcode: 0x1f" about an instruction of a proposal
// newer than wabt 1.0.32 (exception handling's try_table and throw_ref,
// wide arithmetic, stack switching): that proposal, so that the module is
// said to be beyond this build's validator rather than invalid.
std::optional<std::string_view> newer_proposal_of(std::string_view message);

using Deadline = std::chrono::steady_clock::time_point;

// Runs wabt's reader and validator over the whole module. Returns the
// first problem, or nullopt for a valid module.
//
// wabt's IR reader asserts on some malformed input (a constant expression
// with an `if`, for one, which aborts wasm-validate too), so it runs in a
// child process with its memory and time bounded. The child reports its
// verdict on a pipe of its own, length-framed, so that nothing wabt prints
// (its messages quote the module's names) can pass for a verdict; the
// parent kills it at `deadline` (or after kValidateModuleTime, whichever
// comes first). An abort, a limit or a missing verdict is an InputError
// saying so, and this process goes on.
Expected<std::optional<ValidationProblem>> validate_module(ByteSource& source, Deadline deadline);

}  // namespace astrid
