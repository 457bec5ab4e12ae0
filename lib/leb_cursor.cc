#include "leb_cursor.h"

#include <fmt/format.h>

#include "utf8.h"

namespace astrid {

void Cursor::fail(uint64_t offset, std::string message) const { throw DecodeError{offset, std::move(message)}; }

uint8_t Cursor::peek(std::string_view what) const {
  if (at_ >= size_) fail(offset(), fmt::format("unexpected end: the section ends inside {}", what));
  return data_[at_];
}

uint8_t Cursor::u8(std::string_view what) {
  const uint8_t b = peek(what);
  ++at_;
  return b;
}

void Cursor::skip(size_t count, std::string_view what) {
  if (count > left()) fail(offset(), fmt::format("unexpected end: the section ends inside {}", what));
  at_ += count;
}

uint64_t Cursor::leb(unsigned bits, bool is_signed, std::string_view what) {
  const uint64_t start = offset();
  const unsigned max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (i == max_bytes)
      fail(start, fmt::format("integer representation too long: {} takes more than {} bytes", what, max_bytes));
    const uint8_t b = u8(what);
    if (shift < 64) result |= uint64_t{b & 0x7fu} << shift;
    shift += 7;
    if (b & 0x80) continue;
    if (i == max_bytes - 1) {
      // The bits of the last byte beyond the value's width must be zero
      // (unsigned) or copies of its sign bit (signed).
      const unsigned used = bits - 7 * (max_bytes - 1);
      const unsigned high = (b & 0x7fu) >> (is_signed ? used - 1 : used);
      const unsigned all = (1u << (is_signed ? 8 - used : 7 - used)) - 1;
      if (high != 0 && !(is_signed && high == all))
        fail(start, fmt::format("integer too large: {} does not fit in {} bits", what, bits));
    }
    if (is_signed && shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;
    return result;
  }
}

std::string Cursor::name(std::string_view what, size_t max) {
  const uint64_t start = offset();
  const uint32_t length = u32(what);
  if (length > left())
    fail(start, fmt::format("length out of bounds: {} is {} bytes long, but the section has {} left", what, length,
                            left()));
  if (length > max) fail(start, fmt::format("{} is {} bytes long, more than the {} a name may take", what, length, max));
  std::string text(reinterpret_cast<const char*>(data_ + at_), length);
  if (!is_utf8(text)) fail(offset(), fmt::format("malformed UTF-8 encoding in {}", what));
  at_ += length;
  return text;
}

uint32_t Cursor::count(std::string_view what, size_t min_entry) {
  const uint64_t start = offset();
  const uint32_t n = u32(what);
  if (uint64_t{n} * min_entry > left())
    fail(start, fmt::format("{} is {}, but the section has only {} bytes left", what, n, left()));
  return n;
}

}  // namespace astrid
