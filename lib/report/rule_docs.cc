#include "report/rule_docs.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace astrid {

std::string render_rule_list() {
  std::string out;
  for (const Rule& r : rules()) out += fmt::format("{:<24} {:<8} {}\n", r.id, to_string(r.severity), r.summary);
  return out;
}

namespace {

// Words filled into lines of at most `width` columns (a longer word keeps
// its own line), each continuation line indented by `indent`.
std::string wrap(std::string_view text, size_t width, std::string_view indent) {
  if (width == 0) return std::string(text);
  std::string out;
  size_t column = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t space = text.find(' ', start);
    const std::string_view word = text.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start);
    start = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    if (column > 0 && column + 1 + word.size() > width) {
      out += '\n';
      out += indent;
      column = indent.size();
    } else if (column > 0) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  return out;
}

std::string_view blocks(const Rule& r) { return r.blocks_load ? ", the capsule does not load" : ""; }

}  // namespace

std::string render_rule(const Rule& r, size_t width) {
  return fmt::format("{} ({}{})\n  {}\n\n{}\n\n{}\n", r.id, to_string(r.severity), blocks(r),
                     wrap(r.summary, width, "  "), wrap("Why: " + std::string(r.rationale), width, ""),
                     wrap("Fix: " + std::string(r.example), width, "     "));
}

std::string render_rule_page(const Rule& r) {
  return fmt::format(
      "<!-- Generated from the rule catalogue (lib/check/rules.cc) by `astrid-abi rules --format markdown {}`;\n"
      "     ASTRID_ABI_BLESS=1 ctest -R rule-docs rewrites it. -->\n"
      "# {}\n\n**{}**{}: {}.\n\n## Why\n\n{}\n\n## Fix\n\n```\n{}\n```\n\n"
      "Turn it off or change its level in `.astrid-abi.toml`: `[rules] {} = \"warning\"` (or `\"off\"`, with a "
      "`reason`).\n",
      r.id, r.id, to_string(r.severity), blocks(r), r.summary, r.rationale, r.example, r.id);
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

namespace {

nlohmann::ordered_json rule_object(const Rule& r) {
  return {{"id", r.id},
          {"severity", to_string(r.severity)},
          {"blocks_load", r.blocks_load},
          {"summary", r.summary},
          {"rationale", r.rationale},
          {"example", r.example}};
}

}  // namespace

std::string render_rule_json(const Rule& r) { return rule_object(r).dump(2) + "\n"; }

std::string render_rules_json() {
  using Json = nlohmann::ordered_json;
  Json list = Json::array();
  for (const Rule& r : rules()) list.push_back(rule_object(r));
  return Json{{"rules", std::move(list)}}.dump(2) + "\n";
}

}  // namespace astrid
