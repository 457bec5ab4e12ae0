#include "wasm/cursor.h"

#include <fmt/format.h>

namespace astrid {
namespace {

// Well-formed UTF-8 as the WebAssembly `name` production requires it: no
// overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t c = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1, c = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2, c = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3, c = b & 0x07;
    } else {
      return false;
    }
    if (s.size() - i - 1 < n) return false;
    for (size_t k = 1; k <= n; ++k) {
      const auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xc0) != 0x80) return false;
      c = (c << 6) | (cont & 0x3f);
    }
    if ((n == 2 && c < 0x800) || (n == 3 && c < 0x10000) || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
      return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

void fail_malformed(uint64_t offset, std::string_view message) {
  throw DecodeError{InputError{offset, fmt::format("malformed component: {}", message)}};
}

void fail_unsupported(uint64_t offset, std::string_view what, uint8_t byte) {
  throw DecodeError{InputError{
      offset, fmt::format("the component uses an encoding this build cannot decode: {} 0x{:02x}", what, byte)}};
}

void fail(uint64_t offset, std::string message) { throw DecodeError{InputError{offset, std::move(message)}}; }

void Cursor::ends_inside(uint64_t at, std::string_view what) const {
  fail_malformed(at, fmt::format("the {} section ends inside {}", section_, what));
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
      const unsigned used = max_bits - 7 * i;  // value bits the last byte carries
      const uint8_t spare = static_cast<uint8_t>(0x7f & ~((1u << (is_signed ? used - 1 : used)) - 1));
      const uint8_t extra = b & spare;
      if ((b & 0x80) || (is_signed ? (extra != 0 && extra != spare) : extra != 0))
        fail_malformed(start, fmt::format("{} is not a LEB128 integer of at most {} bits", what, max_bits));
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

int64_t Cursor::s33(std::string_view what) {
  int64_t value = 0;
  leb(what, 33, true, &value);
  return value;
}

uint32_t Cursor::count(std::string_view what, size_t min_item_bytes) {
  const uint64_t at = offset();
  const uint32_t n = u32(fmt::format("the {} count", what));
  if (static_cast<uint64_t>(n) * min_item_bytes > left())
    fail_malformed(at, fmt::format("{} count {} does not fit in the {} bytes left of the {} section", what, n, left(),
                                   section_));
  return n;
}

std::string_view Cursor::name(std::string_view what) {
  const uint64_t at = offset();
  const uint32_t length = u32(what);
  if (length > left())
    fail_malformed(at, fmt::format("{} of {} bytes is longer than the {} bytes left of the {} section", what, length,
                                   left(), section_));
  if (length > kMaxNameLength)
    fail(at, fmt::format("{} of {} bytes is longer than the {} bytes a component name may have", what, length,
                         kMaxNameLength));
  std::string_view s(reinterpret_cast<const char*>(data_ + at_), length);
  if (!valid_utf8(s)) fail_malformed(at, fmt::format("{} is not valid UTF-8", what));
  at_ += length;
  return s;
}

void Cursor::skip(size_t n, std::string_view what) {
  if (n > left()) ends_inside(offset(), what);
  at_ += n;
}

void Cursor::expect_end() {
  if (!done())
    fail_malformed(offset(), fmt::format("{} bytes left over at the end of the {} section", left(), section_));
}

}  // namespace astrid
