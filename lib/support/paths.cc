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

}  // namespace astrid
