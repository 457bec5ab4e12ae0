#include "report/rule_docs.h"

#include <fmt/format.h>

namespace astrid {

std::string render_rule_list() {
  std::string out;
  for (const Rule& r : rules()) out += fmt::format("{:<24} {:<8} {}\n", r.id, to_string(r.severity), r.summary);
  return out;
}

std::string render_rule(const Rule& r) {
  return fmt::format("{} ({}{})\n  {}\n\nWhy: {}\n\nFix: {}\n", r.id, to_string(r.severity),
                     r.blocks_load ? ", the capsule does not load" : "", r.summary, r.rationale, r.example);
}

}  // namespace astrid
