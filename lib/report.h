// Rendering check results: the human report and the JSON document.
#pragma once

#include <string>
#include <variant>

#include "check.h"
#include "input_error.h"

namespace astrid {

// What checking one input produced: a report, or why there is none.
struct FileResult {
  std::string path;
  std::variant<Report, InputError> outcome;
};

struct TextOptions {
  bool color = false;
  bool quiet = false;  // findings only, no summary
};

// One diagnostic line per finding (file:0xOFFSET: severity: message
// [rule-id]), its notes indented below, then a summary of the syscalls,
// capabilities and capsule kind.
std::string render_text(const FileResult& result, const TextOptions& options);

// The versioned JSON object of one input, on one line (see README, "JSON
// output"). Bump kJsonVersion on any incompatible change.
inline constexpr int kJsonVersion = 1;
std::string render_json(const FileResult& result);

}  // namespace astrid
