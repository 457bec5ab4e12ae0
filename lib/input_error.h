// Why an input could not be checked at all (exit status 2), and where.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace astrid {

struct InputError {
  std::optional<uint64_t> offset;  // in the file, when one place is at fault
  std::string message;
};

}  // namespace astrid
