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

// Directories a walk never enters: version control and package managers'
// stores, which hold other people's modules, not the repository's capsules.
inline constexpr const char* kSkippedDirectories[] = {".git", ".hg", ".svn", ".jj", "node_modules"};

// Expands the arguments, in order. A directory becomes the capsules under
// it, in name order: a directory with a Capsule.toml is one capsule (and is
// not walked further), elsewhere every *.wasm and *.capsule file. Symbolic
// links to files are followed, links to directories are not (no loops). A
// directory that cannot be read becomes an input carrying the error; one
// that yields nothing, an input that says so. The walk skips
// kSkippedDirectories and whatever an `excludes` glob matches (fnmatch,
// `*` crossing '/'), tried on the entry's name and on its path below the
// directory given. Arguments themselves are never excluded.
std::vector<InputSpec> expand_inputs(const std::vector<std::string>& args,
                                     const std::vector<std::string>& excludes = {});

inline constexpr const char* kStdinName = "<stdin>";


}  // namespace astrid
