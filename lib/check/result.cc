#include "check/result.h"

#include <algorithm>

namespace astrid {

std::string_view to_string(SuppressionKind kind) {
  switch (kind) {
    case SuppressionKind::Inline: return "inline";
    case SuppressionKind::Configuration: return "configuration";
    case SuppressionKind::Baseline: return "baseline";
  }
  return "?";
}

size_t InputResult::count(Severity severity) const {
  size_t n = count_findings(findings, severity);
  for (const FileResult& m : modules)
    if (const auto* report = std::get_if<Report>(&m.outcome)) n += report->count(severity);
  return n;
}

bool InputResult::unreadable() const {
  return failure || manifest_error || std::any_of(modules.begin(), modules.end(), [](const FileResult& m) {
           return std::holds_alternative<InputError>(m.outcome);
         });
}

}  // namespace astrid
