#include "wasm/cursor.h"

#include <fmt/format.h>

#include "support/plural.h"
#include "support/utf8.h"

namespace astrid {

void fail_malformed(uint64_t offset, std::string_view message) {
  throw DecodeError{InputError{offset, fmt::format("malformed component: {}", message)}};
}

void fail_unsupported(uint64_t offset, std::string_view what, uint8_t byte) {
  throw DecodeError{InputError{
      offset, fmt::format("the component uses an encoding this build cannot decode: {} 0x{:02x}", what, byte)}};
}

void fail(uint64_t offset, std::string message) { throw DecodeError{InputError{offset, std::move(message)}}; }

void Cursor::malformed(uint64_t at, std::string_view message) const {
  throw DecodeError{InputError{at, fmt::format("malformed {}: {}", format_, message)}};
}

void Cursor::ends_inside(uint64_t at, std::string_view what) const {
  malformed(at, fmt::format("unexpected end: the {} section ends inside {}", section_, what));
}

uint8_t Cursor::u8(std::string_view what) {
  if (at_ == size_) ends_inside(offset(), what);
  return data_[at_++];
}

uint8_t Cursor::peek(std::string_view what) {
  if (at_ == size_) ends_inside(offset(), what);
  return data_[at_];
}

// LEB128 of at most `max_bits` bits, in the fewest bytes that can hold
// them; the unused bits of the last byte must be zero (unsigned) or copies
// of the sign bit (signed), as the core specification requires.
uint64_t Cursor::leb(std::string_view what, unsigned max_bits, bool is_signed, int64_t* signed_out) {
  const uint64_t start = offset();
  const unsigned max_bytes = (max_bits + 6) / 7;
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (at_ == size_) ends_inside(start, what);
    const uint8_t b = data_[at_++];
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    shift += 7;
    if (i + 1 == max_bytes) {
      // The specification's two words for it: a continuation bit past
      // the longest encoding, or bits beyond the value's width that are
      // not zero (unsigned) or copies of the sign bit (signed).
      if (b & 0x80)
        malformed(start, fmt::format("integer representation too long: {} takes more than {} bytes", what, max_bytes));
      const unsigned used = max_bits - 7 * i;  // value bits the last byte carries
      const uint8_t spare = static_cast<uint8_t>(0x7f & ~((1u << (is_signed ? used - 1 : used)) - 1));
      const uint8_t extra = b & spare;
      if (is_signed ? (extra != 0 && extra != spare) : extra != 0)
        malformed(start, fmt::format("integer too large: {} does not fit in {} bits", what, max_bits));
      break;
    }
    if (!(b & 0x80)) break;
  }
  if (is_signed) {
    if (shift < 64 && ((result >> (shift - 1)) & 1)) result |= ~uint64_t{0} << shift;
    *signed_out = static_cast<int64_t>(result);
  }
  return result;
}

uint32_t Cursor::u32(std::string_view what) { return static_cast<uint32_t>(leb(what, 32, false, nullptr)); }
uint64_t Cursor::u64(std::string_view what) { return leb(what, 64, false, nullptr); }

int32_t Cursor::s32(std::string_view what) {
  int64_t value = 0;
  leb(what, 32, true, &value);
  return static_cast<int32_t>(value);
}

int64_t Cursor::s64(std::string_view what) {
  int64_t value = 0;
  leb(what, 64, true, &value);
  return value;
}

int64_t Cursor::s33(std::string_view what) {
  int64_t value = 0;
  leb(what, 33, true, &value);
  return value;
}

uint32_t Cursor::count(std::string_view what, size_t min_item_bytes) {
  const uint64_t at = offset();
  const uint32_t n = u32(fmt::format("the {} count", what));
  if (static_cast<uint64_t>(n) * min_item_bytes > left())
    malformed(at, fmt::format("{} count {} does not fit in the {} bytes left of the {} section", what, n, left(),
                              section_));
  return n;
}

std::string_view Cursor::name(std::string_view what) {
  const uint64_t at = offset();
  const uint32_t length = u32(what);
  if (length > left())
    malformed(at, fmt::format("length out of bounds: {} of {} bytes is longer than the {} bytes left of the {} section",
                              what, length, left(), section_));
  if (length > kMaxNameLength)
    fail(at, fmt::format("{} of {} bytes is longer than the {} bytes a name may have", what, length,
                         kMaxNameLength));
  std::string_view s(reinterpret_cast<const char*>(data_ + at_), length);
  if (!is_utf8(s)) malformed(at, fmt::format("malformed UTF-8 encoding in {}", what));
  at_ += length;
  return s;
}

void Cursor::skip(size_t n, std::string_view what) {
  if (n > left()) ends_inside(offset(), what);
  at_ += n;
}

void Cursor::expect_end() {
  if (!done())
    malformed(offset(), fmt::format("section size mismatch: {} left over at the end of the {} section",
                                    plural(left(), "byte"), section_));
}

}  // namespace astrid
