#include "capsule.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "capsule_archive.h"

namespace astrid {
namespace {

namespace fs = std::filesystem;

std::string in_archive(const std::string& archive, std::string_view member) {
  return fmt::format("{}({})", archive, member);
}

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

std::string directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::variant<Manifest, InputFailure> load_manifest(const std::string& path) {
  auto text = read_text_file(path, kMaxManifestBytes);
  if (auto* error = std::get_if<InputError>(&text)) return InputFailure{path, *error};
  auto manifest = parse_manifest(std::get<std::string>(text));
  if (auto* error = std::get_if<InputError>(&manifest)) return InputFailure{path, *error};
  return std::get<Manifest>(std::move(manifest));
}

// The components of a manifest, opened from the directory it is in.
std::vector<CapsuleModuleSource> open_components(const Manifest& manifest, const std::string& dir) {
  std::vector<CapsuleModuleSource> out;
  for (const ManifestComponent& c : manifest.components) {
    const std::string file = (fs::path(dir) / c.file).string();
    struct stat st {};
    const bool missing = ::lstat(file.c_str(), &st) != 0 && errno == ENOENT;
    out.push_back({c.file, join_path(dir, c.file), FileSource::open(file), missing});
  }
  return out;
}

std::variant<Capsule, InputFailure> open_archive(const std::string& path, FileSource& file) {
  auto read = read_capsule_archive(file.fd());
  if (auto* error = std::get_if<InputError>(&read)) return InputFailure{path, *error};
  CapsuleArchive& archive = std::get<CapsuleArchive>(read);
  const std::string manifest_display = in_archive(path, "Capsule.toml");
  if (!archive.manifest)
    return InputFailure{path, {std::nullopt, "the archive has no Capsule.toml at its top level"}};
  auto parsed = parse_manifest(*archive.manifest);
  if (auto* error = std::get_if<InputError>(&parsed)) return InputFailure{manifest_display, *error};
  Capsule capsule{std::get<Manifest>(std::move(parsed)), manifest_display, {}};
  if (capsule.manifest->components.empty()) {
    for (ArchiveModule& m : archive.modules)
      capsule.modules.push_back({m.name, in_archive(path, m.name), std::move(m.source)});
    if (capsule.modules.empty()) return InputFailure{path, {std::nullopt, "the archive holds no .wasm module"}};
    return capsule;
  }
  for (const ManifestComponent& c : capsule.manifest->components) {
    const std::string name = fs::path(c.file).lexically_normal().string();
    auto it = std::find_if(archive.modules.begin(), archive.modules.end(),
                           [&](const ArchiveModule& m) { return m.name == name; });
    if (it == archive.modules.end())
      capsule.modules.push_back({c.file, in_archive(path, name), InputError{std::nullopt, "not in the archive"}, true});
    else
      capsule.modules.push_back({c.file, in_archive(path, name), std::move(it->source)});
  }
  return capsule;
}

// A module file, and the manifest that covers it: --manifest, or a
// Capsule.toml beside it that names it (or names no component at all).
std::variant<Capsule, InputFailure> open_module(const std::string& path, FileSource file,
                                                const std::optional<std::string>& manifest_path) {
  Capsule capsule;
  std::string manifest_file = manifest_path.value_or(join_path(directory_of(path), "Capsule.toml"));
  if (!manifest_path && !is_regular_file(manifest_file)) manifest_file.clear();
  if (!manifest_file.empty()) {
    auto loaded = load_manifest(manifest_file);
    if (auto* failure = std::get_if<InputFailure>(&loaded)) return *failure;
    Manifest manifest = std::get<Manifest>(std::move(loaded));
    const std::string dir = directory_of(manifest_file);
    std::error_code ec;
    const std::string relative =
        fs::proximate(fs::absolute(path, ec), fs::absolute(dir, ec), ec).lexically_normal().string();
    if (manifest.components.empty()) {
      capsule.modules.push_back({relative, path, std::move(file)});
    } else if (manifest.component_for(relative)) {
      capsule.modules = open_components(manifest, dir);
    } else if (manifest_path) {
      return InputFailure{*manifest_path,
                          {std::nullopt, fmt::format("no [[component]] names '{}' (as '{}')", path, relative)}};
    } else {
      manifest_file.clear();  // a manifest of other modules: not this one's
    }
    if (!manifest_file.empty()) {
      capsule.manifest = std::move(manifest);
      capsule.manifest_display = manifest_file;
      return capsule;
    }
  }
  capsule.modules.push_back({file_name(path), path, std::move(file)});
  return capsule;
}

std::variant<Capsule, InputFailure> open_directory(const std::string& dir) {
  const std::string manifest_file = join_path(dir, "Capsule.toml");
  auto loaded = load_manifest(manifest_file);
  if (auto* failure = std::get_if<InputFailure>(&loaded)) return *failure;
  Capsule capsule{std::get<Manifest>(std::move(loaded)), manifest_file, {}};
  if (!capsule.manifest->components.empty()) {
    capsule.modules = open_components(*capsule.manifest, dir);
    return capsule;
  }
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".wasm") names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  for (const std::string& name : names)
    capsule.modules.push_back({name, join_path(dir, name), FileSource::open(join_path(dir, name))});
  if (capsule.modules.empty()) return InputFailure{dir, {std::nullopt, "the capsule directory holds no .wasm module"}};
  return capsule;
}

std::variant<FileSource, InputError> open_stdin() {
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
    const int fd = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
    if (fd >= 0) return FileSource::adopt(fd);
  }
  return FileSource::spool(
      [](uint8_t* buffer, size_t size) -> long {
        for (;;) {
          const ssize_t n = ::read(STDIN_FILENO, buffer, size);
          if (n < 0 && errno == EINTR) continue;
          return static_cast<long>(n);
        }
      },
      kMaxStreamBytes);
}

}  // namespace

std::variant<Capsule, InputFailure> open_capsule(const InputSpec& input, const std::optional<std::string>& manifest) {
  if (input.error) return InputFailure{input.path, *input.error};
  if (input.kind == InputSpec::Kind::CapsuleDirectory) return open_directory(input.path);
  auto opened = input.kind == InputSpec::Kind::Stdin ? open_stdin() : FileSource::open(input.path);
  if (auto* error = std::get_if<InputError>(&opened)) return InputFailure{input.path, *error};
  FileSource& file = std::get<FileSource>(opened);
  if (looks_like_gzip(file)) {
    if (manifest) return InputFailure{input.path, {std::nullopt, "--manifest applies to .wasm modules; a .capsule archive has its own Capsule.toml"}};
    return open_archive(input.path, file);
  }
  if (input.kind == InputSpec::Kind::Stdin) {
    Capsule capsule;
    if (manifest) {
      auto loaded = load_manifest(*manifest);
      if (auto* failure = std::get_if<InputFailure>(&loaded)) return *failure;
      capsule.manifest = std::get<Manifest>(std::move(loaded));
      capsule.manifest_display = *manifest;
      if (!capsule.manifest->components.empty())
        return InputFailure{*manifest, {std::nullopt, "a manifest with [[component]] entries needs the modules as files, not standard input"}};
    }
    capsule.modules.push_back({input.path, input.path, std::move(file)});
    return capsule;
  }
  return open_module(input.path, std::move(file), manifest);
}

}  // namespace astrid
