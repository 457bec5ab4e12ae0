// Paths as a user writes them, and the one file-type test every reader of
// files needs.
#pragma once

#include <string>

namespace astrid {

// "dir" + "name" as a user would write it: "dir/name", or "name" for ".".
std::string join_path(const std::string& dir, const std::string& name);
// True for a regular file, or a link to one.
bool is_regular_file(const std::string& path);

// The directory findings are named relative to: `given` when not empty
// (it must be a directory), else the repository root (the first directory
// up from the current one that holds .git), else the current directory.
// Absolute, with links resolved; empty when the current directory cannot
// be read.
std::string repository_root(const std::string& given = {});

// A file's name as one repository spells it, whatever the working
// directory or the spelling given ("./dist/x", "a/../dist/x",
// "/abs/repo/dist/x" and, from dist/, "x" are all "dist/x"): relative to
// `root` when inside it, else absolute; directories' links resolved, the
// file's own name kept; '/' separators. "-" (standard input) stays "-".
// Lexical when the file's directory does not exist.
std::string repository_path(const std::string& path, const std::string& root);

}  // namespace astrid
