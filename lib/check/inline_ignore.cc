#include "check/inline_ignore.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "check/extism_check.h"
#include "check/rules.h"
#include "support/suggest.h"

namespace astrid {
namespace {

constexpr std::string_view kMarker = "astrid-abi: ignore[";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A comment found by the scanner: where its '#' is, and its text.
struct Comment {
  uint32_t line;
  uint32_t column;
  bool own_line;  // nothing but blanks before it on its line
  std::string_view text;
};

// The comments of a TOML text, skipping strings as TOML 1.0 delimits
// them: "basic" (with backslash escapes), 'literal', and their multi-line
// forms, whose closing delimiter may have up to two more quotes before it.
// One pass, no recursion; an unterminated string ends at the end of the
// text (or, single-line, of its line), as a reader recovering would.
std::vector<Comment> toml_comments(std::string_view text) {
  std::vector<Comment> out;
  enum class State { Normal, Basic, Literal, MultiBasic, MultiLiteral } state = State::Normal;
  uint32_t line = 1;
  size_t line_start = 0;
  bool blank_so_far = true;  // only blanks since the line's start
  auto at = [&](size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = i + 1;
      blank_so_far = true;
      if (state == State::Basic || state == State::Literal) state = State::Normal;
      continue;
    }
    switch (state) {
      case State::Normal:
        if (c == '#') {
          const size_t end = std::min(text.find('\n', i), text.size());
          out.push_back({line, static_cast<uint32_t>(i - line_start + 1), blank_so_far, text.substr(i + 1, end - i - 1)});
          i = end - 1;  // the newline is handled by the loop
          continue;
        }
        if (at(i, "\"\"\"")) state = State::MultiBasic, i += 2;
        else if (at(i, "'''")) state = State::MultiLiteral, i += 2;
        else if (c == '"') state = State::Basic;
        else if (c == '\'') state = State::Literal;
        break;
      case State::Basic:
        if (c == '\\') {
          if (i + 1 < text.size() && text[i + 1] != '\n') ++i;
        } else if (c == '"') {
          state = State::Normal;
        }
        break;
      case State::Literal:
        if (c == '\'') state = State::Normal;
        break;
      case State::MultiBasic:
      case State::MultiLiteral: {
        const char quote = state == State::MultiBasic ? '"' : '\'';
        if (state == State::MultiBasic && c == '\\') {
          if (i + 1 < text.size() && text[i + 1] != '\n') ++i;
        } else if (c == quote && at(i, std::string(3, quote))) {
          i += 2;
          for (int extra = 0; extra < 2 && i + 1 < text.size() && text[i + 1] == quote; ++extra) ++i;
          state = State::Normal;
        }
        break;
      }
    }
    if (c != ' ' && c != '\t' && c != '\r') blank_so_far = false;
  }
  return out;
}

Finding at_comment(Finding f, const std::string& manifest, const InlineIgnore& i, std::string_view id) {
  f.file = manifest;
  f.line = i.comment_line;
  f.column = i.column;
  f.name = std::string(id);
  return f;
}

}  // namespace

std::vector<InlineIgnore> find_inline_ignores(std::string_view text) {
  std::vector<InlineIgnore> out;
  for (const Comment& c : toml_comments(text)) {
    const std::string_view comment = trim(c.text);
    if (!comment.starts_with(kMarker)) continue;
    const size_t close = comment.find(']');
    if (close == std::string_view::npos) continue;
    InlineIgnore ignore{c.own_line ? c.line + 1 : c.line, c.line, c.column, {}, std::string(trim(comment.substr(close + 1)))};
    std::string_view ids = comment.substr(kMarker.size(), close - kMarker.size());
    while (!ids.empty()) {
      const size_t comma = ids.find(',');
      const std::string_view id = trim(ids.substr(0, comma));
      if (!id.empty()) ignore.rules.emplace_back(id);
      ids = comma == std::string_view::npos ? std::string_view() : ids.substr(comma + 1);
    }
    out.push_back(std::move(ignore));
  }
  return out;
}

// Whether the comment turns `rule` off on the line it covers: it names
// the rule and gives its reason.
static bool turns_off(const InlineIgnore& i, std::string_view rule) {
  return !i.reason.empty() && std::find(i.rules.begin(), i.rules.end(), rule) != i.rules.end();
}

const InlineIgnore* covering_ignore(const std::vector<InlineIgnore>& ignores, std::string_view rule, uint32_t line) {
  for (const InlineIgnore& i : ignores)
    if (i.line == line && turns_off(i, rule)) return &i;
  return nullptr;
}

std::vector<Finding> apply_inline_ignores(const std::vector<InlineIgnore>& ignores, const std::string& manifest,
                                          std::vector<Finding>& findings, std::vector<CoveredFinding>& covered) {
  // (comment, rule) pairs that covered a finding: a set, for a manifest
  // may hold tens of thousands of comments.
  std::set<std::pair<const InlineIgnore*, std::string_view>> used;
  // The comments by the line they cover: one look-up per finding.
  std::multimap<uint32_t, const InlineIgnore*> by_line;
  for (const InlineIgnore& i : ignores) by_line.emplace(i.line, &i);
  auto cover = [&](const Finding& f) -> const InlineIgnore* {
    const auto [first, last] = by_line.equal_range(f.line);
    for (auto it = first; it != last; ++it)
      if (turns_off(*it->second, f.rule->id)) return it->second;
    return nullptr;
  };
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    const InlineIgnore* i = f.line && f.file == manifest ? cover(f) : nullptr;
    if (!i) {
      kept.push_back(std::move(f));
      continue;
    }
    used.emplace(i, f.rule->id);
    covered.push_back({std::move(f), i});
  }
  findings = std::move(kept);

  std::vector<Finding> out;
  for (const InlineIgnore& i : ignores) {
    if (i.rules.empty()) {
      Finding f = make_finding("unused-suppression", "'# astrid-abi: ignore[]' names no rule, so it suppresses nothing");
      f.notes.push_back("name the rules in the brackets, comma-separated: # astrid-abi: ignore[RULE] <reason>");
      out.push_back(at_comment(std::move(f), manifest, i, ""));
      continue;
    }
    if (i.reason.empty()) {
      Finding f = make_finding("unused-suppression",
                               "'# astrid-abi: ignore[{rules}]' gives no reason, so it suppresses nothing",
                               {{"rules", fmt::format("{}", fmt::join(i.rules, ", "))}});
      f.notes.push_back("say why after the brackets: # astrid-abi: ignore[RULE] <reason>");
      out.push_back(at_comment(std::move(f), manifest, i, ""));
      continue;
    }
    for (const std::string& id : i.rules) {
      if (!find_rule(id)) {
        const auto near = closest_name(id, rule_ids());
        Finding f = make_finding("unused-suppression", "'{id}' in '# astrid-abi: ignore[...]' is not a rule: it suppresses nothing",
                                 {{"id", id}});
        f.notes.push_back(near ? fmt::format("did you mean '{}'?", *near)
                               : std::string("`astrid-abi rules` lists the rules"));
        out.push_back(at_comment(std::move(f), manifest, i, id));
      } else if (!used.count({&i, id})) {
        Finding f = make_finding("unused-suppression",
                                 "'# astrid-abi: ignore[{id}]' matches no {id} finding on line {line}",
                                 {{"id", id}, {"line", std::to_string(i.line), ArgRole::Description}});
        f.notes.push_back(fmt::format("remove {} from the comment (or the comment): it suppresses nothing", id));
        out.push_back(at_comment(std::move(f), manifest, i, id));
      }
    }
  }
  // As many as any rule reports, then one line for the rest.
  if (out.size() > kMaxFindingsPerRule) {
    const size_t more = out.size() - kMaxFindingsPerRule;
    out.resize(kMaxFindingsPerRule);
    Finding f = make_finding("unused-suppression", "{count} more unused-suppression findings, not listed: fix the ones above first",
                             {{"count", std::to_string(more), ArgRole::Description}});
    f.file = manifest;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace astrid
