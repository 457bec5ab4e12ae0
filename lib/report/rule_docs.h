// The rule catalogue rendered for people: the list `astrid-abi rules`
// prints, one rule's page, and the same texts as the README and the man
// page carry them (tests compare those documents with these renderings).
#pragma once

#include <string>

#include "check/rules.h"

namespace astrid {

// "unknown-syscall          error    an extism:host/user import ...", a line each.
std::string render_rule_list();
// One rule: its summary, why it matters, and the fix, each paragraph
// wrapped at `width` columns (0: not wrapped).
std::string render_rule(const Rule& rule, size_t width = 0);
// One rule as its documentation page, docs/rules/<id>.md (markdown), and
// as one JSON object.
std::string render_rule_page(const Rule& rule);
std::string render_rule_json(const Rule& rule);

// The catalogue as the rows of the README's table ("| rule | severity |
// what it finds |"), as the man page's RULES section (roff, without the .SH
// line), and as JSON (one object with a "rules" array).
std::string render_rules_markdown();
std::string render_rules_roff();
std::string render_rules_json();

}  // namespace astrid
