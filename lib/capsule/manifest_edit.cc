#include "capsule/manifest_edit.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "abi/manifest_schema.h"
#include "capsule/component_manifest.h"
#include "capsule/manifest.h"
#include "capsule/toml_parser.h"

namespace astrid {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Whether a line is the header `[table]` (bare or quoted, maybe with a
// comment after it).
bool is_header(std::string_view line, std::string_view table) {
  line = trim(line);
  if (!line.starts_with('[') || line.starts_with("[[")) return false;
  const size_t close = line.find(']');
  if (close == std::string_view::npos) return false;
  const std::string_view rest = trim(line.substr(close + 1));
  if (!rest.empty() && rest.front() != '#') return false;
  std::string_view name = trim(line.substr(1, close - 1));
  if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') && name.back() == name.front())
    name = name.substr(1, name.size() - 2);
  return name == table;
}

// The parsed table and key, or nullptr.
const toml::node* lookup(const toml::table& root, std::string_view table, std::string_view key) {
  const toml::node* t = root.get(table);
  if (!t || !t->is_table()) return nullptr;
  return t->as_table()->get(key);
}

// The keys of `table` the kernel does not read, by the key each is a typo
// of (fs_write: fs_wirte), as the check's did-you-mean finds them; each
// key is looked at once, however many lines are merged.
std::map<std::string_view, const toml::key*> misspelt_keys(const toml::table& root, std::string_view table) {
  std::map<std::string_view, const toml::key*> out;
  const toml::node* t = root.get(table);
  if (!t || !t->is_table()) return out;
  for (const auto& [k, v] : *t->as_table())
    if (!find_manifest_key(table, k.str()))
      if (const auto meant = meant_manifest_key(table, k.str())) out.try_emplace(*meant, &k);
  return out;
}

// Renames the key written at the start of its line (bare or quoted) in
// place; false when the line does not start with it.
bool rename_key(std::vector<std::string>& lines, const toml::key& from, std::string_view to) {
  const auto line = from.source().begin.line;
  if (line == 0 || line > lines.size()) return false;
  std::string& text = lines[line - 1];
  const size_t start = text.find_first_not_of(" \t");
  if (start == std::string::npos) return false;
  const std::string_view rest = std::string_view(text).substr(start);
  const std::string_view name = from.str();
  for (std::string_view quote : {"", "\"", "'"}) {
    const std::string written = fmt::format("{}{}{}", quote, name, quote);
    if (!rest.starts_with(written)) continue;
    const char next = rest.size() > written.size() ? rest[written.size()] : '\0';
    if (next != ' ' && next != '\t' && next != '=') continue;
    text.replace(start + quote.size(), name.size(), to);
    return true;
  }
  return false;
}

}  // namespace

Expected<MergedManifest> merge_manifest_lines(std::string_view text, const std::vector<ManifestLine>& lines) {
  if (text.size() > kMaxManifestBytes)
    return InputError{std::nullopt, fmt::format("more than the {} KiB a manifest may take", kMaxManifestBytes >> 10)};
  auto parsed = read_toml(text, [](const toml::table& root) { return root; });
  if (!parsed) return parsed.error();
  const toml::table& root = *parsed;
  const std::string_view eol = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";

  MergedManifest merged;
  // Split into lines, keeping their endings, to insert after a header.
  std::vector<std::string> out;
  for (size_t start = 0; start < text.size();) {
    const size_t nl = text.find('\n', start);
    const size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    out.emplace_back(text.substr(start, end - start));
    start = end;
  }
  // The lines to add per table, in the order first named. A grant written
  // under a misspelt key is renamed, as the check advises (its values are
  // the author's): adding the key beside it would leave the typo, and the
  // check's advice to rename it would then write a duplicate key.
  std::vector<std::pair<std::string, std::vector<const ManifestLine*>>> by_table;
  std::vector<const ManifestLine*> renamed;
  std::map<std::string, std::map<std::string_view, const toml::key*>, std::less<>> typos;  // by table
  for (const ManifestLine& l : lines) {
    if (lookup(root, l.table, l.key)) {
      merged.kept.push_back(l.table + "." + l.key);
      continue;
    }
    auto table_typos = typos.find(l.table);
    if (table_typos == typos.end()) table_typos = typos.emplace(l.table, misspelt_keys(root, l.table)).first;
    const auto typo_it = table_typos->second.find(l.key);
    if (const toml::key* typo = typo_it == table_typos->second.end() ? nullptr : typo_it->second) {
      if (!rename_key(out, *typo, l.key))
        return InputError{std::nullopt, fmt::format("'{}' in [{}] is a typo of '{}', not written as a plain key at the "
                                                    "start of its line: rename it by hand, then merge", typo->str(), l.table, l.key)};
      merged.renamed.push_back(fmt::format("{}.{} to {}", l.table, typo->str(), l.key));
      renamed.push_back(&l);
      continue;
    }
    auto it = std::find_if(by_table.begin(), by_table.end(), [&](const auto& p) { return p.first == l.table; });
    if (it == by_table.end()) by_table.push_back({l.table, {&l}});
    else it->second.push_back(&l);
  }
  std::string appended;
  for (const auto& [table, adds] : by_table) {
    std::string block;
    for (const ManifestLine* l : adds) block += l->line + std::string(eol);
    const toml::node* existing = root.get(table);
    if (!existing) {
      appended += fmt::format("{}[{}]{}{}", eol, table, eol, block);
      continue;
    }
    if (!existing->is_table() || existing->as_table()->is_inline())
      return InputError{std::nullopt, fmt::format("Capsule.toml defines '{}' inline: write it as a [{}] table, then merge", table, table)};
    size_t header = out.size();
    for (size_t i = 0; i < out.size() && header == out.size(); ++i)
      if (is_header(out[i], table)) header = i;
    if (header == out.size())
      return InputError{std::nullopt, fmt::format("Capsule.toml defines [{}] with dotted keys, not a [{}] header: add the "
                                                  "lines by hand", table, table)};
    if (!out[header].ends_with('\n')) out[header] += eol;
    out.insert(out.begin() + static_cast<ptrdiff_t>(header) + 1, block);
  }
  for (const std::string& l : out) merged.text += l;
  if (!appended.empty()) {
    if (!merged.text.empty() && !merged.text.ends_with('\n')) merged.text += eol;
    merged.text += appended;
  }

  // The merge must leave a manifest that parses, with each key in its table.
  auto check = read_toml(merged.text, [](const toml::table& r) { return r; });
  if (!check) return InputError{std::nullopt, "merging would break Capsule.toml (" + check.error().message + "): add the lines by hand"};
  for (const ManifestLine* l : renamed)
    if (!lookup(*check, l->table, l->key))
      return InputError{std::nullopt, fmt::format("renaming would not put '{}' in [{}]: rename it by hand", l->key, l->table)};
  for (const auto& [table, adds] : by_table)
    for (const ManifestLine* l : adds) {
      if (!lookup(*check, table, l->key))
        return InputError{std::nullopt, fmt::format("merging would not put '{}' in [{}] (is a header inside a multi-line "
                                                    "string?): add the lines by hand", l->key, table)};
      merged.added.push_back(table + "." + l->key);
    }
  // And one the kernel still reads, if it read the original: a typo renamed
  // keeps its value, which may not be of the right key's type (netz = ""
  // would become net = "", where net takes a list).
  if (parse_component_manifest(text)) {
    auto readable = parse_component_manifest(merged.text);
    if (!readable)
      return InputError{std::nullopt, "merging would make Capsule.toml one the kernel cannot read (" +
                                          readable.error().message + "): fix it by hand"};
  }
  return merged;
}

}  // namespace astrid
