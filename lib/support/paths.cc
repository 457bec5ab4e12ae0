#include "support/paths.h"

#include <sys/stat.h>

#include <filesystem>

namespace astrid {

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir == ".") return std::filesystem::path(name).lexically_normal().string();
  return (std::filesystem::path(dir) / name).lexically_normal().string();
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string repository_root(const std::string& given) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!given.empty()) return fs::weakly_canonical(fs::absolute(given, ec), ec).string();
  const fs::path cwd = fs::weakly_canonical(fs::current_path(ec), ec);
  if (ec) return {};
  for (fs::path at = cwd;; at = at.parent_path()) {
    if (fs::exists(at / ".git", ec)) return at.string();
    if (!at.has_relative_path()) return cwd.string();
  }
}

std::string repository_path(const std::string& path, const std::string& root) {
  namespace fs = std::filesystem;
  if (path.empty() || path == "-") return path;
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec).lexically_normal();
  if (ec) return fs::path(path).lexically_normal().generic_string();
  // The directory's links resolved, so that a path through a linked
  // folder names the same file; the file's own name kept (a link to a
  // capsule is a file of the repository in its own right).
  if (abs.has_filename() && abs.has_parent_path()) {
    const fs::path dir = fs::weakly_canonical(abs.parent_path(), ec);
    if (!ec) abs = dir / abs.filename();
  }
  if (root.empty()) return abs.generic_string();
  const fs::path rel = abs.lexically_relative(root);
  if (!rel.empty() && rel.is_relative() && *rel.begin() != "..") return rel.generic_string();
  return abs.generic_string();
}

}  // namespace astrid
