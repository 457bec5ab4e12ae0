#include "capsule/inputs.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace astrid {
namespace {

namespace fs = std::filesystem;

// Deeper than any real repository; a bound even if a mount loops.
constexpr int kMaxDepth = 64;

bool is_directory(const std::string& path, bool follow) {
  struct stat st {};
  return (follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) == 0 && S_ISDIR(st.st_mode);
}

void walk(const std::string& dir, int depth, std::vector<InputSpec>& out) {
  if (is_regular_file(join_path(dir, "Capsule.toml"))) {
    out.push_back({dir, InputSpec::Kind::CapsuleDirectory, std::nullopt});
    return;
  }
  if (depth > kMaxDepth) {
    out.push_back({dir, InputSpec::Kind::File, InputError{std::nullopt, "directory nesting deeper than 64 levels"}});
    return;
  }
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string());
  if (ec) {
    out.push_back({dir, InputSpec::Kind::File, InputError{std::nullopt, "cannot read the directory: " + ec.message()}});
    return;
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string path = join_path(dir, name);
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      // Gone since the listing is nothing to report; anything else (a path
      // longer than the system allows, say) is, or a capsule under it
      // would be skipped without a word.
      if (errno != ENOENT)
        out.push_back({path, InputSpec::Kind::File, InputError{std::nullopt, std::strerror(errno)}});
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      walk(path, depth + 1, out);
    } else if (name.ends_with(".wasm") || name.ends_with(".capsule")) {
      // Whatever it is (a FIFO, a dangling link), opening it tells.
      out.push_back({path, InputSpec::Kind::File, std::nullopt});
    }
  }
}

}  // namespace

std::vector<InputSpec> expand_inputs(const std::vector<std::string>& args) {
  std::vector<InputSpec> out;
  for (const std::string& arg : args) {
    if (arg == "-")
      out.push_back({kStdinName, InputSpec::Kind::Stdin, std::nullopt});
    else if (is_directory(arg, /*follow=*/true)) {
      const size_t before = out.size();
      walk(arg, 0, out);
      if (out.size() == before)
        out.push_back({arg, InputSpec::Kind::File, InputError{std::nullopt, "no .wasm or .capsule file under it"}});
    }
    else
      out.push_back({arg, InputSpec::Kind::File, std::nullopt});
  }
  return out;
}

}  // namespace astrid
