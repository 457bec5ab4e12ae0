// SGR colours for the text reports, or none: one switch, decided once per
// run (--color, NO_COLOR, FORCE_COLOR, TERM=dumb; see driver/commands.cc).
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace astrid {

struct Paint {
  bool on;
  // `text` in the SGR style `code` ("1;31": bold red), when colour is on.
  std::string operator()(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

}  // namespace astrid
