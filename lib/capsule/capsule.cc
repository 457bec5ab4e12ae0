#include "support/expected.h"
#include "capsule/capsule.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "capsule/capsule_archive.h"

namespace astrid {
namespace {

namespace fs = std::filesystem;

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

std::string directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// An archive member's source, as a module source.
std::variant<std::string, FileSource, InputError> member_source(Expected<FileSource>& source) {
  if (!source) return source.error();
  return *std::move(source);
}

std::variant<Manifest, InputFailure> load_manifest(const std::string& path) {
  auto text = read_text_file(path, kMaxManifestBytes);
  if (!text) return InputFailure{path, text.error()};
  auto manifest = parse_manifest(*text);
  if (!manifest) return InputFailure{path, manifest.error()};
  return *std::move(manifest);
}

// The components of a manifest, found from the directory it is in; none is
// opened yet.
std::vector<CapsuleModuleSource> components_in(const Manifest& manifest, const std::string& dir) {
  std::vector<CapsuleModuleSource> out;
  for (const ManifestComponent& c : manifest.components) {
    CapsuleModuleSource m{c.file, join_path(dir, c.file), {}, {}, false};
    if (auto why = outside_capsule(dir, c.file)) {
      m.source = InputError{std::nullopt, fmt::format("refused: the [[component]] file is {}, outside the capsule", *why)};
    } else {
      const std::string path = (fs::path(dir) / c.file).string();
      struct stat st {};
      m.missing = ::lstat(path.c_str(), &st) != 0 && errno == ENOENT;
      m.source = path;
    }
    out.push_back(std::move(m));
  }
  return out;
}

// Every *.wasm directly in a directory, in name order, none opened yet.
Expected<std::vector<CapsuleModuleSource>> modules_in(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".wasm") continue;
    if (names.size() == kMaxCapsuleModules)
      return InputError{std::nullopt, fmt::format("the capsule directory holds more than {} modules",
                                                  kMaxCapsuleModules)};
    names.push_back(it->path().filename().string());
  }
  if (ec) return InputError{std::nullopt, "cannot read the directory: " + ec.message()};
  std::sort(names.begin(), names.end());
  std::vector<CapsuleModuleSource> out;
  for (const std::string& name : names) out.push_back({name, join_path(dir, name), {}, join_path(dir, name), false});
  return out;
}

std::variant<Capsule, InputFailure> open_archive(const std::string& path, FileSource& file) {
  auto read = read_capsule_archive(file.fd());
  if (!read) return InputFailure{path, read.error()};
  CapsuleArchive& archive = *read;
  Capsule capsule;
  capsule.manifest_display = in_archive(path, "Capsule.toml");
  capsule.archive = std::move(archive.integrity);
  auto every_member = [&] {
    for (ArchiveModule& m : archive.modules)
      capsule.modules.push_back({m.name, in_archive(path, m.name), m.name, member_source(m.source), false});
  };
  if (!archive.manifest) {
    capsule.manifest_error = InputFailure{path, {std::nullopt, "the archive has no Capsule.toml at its top level"}};
    every_member();
    if (capsule.modules.empty()) return *capsule.manifest_error;
    return capsule;
  }
  auto parsed = parse_manifest(*archive.manifest);
  if (!parsed) {
    capsule.manifest_error = InputFailure{capsule.manifest_display, parsed.error()};
    every_member();
    return capsule;
  }
  capsule.manifest = *std::move(parsed);
  if (capsule.manifest->components.empty()) {
    every_member();
    if (capsule.modules.empty()) return InputFailure{path, {std::nullopt, "the archive holds no .wasm module"}};
    return capsule;
  }
  for (const ManifestComponent& c : capsule.manifest->components) {
    const std::string name = fs::path(c.file).lexically_normal().string();
    auto it = std::find_if(archive.modules.begin(), archive.modules.end(),
                           [&](const ArchiveModule& m) { return m.name == name; });
    if (it == archive.modules.end())
      capsule.modules.push_back(
          {c.file, in_archive(path, name), name, InputError{std::nullopt, "not in the archive"}, true});
    else
      capsule.modules.push_back({c.file, in_archive(path, name), name, member_source(it->source), false});
  }
  return capsule;
}

// The component of `manifest` that a module at `path` is, or nullptr: by
// its path relative to the manifest, else by its file name alone when
// exactly one component has that name (a build output checked against
// the manifest in the capsule's source folder).
const ManifestComponent* component_of(const Manifest& manifest, const std::string& relative, const std::string& name) {
  if (const ManifestComponent* c = manifest.component_for(relative)) return c;
  const ManifestComponent* found = nullptr;
  for (const ManifestComponent& c : manifest.components) {
    if (fs::path(c.file).filename() != name) continue;
    if (found) return nullptr;  // ambiguous
    found = &c;
  }
  return found;
}

// A module file, and the manifest that covers it: --manifest, or a
// Capsule.toml beside it that names it (or names no component at all).
std::variant<Capsule, InputFailure> open_module(const std::string& path, FileSource file,
                                                const std::optional<std::string>& manifest_path) {
  Capsule capsule;
  std::string manifest_file = manifest_path.value_or(join_path(directory_of(path), "Capsule.toml"));
  if (!manifest_path && !is_regular_file(manifest_file)) manifest_file.clear();
  if (manifest_file.empty()) {
    capsule.modules.push_back({file_name(path), path, {}, std::move(file), false});
    capsule.no_manifest = "there is no Capsule.toml beside it";
    return capsule;
  }
  auto loaded = load_manifest(manifest_file);
  if (auto* failure = std::get_if<InputFailure>(&loaded)) {
    // The module is still checked; the input fails for its manifest.
    capsule.manifest_error = std::move(*failure);
    capsule.modules.push_back({file_name(path), path, {}, std::move(file), false});
    return capsule;
  }
  Manifest manifest = std::get<Manifest>(std::move(loaded));
  const std::string dir = directory_of(manifest_file);
  std::error_code ec;
  const std::string relative =
      fs::proximate(fs::absolute(path, ec), fs::absolute(dir, ec), ec).lexically_normal().string();
  if (manifest.components.empty()) {
    capsule.modules.push_back({relative, path, {}, std::move(file), false});
  } else if (const ManifestComponent* self = component_of(manifest, relative, file_name(path))) {
    capsule.modules = components_in(manifest, dir);
    // This module stands for its component, wherever it was built.
    for (CapsuleModuleSource& m : capsule.modules)
      if (m.name == self->file) {
        m.display = path;
        m.source = std::move(file);
        m.missing = false;
      }
  } else if (manifest_path) {
    return InputFailure{*manifest_path,
                        {std::nullopt, fmt::format("no [[component]] names '{}' (as '{}', or by its file name)", path,
                                                   relative)}};
  } else {
    // A manifest of other modules: not this one's.
    capsule.modules.push_back({file_name(path), path, {}, std::move(file), false});
    capsule.no_manifest = fmt::format("the Capsule.toml beside it names other components, not '{}'", file_name(path));
    return capsule;
  }
  capsule.manifest = std::move(manifest);
  capsule.manifest_display = manifest_file;
  return capsule;
}

std::variant<Capsule, InputFailure> open_directory(const std::string& dir) {
  Capsule capsule;
  capsule.manifest_display = join_path(dir, "Capsule.toml");
  auto loaded = load_manifest(capsule.manifest_display);
  if (auto* failure = std::get_if<InputFailure>(&loaded)) {
    capsule.manifest_error = std::move(*failure);
  } else {
    capsule.manifest = std::get<Manifest>(std::move(loaded));
    if (!capsule.manifest->components.empty()) {
      capsule.modules = components_in(*capsule.manifest, dir);
      return capsule;
    }
  }
  auto listed = modules_in(dir);
  if (!listed) return InputFailure{dir, listed.error()};
  capsule.modules = *std::move(listed);
  if (capsule.modules.empty() && !capsule.manifest_error)
    return InputFailure{dir, {std::nullopt, "the capsule directory holds no .wasm module"}};
  return capsule;
}

Expected<FileSource> open_stdin() {
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
    UniqueFd fd(::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0));
    if (fd) return FileSource::adopt(std::move(fd));
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

std::string in_archive(const std::string& archive, std::string_view member) {
  return fmt::format("{}({})", archive, member);
}

std::string archive_member(const std::string& archive, const std::string& path) {
  if (path.size() <= archive.size() + 2 || !path.starts_with(archive) || path[archive.size()] != '(' ||
      !path.ends_with(')'))
    return {};
  return path.substr(archive.size() + 1, path.size() - archive.size() - 2);
}

std::optional<std::string> outside_capsule(const std::string& dir, const std::string& file) {
  const fs::path relative(file);
  if (relative.is_absolute()) return fmt::format("'{}', an absolute path", file);
  const fs::path normal = relative.lexically_normal();
  if (normal.empty() || *normal.begin() == "..") return fmt::format("'{}', a path that leaves its directory", file);
  // A link inside may still lead outside: compare where both really are.
  std::error_code ec;
  const fs::path real_dir = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  const fs::path real_file = fs::weakly_canonical(fs::absolute(fs::path(dir) / normal, ec), ec);
  if (ec) return std::nullopt;  // opening it will say what is wrong
  const auto mismatch = std::mismatch(real_dir.begin(), real_dir.end(), real_file.begin(), real_file.end());
  if (mismatch.first != real_dir.end()) return fmt::format("'{}', a link that leads out of its directory", file);
  return std::nullopt;
}

Expected<FileSource> open_module_source(CapsuleModuleSource& module) {
  if (auto* path = std::get_if<std::string>(&module.source)) return FileSource::open(*path);
  if (auto* error = std::get_if<InputError>(&module.source)) return *error;
  return std::move(std::get<FileSource>(module.source));
}

std::variant<Capsule, InputFailure> open_capsule(const InputSpec& input, const std::optional<std::string>& manifest) {
  if (input.error) return InputFailure{input.path, *input.error};
  if (input.kind == InputSpec::Kind::CapsuleDirectory) return open_directory(input.path);
  auto opened = input.kind == InputSpec::Kind::Stdin ? open_stdin() : FileSource::open(input.path);
  if (!opened) {
    // A file that cannot be opened is a module that cannot be read.
    Capsule capsule;
    capsule.modules.push_back({file_name(input.path), input.path, {}, opened.error(), false});
    return capsule;
  }
  FileSource& file = *opened;
  if (looks_like_gzip(file)) {
    if (manifest) return InputFailure{input.path, {std::nullopt, "--manifest applies to .wasm modules; a .capsule archive has its own Capsule.toml"}};
    return open_archive(input.path, file);
  }
  if (input.kind == InputSpec::Kind::Stdin) {
    Capsule capsule;
    if (manifest) {
      auto loaded = load_manifest(*manifest);
      if (auto* failure = std::get_if<InputFailure>(&loaded)) {
        capsule.manifest_error = std::move(*failure);
      } else {
        capsule.manifest = std::get<Manifest>(std::move(loaded));
        capsule.manifest_display = *manifest;
        if (!capsule.manifest->components.empty())
          return InputFailure{*manifest, {std::nullopt, "a manifest with [[component]] entries needs the modules as files, not standard input"}};
      }
    }
    capsule.modules.push_back({input.path, input.path, {}, std::move(file), false});
    if (!manifest) capsule.no_manifest = "standard input has none beside it";
    return capsule;
  }
  return open_module(input.path, std::move(file), manifest);
}

}  // namespace astrid
