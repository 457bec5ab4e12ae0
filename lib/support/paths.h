// Paths as a user writes them, and the one file-type test every reader of
// files needs.
#pragma once

#include <string>

namespace astrid {

// "dir" + "name" as a user would write it: "dir/name", or "name" for ".".
std::string join_path(const std::string& dir, const std::string& name);
// True for a regular file, or a link to one.
bool is_regular_file(const std::string& path);

}  // namespace astrid
