#include "capsule_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <memory>

#include "manifest.h"

namespace astrid {
namespace {

struct ArchiveCloser {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

std::string normalize(std::string_view name) {
  while (name.starts_with("./")) name.remove_prefix(2);
  return std::string(name);
}

InputError archive_error(struct archive* a, std::string_view what) {
  const char* why = archive_error_string(a);
  return InputError{std::nullopt, fmt::format("not a readable .capsule archive ({}): {}", what,
                                              why ? why : "unknown error")};
}

}  // namespace

bool looks_like_gzip(ByteSource& source) {
  uint8_t head[2];
  return source.size() >= 2 && source.read(0, 2, head) && head[0] == 0x1f && head[1] == 0x8b;
}

std::variant<CapsuleArchive, InputError> read_capsule_archive(int fd) {
  std::unique_ptr<struct archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  if (::lseek(fd, 0, SEEK_SET) != 0 || archive_read_open_fd(a.get(), fd, 64 * 1024) != ARCHIVE_OK)
    return archive_error(a.get(), "opening");

  CapsuleArchive out;
  uint64_t module_bytes = 0;
  size_t entries = 0;
  struct archive_entry* entry = nullptr;
  for (;;) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return archive_error(a.get(), "reading an entry header");
    if (++entries > kMaxArchiveEntries)
      return InputError{std::nullopt, fmt::format("the archive has more than {} entries", kMaxArchiveEntries)};
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = normalize(raw_name ? raw_name : "");
    if (archive_entry_filetype(entry) != AE_IFREG) continue;

    auto read_some = [&](uint8_t* buffer, size_t size) -> long {
      const la_ssize_t n = archive_read_data(a.get(), buffer, size);
      return n < 0 ? -1 : static_cast<long>(n);
    };
    if (name == "Capsule.toml") {
      std::string text;
      uint8_t buffer[16 * 1024];
      for (long n; (n = read_some(buffer, sizeof buffer)) != 0;) {
        if (n < 0) return archive_error(a.get(), "reading Capsule.toml");
        text.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
        if (text.size() > kMaxManifestBytes)
          return InputError{std::nullopt, fmt::format("Capsule.toml in the archive is larger than {} KiB",
                                                      kMaxManifestBytes >> 10)};
      }
      out.manifest = std::move(text);
    } else if (name.ends_with(".wasm")) {
      if (out.modules.size() == kMaxArchiveModules)
        return InputError{std::nullopt, fmt::format("the archive holds more than {} modules", kMaxArchiveModules)};
      const uint64_t left = kMaxArchiveModuleBytes - module_bytes;
      auto source = FileSource::spool(read_some, left);
      if (auto* error = std::get_if<InputError>(&source)) {
        if (error->offset) return archive_error(a.get(), "reading " + name);
        return InputError{std::nullopt, fmt::format("{}: {}", name, error->message)};
      }
      module_bytes += std::get<FileSource>(source).size();
      out.modules.push_back({name, std::move(source)});
    }
  }
  return out;
}

}  // namespace astrid
