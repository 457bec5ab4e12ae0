// Reading the values of the WebAssembly binary format (bytes, LEB128
// integers, counts, names) from one section held in memory. Every read is
// checked against the bytes the section has left, so nothing hostile can
// read past it or make a caller allocate for more items than could fit.
//
// Errors are thrown as DecodeError and turned into an InputError where the
// component reader starts: a decoder that stops at the first error reads
// best as straight-line code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "support/input_error.h"
#include "wasm/limits.h"

namespace astrid {

struct DecodeError {
  InputError error;
};

// "malformed component: <message>", at `offset` of the file.
[[noreturn]] void fail_malformed(uint64_t offset, std::string_view message);
// A byte this build does not know where an opcode is expected: "the
// component uses an encoding this build cannot decode: <what> 0xNN". Never
// guessed at, because guessing the layout of what follows would misread
// everything after it.
[[noreturn]] void fail_unsupported(uint64_t offset, std::string_view what, uint8_t byte);
// Any other refusal (a limit), with its own wording.
[[noreturn]] void fail(uint64_t offset, std::string message);

class Cursor {
 public:
  // `data` holds the contents of one section, which start at `file_offset`
  // of the file; `section` names it in messages ("import"); `format` is
  // what the bytes are, for the cursor's own errors ("malformed module:").
  Cursor(const uint8_t* data, size_t size, uint64_t file_offset, std::string_view section,
         std::string_view format = "component")
      : data_(data), size_(size), base_(file_offset), section_(section), format_(format) {}

  uint64_t offset() const { return base_ + at_; }
  size_t left() const { return size_ - at_; }
  bool done() const { return at_ == size_; }
  std::string_view section() const { return section_; }

  uint8_t u8(std::string_view what);
  uint8_t peek(std::string_view what);
  uint32_t u32(std::string_view what);
  uint64_t u64(std::string_view what);
  int32_t s32(std::string_view what);
  int64_t s64(std::string_view what);
  // A signed 33-bit LEB128: how the component model encodes a value type,
  // where negative values are type opcodes and others type indices.
  int64_t s33(std::string_view what);
  // A vector's length, refused when even `min_item_bytes` per item would
  // not fit in what is left of the section.
  uint32_t count(std::string_view what, size_t min_item_bytes = 1);
  // A length-prefixed UTF-8 name, viewed in place.
  std::string_view name(std::string_view what);
  void skip(size_t n, std::string_view what);
  // The section must end here: anything after the last item is an error.
  void expect_end();
  // "malformed <format>: <message>" at `at`.
  [[noreturn]] void malformed(uint64_t at, std::string_view message) const;

 private:
  [[noreturn]] void ends_inside(uint64_t at, std::string_view what) const;
  uint64_t leb(std::string_view what, unsigned max_bits, bool is_signed, int64_t* signed_out);

  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
  uint64_t base_;
  std::string_view section_;
  std::string_view format_;
};

}  // namespace astrid
