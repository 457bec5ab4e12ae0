#include "abi/wit_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "abi/wit_parser.h"
#include "abi/wit_resolve.h"
#include "wasm/byte_source.h"
#include "support/paths.h"

namespace astrid {
namespace {

// Built field by field: GCC 12 at -O3 warns (falsely) that the aggregate
// WitError{{path}, message} leaves the place's string uninitialised.
WitError error_in(const std::string& path, std::string message) {
  WitError e;
  e.place.file = path;
  e.message = std::move(message);
  return e;
}

// The files of one read, past `max` bytes together.
WitError too_much_wit(const std::string& path, uint64_t max) {
  const std::string size = max % (1 << 20) == 0 ? fmt::format("{} MiB", max >> 20) : fmt::format("{} bytes", max);
  return error_in(path, fmt::format("the WIT files read take more than {} together, the most astrid-abi reads at "
                                    "once (a file reached twice, by a hard link or a copy, counts twice)",
                                    size));
}

}  // namespace

std::optional<WitError> read_wit(WitModel& model, std::span<const WitPackageFiles> packages,
                                 const WitReadOptions& options) {
  std::vector<wit::Source> sources;
  std::vector<wit::ParsedPackage> parsed(packages.size());
  uint64_t total = 0;
  for (size_t p = 0; p < packages.size(); ++p) {
    for (const WitFile& f : packages[p].files) {
      if (sources.size() >= kMaxWitFiles)
        return error_in(f.name, fmt::format("more than {} WIT files", kMaxWitFiles));
      if (f.text.size() > kMaxWitFileBytes)
        return error_in(f.name, fmt::format("{} bytes, more than the {} MiB astrid-abi reads of a WIT file",
                                            f.text.size(), kMaxWitFileBytes >> 20));
      total += f.text.size();
      if (total > options.max_bytes) return too_much_wit(f.name, options.max_bytes);
      sources.push_back({f.name, f.text});
      wit::AstFile& ast = parsed[p].files.emplace_back();
      ast.source = sources.size() - 1;
      if (auto error = wit::parse_file(f.text, ast))
        return WitError{wit::place_of(sources.back(), error->offset), error->message};
    }
  }
  return wit::resolve(model, sources, parsed, options);
}

std::variant<WitModel, WitError> read_wit_string(std::string_view text, std::string_view file_name,
                                                 const WitReadOptions& options) {
  WitModel model;
  const WitPackageFiles package{{WitFile{std::string(file_name), std::string(text)}}};
  if (auto error = read_wit(model, std::span(&package, 1), options)) return *error;
  return model;
}

namespace {

namespace fs = std::filesystem;


// The names in `dir`, sorted, so that a read does not depend on the order
// the file system lists them in.
std::variant<std::vector<std::string>, WitError> list(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
    if (names.size() > 4 * kMaxWitFiles) return error_in(dir, fmt::format("more than {} entries", 4 * kMaxWitFiles));
  }
  if (ec) return error_in(dir, "cannot read the directory: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

bool is_wit(const std::string& name) { return name.size() > 4 && name.ends_with(".wit"); }

// What a directory read has read so far, against its limits.
struct DirRead {
  size_t files = 0;
  uint64_t bytes = 0;
  uint64_t max_bytes = kMaxWitBytes;
};

std::optional<WitError> add_file(const std::string& path, WitPackageFiles& into, DirRead& read) {
  if (++read.files > kMaxWitFiles) return error_in(path, fmt::format("more than {} WIT files", kMaxWitFiles));
  auto text = read_text_file(path, kMaxWitFileBytes);
  if (!text) return error_in(path, text.error().message);
  // The file that goes past the total is dropped as soon as it is read: a
  // read holds at most the total and one file.
  read.bytes += text->size();
  if (read.bytes > read.max_bytes) return too_much_wit(path, read.max_bytes);
  into.files.push_back({path, *std::move(text)});
  return std::nullopt;
}

// The *.wit regular files directly in `dir`, as one package.
std::optional<WitError> add_dir(const std::string& dir, WitPackageFiles& into, DirRead& read) {
  auto names = list(dir);
  if (auto* error = std::get_if<WitError>(&names)) return *error;
  for (const std::string& name : std::get<std::vector<std::string>>(names)) {
    const std::string path = join_path(dir, name);
    if (!is_wit(name) || !is_regular_file(path)) continue;
    if (auto error = add_file(path, into, read)) return error;
  }
  return std::nullopt;
}

}  // namespace

std::variant<WitModel, WitError> read_wit_dir(const std::string& dir, const WitReadOptions& options) {
  DirRead read;
  read.max_bytes = options.max_bytes;
  std::vector<WitPackageFiles> packages(1);
  if (auto error = add_dir(dir, packages[0], read)) return *error;
  if (packages[0].files.empty()) return error_in(dir, "no .wit file in the directory");
  const std::string deps = join_path(dir, "deps");
  std::error_code ec;
  if (fs::is_directory(deps, ec)) {
    auto names = list(deps);
    if (auto* error = std::get_if<WitError>(&names)) return *error;
    for (const std::string& name : std::get<std::vector<std::string>>(names)) {
      const std::string path = join_path(deps, name);
      // deps/<name>/ is a package directory, deps/<name>.wit a one-file
      // package; symbolic links to directories are followed once, as
      // wit-parser does, and the file count and total bound the rest.
      WitPackageFiles package;
      if (fs::is_directory(path, ec)) {
        if (auto error = add_dir(path, package, read)) return *error;
      } else if (is_wit(name) && is_regular_file(path)) {
        if (auto error = add_file(path, package, read)) return *error;
      }
      if (!package.files.empty()) packages.push_back(std::move(package));
    }
  }
  WitModel model;
  if (auto error = read_wit(model, packages, options)) return *error;
  return model;
}

}  // namespace astrid
