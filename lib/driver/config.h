// .astrid-abi.toml: a repository's settings for `check` (release,
// --fail-on, and per-rule severity or off), found from the current
// directory upwards.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "support/expected.h"
#include "abi/kernel_releases.h"
#include "check/finding.h"
#include "support/input_error.h"

namespace astrid {

inline constexpr const char* kConfigName = ".astrid-abi.toml";

struct RuleSetting {
  std::optional<Severity> severity;  // nullopt: the rule is off
  std::string source;                // "path:line", for verbose output
  uint32_t line = 0, column = 0;     // of its key in the configuration
  std::string reason;                // why, in the configuration's words
};

// [[override]]: rule settings for the files some glob matches (fnmatch
// against the file's path relative to the configuration's directory, `*`
// crossing '/'), over [rules].
struct RuleOverride {
  std::vector<std::string> paths;
  std::map<std::string, RuleSetting, std::less<>> rules;
};

struct Config {
  std::string path;  // empty when there is no configuration
  ReleaseChoice releases;  // empty: not set
  std::optional<Severity> fail_on;
  std::map<std::string, RuleSetting, std::less<>> rules;
  std::vector<std::string> exclude;  // globs the directory walk skips, with --exclude's
  std::vector<RuleOverride> overrides;  // in file order: a later one wins
};

// Where a configuration was looked for: the nearest .astrid-abi.toml in
// `dir` or a directory above it, up to the repository root (the first
// directory holding .git) and never beyond it, so that no file outside the
// repository can turn a rule off. `path` is relative to `dir` as the user
// would write it ("../.astrid-abi.toml"); `stopped_at` is the last
// directory searched.
struct ConfigSearch {
  std::optional<std::string> path;
  std::string stopped_at;
};
ConfigSearch find_config(const std::string& dir);

// Reads a configuration. Invalid TOML, unknown keys or rule ids, and values
// of the wrong type are an InputError with the line and column.
Expected<Config> parse_config(std::string_view text, const std::string& path);
Expected<Config> load_config(const std::string& path);

// Applies the rule settings to findings: changes severities and moves the
// findings of rules that are off into `off`.
// `path` is the file the findings are about, for [[override]]; `archive`,
// the input it is a member of ("dist/app.capsule" for
// "dist/app.capsule(x.wasm)"), or empty.
void apply_rule_settings(const Config& config, const std::string& path, std::vector<Finding>& findings,
                         std::vector<Finding>& off, const std::string& archive = {});
// The setting for `rule` on `path`: the last [[override]] matching it (or
// the archive it is in) that sets the rule, else [rules]; nullptr when
// neither does.
const RuleSetting* rule_setting(const Config& config, const std::string& path, std::string_view rule,
                                const std::string& archive = {});

// The settings of [rules] and [[override]] that changed no finding, given
// the ones that did, as unused-suppression findings on the configuration's
// lines: for a run that checked the whole tree the configuration governs
// (the caller decides), a setting nothing matched is dead.
std::vector<Finding> unused_rule_settings(const Config& config, const std::set<const RuleSetting*>& used);

// The directory SARIF's URIs are relative to: --base-dir when given (it
// must be a directory), else the repository root (the first directory up
// from the current one that holds .git), else the current directory.
// Absolute and canonical.
Expected<std::string> sarif_base_dir(const std::string& given);

}  // namespace astrid
