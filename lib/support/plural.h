// "1 error", "2 warnings": counts in messages read as English.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace astrid {

inline std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace astrid
