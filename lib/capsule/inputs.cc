#include "capsule/inputs.h"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace astrid {
namespace {

namespace fs = std::filesystem;

// Deeper than any real repository; a bound even if a mount loops.
constexpr int kMaxDepth = 64;

bool is_directory(const std::string& path, bool follow) {
  struct stat st {};
  return (follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) == 0 && S_ISDIR(st.st_mode);
}

struct Walk {
  const std::vector<std::string>& excludes;
  std::vector<InputSpec>& out;
  size_t skipped = 0;  // entries left out by the rules above
};

bool excluded(const Walk& w, const std::string& name, const std::string& below, bool directory) {
  if (directory)
    for (const char* skip : kSkippedDirectories)
      if (name == skip) return true;
  for (const std::string& glob : w.excludes)
    if (::fnmatch(glob.c_str(), name.c_str(), 0) == 0 || ::fnmatch(glob.c_str(), below.c_str(), 0) == 0) return true;
  return false;
}

void walk(const std::string& dir, const std::string& below, int depth, Walk& w) {
  std::vector<InputSpec>& out = w.out;
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
    const std::string relative = below.empty() ? name : below + "/" + name;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      // Gone since the listing is nothing to report; anything else (a path
      // longer than the system allows, say) is, or a capsule under it
      // would be skipped without a word.
      if (errno != ENOENT)
        out.push_back({path, InputSpec::Kind::File, InputError{std::nullopt, std::strerror(errno)}});
      continue;
    }
    if (excluded(w, name, relative, S_ISDIR(st.st_mode))) {
      ++w.skipped;
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      walk(path, relative, depth + 1, w);
    } else if (name.ends_with(".wasm") || name.ends_with(".capsule")) {
      // Whatever it is (a FIFO, a dangling link), opening it tells.
      out.push_back({path, InputSpec::Kind::File, std::nullopt});
    }
  }
}

}  // namespace

std::vector<InputSpec> expand_inputs(const std::vector<std::string>& args, const std::vector<std::string>& excludes) {
  std::vector<InputSpec> out;
  for (const std::string& arg : args) {
    if (arg == "-")
      out.push_back({kStdinName, InputSpec::Kind::Stdin, std::nullopt});
    else if (is_directory(arg, /*follow=*/true)) {
      const size_t before = out.size();
      Walk w{excludes, out};
      walk(arg, "", 0, w);
      if (out.size() == before)
        out.push_back({arg, InputSpec::Kind::File,
                       InputError{std::nullopt, w.skipped ? fmt::format("no .wasm or .capsule file under it, outside the "
                                                                        "{} entr{} skipped (.git, node_modules, --exclude)",
                                                                        w.skipped, w.skipped == 1 ? "y" : "ies")
                                                          : std::string("no .wasm or .capsule file under it")}});
    }
    else
      out.push_back({arg, InputSpec::Kind::File, std::nullopt});
  }
  return out;
}

}  // namespace astrid
