#include "finding.h"

namespace astrid {

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::Note, Severity::Warning, Severity::Error})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

}  // namespace astrid
