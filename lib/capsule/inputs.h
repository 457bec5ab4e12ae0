// What the command line names, made into a list of inputs to check: files,
// standard input, and directories walked for capsules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/input_error.h"
#include "support/paths.h"

namespace astrid {

struct InputSpec {
  enum class Kind {
    File,              // a module or a .capsule archive (told apart by content)
    Stdin,             // "-": the same, read from standard input
    CapsuleDirectory,  // a directory holding a Capsule.toml
  };
  std::string path;  // as shown in reports
  Kind kind = Kind::File;
  std::optional<InputError> error;  // the walk could not read this directory
};

// Expands the arguments, in order. A directory becomes the capsules under
// it, in name order: a directory with a Capsule.toml is one capsule (and is
// not walked further), elsewhere every *.wasm and *.capsule file. Symbolic
// links to files are followed, links to directories are not (no loops). A
// directory that cannot be read becomes an input carrying the error.
std::vector<InputSpec> expand_inputs(const std::vector<std::string>& args);

inline constexpr const char* kStdinName = "<stdin>";


}  // namespace astrid
