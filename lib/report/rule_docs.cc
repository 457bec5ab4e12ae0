#include "report/rule_docs.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

namespace {

// roff text: a backslash is \e, a hyphen \-, and a line may not begin
// with a control character.
std::string roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

}  // namespace

std::string render_rules_markdown() {
  std::string out;
  for (const Rule& r : rules()) out += fmt::format("| `{}` | {} | {} |\n", r.id, to_string(r.severity), r.summary);
  return out;
}

std::string render_rules_roff() {
  std::string out;
  for (const Rule& r : rules()) {
    out += fmt::format(".TP\n.BR {} \" ({}{})\"\n{}.\n{}\n.br\nFix: {}\n", roff(r.id), to_string(r.severity),
                       r.blocks_load ? ", does not load" : "", roff(r.summary), roff(r.rationale), roff(r.example));
  }
  return out;
}

std::string render_rules_json() {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const Rule& r : rules())
    list.push_back({{"id", r.id},
                    {"severity", to_string(r.severity)},
                    {"blocks_load", r.blocks_load},
                    {"summary", r.summary},
                    {"rationale", r.rationale},
                    {"example", r.example}});
  return Json{{"rules", std::move(list)}}.dump(2) + "\n";
}

}  // namespace astrid
