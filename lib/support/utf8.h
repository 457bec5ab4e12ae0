// UTF-8 as the WebAssembly specification defines it: names in a binary must
// be well formed, and untrusted text is escaped code point by code point.
#pragma once

#include <cstddef>
#include <string_view>

namespace astrid {

// Length of the well-formed UTF-8 sequence at text[i] and its code point,
// or 0 when the bytes there are not one (overlong forms and surrogates
// included).
size_t decode_utf8(std::string_view text, size_t i, char32_t* out);

bool is_utf8(std::string_view text);

}  // namespace astrid
