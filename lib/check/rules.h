// The catalogue of rules: every finding names one. Ids are stable: CI
// configurations and suppressions refer to them.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "check/finding.h"

namespace astrid {

struct Rule {
  std::string_view id;
  Severity severity;
  bool blocks_load;            // the kernel refuses to load a capsule with it
  std::string_view summary;    // one line
  std::string_view rationale;  // why it matters
  std::string_view example;    // what the fix looks like
};

std::span<const Rule> rules();
const Rule* find_rule(std::string_view id);
// Every rule's id, for a did-you-mean.
std::vector<std::string_view> rule_ids();
// For the checks: the rule with this id, which must exist.
const Rule& rule(std::string_view id);
// A finding of that rule, at its default severity, with its message's
// pattern and arguments (see Finding).
Finding make_finding(std::string_view rule_id, std::string_view pattern, std::vector<MessageArg> args = {});

}  // namespace astrid
