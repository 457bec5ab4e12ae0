#include "support/expected.h"
#include "driver/config.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <fnmatch.h>

#include <filesystem>

#include "capsule/toml_parser.h"

#include "wasm/byte_source.h"
#include "capsule/manifest.h"
#include "check/extism_check.h"
#include "check/rules.h"
#include "report/escape.h"
#include "support/paths.h"
#include "support/suggest.h"

namespace astrid {
namespace {

namespace fs = std::filesystem;


// "unknown key 'fail_on'" with the key meant, when one is near.
std::string did_you_mean(std::string_view name, const std::vector<std::string_view>& known) {
  const auto near = closest_name(name, known);
  return near ? fmt::format(" (did you mean '{}'?)", *near) : std::string();
}

// A rule's level: a severity, or "off".
std::optional<Severity> level(const toml::node& node, std::string_view rule_id) {
  const std::string value = toml_string(node, rule_id);
  if (value == "off") return std::nullopt;
  if (auto s = parse_severity(value)) return s;
  toml_fail(node.source(), fmt::format("'{}' for rule {} is not error, warning, note or off{}", value, rule_id,
                                       did_you_mean(value, {"error", "warning", "note", "off"})));
}

void read_rules(const toml::table& table, const std::string& path, std::map<std::string, RuleSetting, std::less<>>& rules) {
  for (auto&& [key, node] : table) {
    const std::string id(key.str());
    if (!find_rule(id))
      toml_fail(key.source(), fmt::format("no rule '{}'{}; `astrid-abi rules` lists them", id,
                                          did_you_mean(id, rule_ids())));
    RuleSetting setting;
    setting.source = fmt::format("{}:{}", path, key.source().begin.line);
    setting.line = key.source().begin.line;
    setting.column = key.source().begin.column;
    if (const toml::table* t = node.as_table()) {
      bool has_level = false;
      for (auto&& [k, v] : *t) {
        if (k.str() == "level") {
          setting.severity = level(v, id);
          has_level = true;
        } else if (k.str() == "reason") {
          setting.reason = toml_string(v, "reason");
        } else {
          toml_fail(k.source(), fmt::format("unknown key '{}' for rule {}{}: the keys are level and reason",
                                            k.str(), id, did_you_mean(k.str(), {"level", "reason"})));
        }
      }
      if (!has_level) toml_fail(node.source(), fmt::format("rule {} needs a level (error, warning, note or off)", id));
    } else {
      setting.severity = level(node, id);
    }
    rules[id] = std::move(setting);
  }
}

Config read(const toml::table& root, const std::string& path) {
  Config config;
  config.path = path;
  for (auto&& [key, node] : root) {
    const std::string_view name = key.str();
    if (name == "abi") {
      std::vector<std::string> names;
      if (const toml::array* list = node.as_array())
        for (const toml::node& item : *list) names.push_back(toml_string(item, "abi"));
      else
        names.push_back(toml_string(node, "abi"));
      auto parsed = parse_release_choice(names);
      if (auto* bad = std::get_if<std::string>(&parsed))
        toml_fail(node.source(),
                  fmt::format("unknown kernel release '{}'; known: {}, or all", *bad, kernel_release_names(", ")));
      config.releases = std::get<ReleaseChoice>(parsed);
      if (config.releases.empty()) toml_fail(node.source(), "'abi' names no release");
    } else if (name == "fail-on") {
      const std::string value = toml_string(node, name);
      config.fail_on = parse_severity(value);
      if (!config.fail_on)
        toml_fail(node.source(), fmt::format("'fail-on' is '{}', not error, warning or note{}", value,
                                             did_you_mean(value, {"error", "warning", "note"})));
    } else if (name == "exclude") {
      const toml::array* list = node.as_array();
      if (!list) toml_fail(node.source(), "'exclude' must be an array of globs");
      for (const toml::node& item : *list) config.exclude.push_back(toml_string(item, "exclude"));
    } else if (name == "rules") {
      if (!node.is_table()) toml_fail(node.source(), "'rules' must be a table");
      read_rules(*node.as_table(), path, config.rules);
    } else if (name == "override") {
      if (!node.is_array_of_tables()) toml_fail(node.source(), "'override' must be an array of tables ([[override]])");
      for (const toml::node& item : *node.as_array()) {
        RuleOverride o;
        for (auto&& [k, v] : *item.as_table()) {
          if (k.str() == "paths") {
            const toml::array* list = v.as_array();
            if (!list) toml_fail(v.source(), "'paths' must be an array of globs");
            for (const toml::node& p : *list) o.paths.push_back(toml_string(p, "paths"));
          } else if (k.str() == "rules") {
            if (!v.is_table()) toml_fail(v.source(), "'rules' must be a table");
            read_rules(*v.as_table(), path, o.rules);
          } else {
            toml_fail(k.source(), fmt::format("unknown key '{}' in [[override]]{}: the keys are paths and rules",
                                              k.str(), did_you_mean(k.str(), {"paths", "rules"})));
          }
        }
        if (o.paths.empty()) toml_fail(item.source(), "[[override]] needs paths = [\"<glob>\", ...]");
        config.overrides.push_back(std::move(o));
      }
    } else {
      toml_fail(key.source(), fmt::format("unknown key '{}'{}: the keys are abi, fail-on, exclude, [rules] and [[override]]",
                                          name, did_you_mean(name, {"abi", "fail-on", "exclude", "rules", "override"})));
    }
  }
  return config;
}

}  // namespace

ConfigSearch find_config(const std::string& dir) {
  // The canonical directory, so that "." and "a/.." walk up from where
  // they are (absolute(".") is "/cwd/.", whose parent is "/cwd" again).
  std::error_code ec;
  fs::path at = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) return {};
  std::string up = dir == "." ? "" : dir + "/";
  for (;;) {
    if (fs::is_regular_file(at / kConfigName, ec)) return {up + kConfigName, at.string()};
    if (fs::exists(at / ".git", ec) || !at.has_relative_path()) return {std::nullopt, at.string()};
    at = at.parent_path();
    up += "../";
  }
}

Expected<Config> parse_config(std::string_view text, const std::string& path) {
  return read_toml(text, [&](const toml::table& root) { return read(root, path); });
}

Expected<Config> load_config(const std::string& path) {
  auto text = read_text_file(path, kMaxManifestBytes);
  if (!text) return text.error();
  return parse_config(*text, path);
}

const RuleSetting* rule_setting(const Config& config, const std::string& path, std::string_view rule,
                                const std::string& archive) {
  if (!config.overrides.empty()) {
    // Globs are relative to the configuration's directory, as the
    // repository's files are named there.
    std::error_code ec;
    const fs::path parent = fs::path(config.path).parent_path();
    fs::path dir = fs::absolute(parent.empty() ? fs::path(".") : parent, ec).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();  // "/repo/" compares as "/repo"
    auto relative = [&](const std::string& p) {
      const fs::path rel = fs::absolute(p, ec).lexically_normal().lexically_relative(dir);
      return rel.empty() || *rel.begin() == ".." ? p : rel.generic_string();
    };
    const std::string below = relative(path);
    // An archive's member ("dist/app.capsule(Capsule.toml)") is also
    // covered by the archive's own path, the file in the repository.
    const std::string container = archive.empty() ? std::string() : relative(archive);
    for (auto o = config.overrides.rbegin(); o != config.overrides.rend(); ++o) {
      auto it = o->rules.find(rule);
      if (it == o->rules.end()) continue;
      for (const std::string& glob : o->paths)
        if (::fnmatch(glob.c_str(), below.c_str(), 0) == 0 ||
            (!container.empty() && ::fnmatch(glob.c_str(), container.c_str(), 0) == 0))
          return &it->second;
    }
  }
  auto it = config.rules.find(rule);
  return it == config.rules.end() ? nullptr : &it->second;
}

void apply_rule_settings(const Config& config, const std::string& path, std::vector<Finding>& findings,
                         std::vector<Finding>& off, const std::string& archive) {
  if (config.rules.empty() && config.overrides.empty()) return;
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    const RuleSetting* setting = rule_setting(config, path, f.rule->id, archive);
    if (!setting) {
      kept.push_back(std::move(f));
    } else if (!setting->severity) {
      off.push_back(std::move(f));
    } else {
      f.severity = *setting->severity;
      kept.push_back(std::move(f));
    }
  }
  findings = std::move(kept);
}

std::vector<Finding> unused_rule_settings(const Config& config, const std::set<const RuleSetting*>& used) {
  std::vector<Finding> out;
  auto check = [&](const std::map<std::string, RuleSetting, std::less<>>& rules, std::string_view where) {
    for (const auto& [id, setting] : rules) {
      if (used.count(&setting)) continue;
      Finding f = make_finding("unused-suppression",
                               "{where} sets {id} to {level}, but no {id} finding of this run was on a file it covers",
                               {{"where", std::string(where)},
                                {"id", id},
                                {"level", setting.severity ? std::string(to_string(*setting.severity)) : "off"}});
      f.file = config.path;
      f.line = setting.line;
      f.column = setting.column;
      f.name = id;
      f.notes.push_back("remove the setting, or correct its rule or the [[override]]'s paths");
      out.push_back(std::move(f));
    }
  };
  check(config.rules, "[rules]");
  for (size_t i = 0; i < config.overrides.size(); ++i)
    check(config.overrides[i].rules, fmt::format("[[override]] {} ({})", i + 1, fmt::join(config.overrides[i].paths, ", ")));
  order_findings(out);
  return out;
}

Expected<std::string> sarif_base_dir(const std::string& given) {
  std::error_code ec;
  if (!given.empty() && !fs::is_directory(given, ec))
    return InputError{std::nullopt, fmt::format("--base-dir {}: not a directory", escape_untrusted(given))};
  std::string root = repository_root(given);
  if (root.empty()) return InputError{std::nullopt, "the current directory cannot be read: give --base-dir"};
  return root;
}

}  // namespace astrid
