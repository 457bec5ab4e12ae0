// Random access to an input's bytes without holding all of them: the checks
// need a few kilobytes at the front of a module, whatever its size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "input_error.h"

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
  static std::variant<FileSource, InputError> open(const std::string& path);

  FileSource(FileSource&& other) noexcept;
  FileSource& operator=(FileSource&&) = delete;
  ~FileSource() override;

  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, size_t count, uint8_t* out) override;

 private:
  FileSource(int fd, uint64_t size) : fd_(fd), size_(size) {}

  static constexpr size_t kWindow = 64 * 1024;
  int fd_ = -1;
  uint64_t size_ = 0;
  std::vector<uint8_t> window_;
  uint64_t window_offset_ = 0;
};

}  // namespace astrid
