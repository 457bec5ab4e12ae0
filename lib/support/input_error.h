// Why an input could not be checked at all (exit status 2), and where.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace astrid {

struct InputError {
  std::optional<uint64_t> offset;  // in the file, when one place is at fault
  std::string message;
  // In a text file (a manifest, a configuration): the line and column at
  // fault, from 1; 0 when unknown.
  uint32_t line = 0;
  uint32_t column = 0;
};

}  // namespace astrid
