// Reading the contents of one section, byte by byte, as the WebAssembly
// binary format encodes them: LEB128 integers with the specification's
// rules on length and unused bits, names as UTF-8, and every read checked
// against the bytes the section holds. A failure is a DecodeError at the
// file offset where the bytes go wrong.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace astrid {

struct DecodeError {
  uint64_t offset;
  std::string message;
};

class Cursor {
 public:
  // `file_offset` is where data[0] sits in the file, for error offsets.
  Cursor(const uint8_t* data, size_t size, uint64_t file_offset)
      : data_(data), size_(size), base_(file_offset) {}

  uint64_t offset() const { return base_ + at_; }
  size_t left() const { return size_ - at_; }
  bool done() const { return at_ == size_; }

  uint8_t peek(std::string_view what) const;
  uint8_t u8(std::string_view what);
  uint32_t u32(std::string_view what) { return static_cast<uint32_t>(leb(32, false, what)); }
  uint64_t u64(std::string_view what) { return leb(64, false, what); }
  int32_t s32(std::string_view what) { return static_cast<int32_t>(leb(32, true, what)); }
  int64_t s33(std::string_view what) { return static_cast<int64_t>(leb(33, true, what)); }
  int64_t s64(std::string_view what) { return static_cast<int64_t>(leb(64, true, what)); }
  void skip(size_t count, std::string_view what);
  // A name: its length, then that many bytes of well-formed UTF-8, at most
  // `max` bytes long.
  std::string name(std::string_view what, size_t max);
  // A count of entries each at least `min_entry` bytes long: a count the
  // bytes left cannot hold is refused before anything is reserved for it.
  uint32_t count(std::string_view what, size_t min_entry = 1);

  [[noreturn]] void fail(uint64_t offset, std::string message) const;

 private:
  uint64_t leb(unsigned bits, bool is_signed, std::string_view what);

  const uint8_t* data_;
  size_t size_;
  uint64_t base_;
  size_t at_ = 0;
};

}  // namespace astrid
