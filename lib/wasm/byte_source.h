// Random access to an input's bytes without holding all of them: the checks
// need a few kilobytes at the front of a module, whatever its size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <unistd.h>

#include "support/expected.h"
#include "support/input_error.h"
#include "support/unique_fd.h"

namespace astrid {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Copies [offset, offset + count) into out. False when the source ends
  // early or cannot be read (a file that shrank while being read, say).
  virtual bool read(uint64_t offset, size_t count, uint8_t* out) = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
  uint64_t size() const override { return bytes_.size(); }
  bool read(uint64_t offset, size_t count, uint8_t* out) override;

 private:
  std::vector<uint8_t> bytes_;
};

// A regular file read with pread through a small window, so that walking
// many small section headers costs few system calls.
class FileSource final : public ByteSource {
 public:
  // Opens a regular file; anything else (a directory, a FIFO, a device) is
  // refused without reading, so a check can never block on one.
  static Expected<FileSource> open(const std::string& path);
  // Takes ownership of an open descriptor of a regular file.
  static Expected<FileSource> adopt(UniqueFd fd);
  // Copies a stream (standard input, an archive member) into an anonymous
  // temporary file, so that it can be read like any other: memory stays
  // bounded whatever the size. `read_some` fills a buffer and returns the
  // bytes read, 0 at the end, or -1 on error; more than `limit` bytes is
  // an error.
  template <typename ReadSome>
  static Expected<FileSource> spool(ReadSome read_some, uint64_t limit);

  FileSource(FileSource&&) noexcept = default;
  FileSource& operator=(FileSource&&) noexcept = default;

  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, size_t count, uint8_t* out) override;
  int fd() const { return fd_.get(); }

 private:
  FileSource(UniqueFd fd, uint64_t size) : fd_(std::move(fd)), size_(size) {}

  static Expected<UniqueFd> temporary_file();
  static std::optional<InputError> write_all(int fd, const uint8_t* data, size_t size);

  static constexpr size_t kWindow = 64 * 1024;
  UniqueFd fd_;
  uint64_t size_ = 0;
  std::vector<uint8_t> window_;
  uint64_t window_offset_ = 0;
};

// The whole of a small text file (a manifest, a configuration); larger than
// `limit` bytes is an error.
Expected<std::string> read_text_file(const std::string& path, uint64_t limit);

template <typename ReadSome>
Expected<FileSource> FileSource::spool(ReadSome read_some, uint64_t limit) {
  auto tmp = temporary_file();
  if (!tmp) return tmp.error();
  UniqueFd fd = *std::move(tmp);
  std::vector<uint8_t> buffer(kWindow);
  uint64_t total = 0;
  for (;;) {
    const long n = read_some(buffer.data(), buffer.size());
    std::optional<InputError> error;
    if (n < 0) error = InputError{total, "could not read the input"};
    else if (total + static_cast<uint64_t>(n) > limit)
      error = InputError{std::nullopt, "larger than the " + std::to_string(limit >> 20) + " MiB astrid-abi reads from a stream"};
    else if (n > 0) error = write_all(fd.get(), buffer.data(), static_cast<size_t>(n));
    if (error) return *error;
    if (n == 0) break;
    total += static_cast<uint64_t>(n);
  }
  return adopt(std::move(fd));
}

}  // namespace astrid
