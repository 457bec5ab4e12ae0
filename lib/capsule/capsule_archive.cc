#include "support/expected.h"
#include "capsule/capsule_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <memory>
#include <unordered_set>

#include "capsule/manifest.h"
#include "capsule/provenance.h"

namespace astrid {
namespace {

struct ArchiveCloser {
  void operator()(struct archive* a) const { archive_read_free(a); }
};

// One spelling per member: "./a/b", "a//b" and "a/./b" are the same file
// once extracted (as the installer's provenance digest also has them).
// What that refuses (absolute and climbing paths) is kept as written, for
// the checks that refuse it here.
std::string normalize(std::string_view name) {
  auto canonical = canonical_capsule_path(name);
  if (auto* path = std::get_if<std::string>(&canonical)) return std::move(*path);
  return std::string(name);
}

// The gzip stream, inflated here rather than by libarchive, for three
// things libarchive does not give: every member's CRC-32 and size trailer
// checked, trailing bytes refused, and one budget for everything
// decompressed (members that are skipped unread included), so that a
// small archive cannot cost minutes of inflating.
class GzipStream {
 public:
  explicit GzipStream(int fd) : fd_(fd) {
    z_.zalloc = Z_NULL;
    z_.zfree = Z_NULL;
    z_.opaque = Z_NULL;
    ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;  // 16: gzip framing
    if (!ok_) error_ = "cannot start zlib";
  }
  ~GzipStream() { inflateEnd(&z_); }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  // The next inflated bytes: a count, 0 at the end, -1 on error().
  long read(const void** out) {
    *out = output_;
    if (!ok_) return -1;
    z_.next_out = output_;
    z_.avail_out = sizeof output_;
    while (z_.avail_out == sizeof output_ && !ended_) {
      if (z_.avail_in == 0 && !fill()) return -1;
      if (z_.avail_in == 0 && input_done_) {
        if (!member_ended_) return fail("the gzip stream is truncated");
        ended_ = true;
        break;
      }
      if (member_ended_) {
        // Another member may follow (concatenated gzip); anything else
        // after the end is refused.
        if (z_.next_in[0] != 0x1f) return fail("bytes after the end of the gzip stream");
        inflateReset(&z_);
        member_ended_ = false;
      }
      const int r = inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) {
        member_ended_ = true;
      } else if (r != Z_OK && r != Z_BUF_ERROR) {
        return fail(r == Z_DATA_ERROR && z_.msg ? std::string("corrupt gzip data: ") + z_.msg : "corrupt gzip data");
      }
    }
    const size_t produced = sizeof output_ - z_.avail_out;
    total_ += produced;
    if (total_ > kMaxArchiveBytes)
      return fail(fmt::format("more than {} MiB when decompressed, the most astrid-abi reads of an archive",
                              kMaxArchiveBytes >> 20));
    return static_cast<long>(produced);
  }

  // Reads what is left of the stream, so that its trailers are checked
  // even where the tar ends before it.
  bool drain() {
    const void* ignored = nullptr;
    for (long n; (n = read(&ignored)) != 0;)
      if (n < 0) return false;
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  bool fill() {
    if (input_done_) return true;
    for (;;) {
      const ssize_t n = ::read(fd_, input_, sizeof input_);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return fail("could not read the archive") != -1;
      if (n == 0) input_done_ = true;
      z_.next_in = input_;
      z_.avail_in = static_cast<uInt>(n);
      return true;
    }
  }

  long fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    ok_ = false;
    return -1;
  }

  int fd_;
  z_stream z_{};
  bool ok_ = false;
  bool input_done_ = false;
  bool member_ended_ = false;
  bool ended_ = false;
  uint64_t total_ = 0;
  std::string error_;
  Bytef input_[64 * 1024];
  Bytef output_[64 * 1024];
};

la_ssize_t read_callback(struct archive* a, void* data, const void** buffer) {
  auto* gzip = static_cast<GzipStream*>(data);
  const long n = gzip->read(buffer);
  if (n < 0) archive_set_error(a, EINVAL, "%s", gzip->error().c_str());
  return n;
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

Expected<CapsuleArchive> read_capsule_archive(int fd) {
  if (::lseek(fd, 0, SEEK_SET) != 0) return InputError{std::nullopt, "cannot read the archive from its start"};
  auto gzip = std::make_unique<GzipStream>(fd);
  std::unique_ptr<struct archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  if (archive_read_open(a.get(), gzip.get(), nullptr, read_callback, nullptr) != ARCHIVE_OK)
    return archive_error(a.get(), "opening");

  CapsuleArchive out;
  uint64_t module_bytes = 0;
  uint64_t declared = 0;
  size_t entries = 0;
  std::unordered_set<std::string> names;
  ProvenanceDigest digest;
  std::optional<std::string> provenance;  // the text of Capsule.provenance.json
  // The first entry the installer refuses to extract.
  auto refuse = [&](std::string why) {
    if (!out.integrity.refused) out.integrity.refused = std::move(why);
  };
  struct archive_entry* entry = nullptr;
  for (;;) {
    const int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return archive_error(a.get(), "reading an entry header");
    if (++entries > kMaxArchiveEntries)
      return InputError{std::nullopt, fmt::format("the archive has more than {} entries", kMaxArchiveEntries)};
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = normalize(raw_name ? raw_name : "");
    // Sizes are declared before the data: a member too large to read is
    // refused before anything of it is inflated.
    declared += static_cast<uint64_t>(std::max<la_int64_t>(archive_entry_size(entry), 0));
    if (declared > kMaxArchiveBytes)
      return InputError{std::nullopt, fmt::format("the archive's members take more than {} MiB (at '{}')",
                                                  kMaxArchiveBytes >> 20, name)};
    // Extractors keep the last of two members of one name; checking the
    // first would judge what is not installed.
    if (!name.empty() && !names.insert(name).second)
      return InputError{std::nullopt, fmt::format("the archive holds '{}' twice, which makes it ambiguous: "
                                                  "extractors keep the last one",
                                                  name)};
    // The installer's view of the entry: its path (a refusal the digest
    // keeps too), then its kind.
    auto entered = digest.enter(raw_name ? raw_name : "");
    if (auto* why = std::get_if<PathRefusal>(&entered); why && why->escapes) refuse(why->message);
    const auto type = archive_entry_filetype(entry);
    if (archive_entry_hardlink(entry)) {
      refuse(fmt::format("'{}' is a hard link", name));
      continue;
    }
    if (type == AE_IFLNK) {
      refuse(fmt::format("'{}' is a symbolic link", name));
      continue;
    }
    if (type == AE_IFDIR) continue;
    if (type != AE_IFREG) {
      digest.refuse(fmt::format("'{}' is neither a regular file nor a directory", name));
      continue;
    }

    // Every regular member is hashed while it is read, whatever is kept of it.
    Blake3 content;
    uint64_t size = 0;
    auto read_some = [&](uint8_t* buffer, size_t length) -> long {
      const la_ssize_t n = archive_read_data(a.get(), buffer, length);
      if (n < 0) return -1;
      content.update(std::span<const uint8_t>(buffer, static_cast<size_t>(n)));
      size += static_cast<uint64_t>(n);
      return static_cast<long>(n);
    };
    // Reads the member as text, up to `limit` bytes and one more, so that
    // a larger one is known to be; the rest is hashed, not kept.
    auto read_text = [&](std::string& text, uint64_t limit) -> bool {
      uint8_t buffer[16 * 1024];
      for (long n; (n = read_some(buffer, sizeof buffer)) != 0;) {
        if (n < 0) return false;
        if (text.size() <= limit)
          text.append(reinterpret_cast<const char*>(buffer),
                      std::min<size_t>(static_cast<size_t>(n), limit + 1 - text.size()));
      }
      return true;
    };
    if (name == "Capsule.toml") {
      std::string text;
      if (!read_text(text, kMaxManifestBytes)) return archive_error(a.get(), "reading Capsule.toml");
      if (text.size() > kMaxManifestBytes)
        return InputError{std::nullopt, fmt::format("Capsule.toml in the archive is larger than {} KiB",
                                                    kMaxManifestBytes >> 10)};
      out.manifest = std::move(text);
    } else if (name == kProvenanceFile) {
      std::string text;
      if (!read_text(text, kMaxProvenanceBytes)) return archive_error(a.get(), "reading " + name);
      provenance = std::move(text);
    } else if (name.ends_with(".wasm")) {
      if (out.modules.size() == kMaxArchiveModules)
        return InputError{std::nullopt, fmt::format("the archive holds more than {} modules", kMaxArchiveModules)};
      const uint64_t left = kMaxArchiveBytes - module_bytes;
      auto source = FileSource::spool(read_some, left);
      if (!source) {
        if (source.error().offset) return archive_error(a.get(), "reading " + name);
        return InputError{std::nullopt, fmt::format("{}: {}", name, source.error().message)};
      }
      module_bytes += source->size();
      out.modules.push_back({name, std::move(source)});
    } else {
      uint8_t buffer[16 * 1024];
      for (long n; (n = read_some(buffer, sizeof buffer)) != 0;)
        if (n < 0) return archive_error(a.get(), "reading " + name);
    }
    if (auto* path = std::get_if<std::string>(&entered)) digest.add_file(*path, size, content.finalize());
  }
  if (!gzip->drain()) return InputError{std::nullopt, "not a readable .capsule archive: " + gzip->error()};

  ArchiveIntegrity& integrity = out.integrity;
  integrity.content_digest = digest.hex();
  integrity.is_signed = provenance.has_value();
  if (provenance && !integrity.refused) integrity.provenance = verify_provenance(*provenance, digest);
  return out;
}

}  // namespace astrid
