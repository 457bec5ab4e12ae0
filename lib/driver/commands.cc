#include "driver/commands.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <variant>

#include "abi/extism_abi.h"
#include "check/rules.h"
#include "driver/check_command.h"
#include "driver/config.h"
#include "report/caps.h"
#include "capsule/manifest_edit.h"
#include "report/diff.h"
#include "report/escape.h"
#include "report/rule_docs.h"
#include "report/table_format.h"
#include "support/output.h"
#include "support/suggest.h"

namespace astrid {
namespace {

// --color auto: colour only on a terminal, and never when NO_COLOR is set
// to anything non-empty (no-color.org); always/never override both.
// "a, b" as a user types it in a list: each item without the spaces
// around it, empty ones dropped.
std::vector<std::string> trimmed(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    const size_t first = item.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    out.push_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
  }
  return out;
}

// caps and diff describe one release: a list, or all, they could not
// honour (they once used the newest silently).
std::optional<int> one_release(const CommonArgs& args, std::string_view command) {
  const std::vector<std::string> names = trimmed(args.abi);
  if (names.size() > 1 || (names.size() == 1 && names.front() == "all"))
    return usage_error(fmt::format("{} describes one kernel release: give --abi once, with one release "
                                   "(`astrid-abi check --abi all` compares releases)",
                                   command));
  return std::nullopt;
}

}  // namespace

std::variant<Settings, int> load_settings(const CommonArgs& args) {
  Settings settings;
  if (args.no_config) {
    settings.origin = "configuration: none (--no-config)";
    return settings;
  }
  std::optional<std::string> path;
  if (!args.config.empty()) {
    path = args.config;
  } else {
    const ConfigSearch search = find_config(".");
    path = search.path;
    if (!path) settings.origin = "configuration: none (no " + std::string(kConfigName) + " up to " +
                                 escape_untrusted(search.stopped_at) + ")";
  }
  if (!path) return settings;
  auto loaded = load_config(*path);
  if (!loaded) {
    const InputError& error = loaded.error();
    std::string where = escape_untrusted(*path);
    if (error.line) where += fmt::format(":{}:{}", error.line, error.column);
    return usage_error(fmt::format("{}: {}", where, escape_untrusted(error.message)));
  }
  settings.config = *std::move(loaded);
  settings.origin = "configuration: " + escape_untrusted(*path);
  return settings;
}

std::variant<ReleaseChoice, int> choose_releases(const CommonArgs& args, const Config& config) {
  const std::vector<std::string> names = trimmed(args.abi);
  if (names.empty()) return config.releases;
  auto parsed = parse_release_choice(names);
  if (auto* bad = std::get_if<std::string>(&parsed))
    return usage_error(fmt::format("unknown kernel release '{}'; known: {}, or all", escape_untrusted(*bad),
                                   kernel_release_names(", ")));
  return std::get<ReleaseChoice>(parsed);
}

namespace {

// The CheckCommand that check, caps and diff start from.
std::variant<CheckCommand, int> prepare(const CommonArgs& args, Settings& settings) {
  CheckCommand command;
  auto releases = choose_releases(args, settings.config);
  if (auto* status = std::get_if<int>(&releases)) return *status;
  command.set_releases(std::get<ReleaseChoice>(releases));
  if (!args.manifest.empty()) command.manifest = args.manifest;
  return command;
}

// The one input of caps and diff, checked without rule settings.
std::variant<InputResult, int> check_one(const std::string& path, const CheckCommand& command) {
  const std::vector<InputSpec> specs = expand_inputs({path});
  if (specs.size() != 1)
    return usage_error(fmt::format("'{}' holds {} capsules; give one", escape_untrusted(path), specs.size()));
  InputResult result = check_input(specs.front(), command);
  if (result.unreadable()) {
    write_stderr(render_failures(result));
    return kExitInput;
  }
  return result;
}

}  // namespace

int usage_error(const std::string& message) {
  write_stderr(fmt::format("astrid-abi: error: {}\n", message));
  return kExitInput;
}

namespace {

bool set(const char* name) {
  const char* value = std::getenv(name);
  return value && *value && std::string_view(value) != "0";
}

// --color auto, as other tools read the environment: NO_COLOR (any
// value) wins, then FORCE_COLOR or CLICOLOR_FORCE (not "0") force it, then
// a dumb terminal or no terminal turns it off.
}  // namespace

bool want_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  if (set("FORCE_COLOR") || set("CLICOLOR_FORCE")) return true;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return !output_to_file() && isatty(STDOUT_FILENO);
}

int unknown_command(std::string_view given, const std::vector<std::string>& commands) {
  const std::vector<std::string_view> names(commands.begin(), commands.end());
  const auto near = closest_name(given, names);
  return usage_error(fmt::format("unknown command '{}'{}; the commands are {} (astrid-abi help COMMAND)",
                                 escape_untrusted(given), near ? fmt::format(" (did you mean '{}'?)", *near) : "",
                                 fmt::join(commands, ", ")));
}

int parse_error(std::string_view error, std::string_view command, const std::vector<std::string>& args,
                const std::vector<std::string>& options) {
  const std::vector<std::string_view> names(options.begin(), options.end());
  std::string hint;
  for (const std::string& arg : args) {
    if (!arg.starts_with("--")) continue;
    const std::string_view name = std::string_view(arg).substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    if (auto near = closest_name(name, names)) {
      hint = fmt::format(" (did you mean '{}'?)", *near);
      break;
    }
  }
  return usage_error(fmt::format("{}{}; see astrid-abi {}--help", escape_untrusted(error), hint,
                                 command.empty() ? "" : std::string(command) + " "));
}

std::string releases_help() {
  return "kernel releases, comma-separated, or all (the tagged releases of the binary's era): " +
         kernel_release_names(", ") + " (default " + std::string(default_release(Era::Extism).name) +
         " for a core module, " + std::string(default_release(Era::Component).name) + " for a component)";
}

std::string release_help() {
  return "one kernel release: " + kernel_release_names(", ") + " (default " +
         std::string(default_release(Era::Extism).name) + " for a core module, " +
         std::string(default_release(Era::Component).name) + " for a component)";
}

std::string table_release_help() {
  return "kernel release: " + kernel_release_names(", ") + " (default " + std::string(default_release().name) + ")";
}

int check_command(const CheckArgs& given) {
  CheckArgs args = given;
  if (!args.wit.empty()) {
    // Before any release is chosen: "wit" is one from here on.
    if (auto error = load_wit_release(args.wit))
      return usage_error(fmt::format("--wit: {}", escape_untrusted(error->to_string())));
    args.abi.push_back("wit");
  }
  auto loaded = load_settings(args);
  if (auto* status = std::get_if<int>(&loaded)) return *status;
  Settings& settings = std::get<Settings>(loaded);
  auto prepared = prepare(args, settings);
  if (auto* status = std::get_if<int>(&prepared)) return *status;
  CheckCommand check = std::get<CheckCommand>(std::move(prepared));

  check.inputs = args.inputs;
  check.excludes = args.exclude;
  if (!args.baseline.empty() && !args.write_baseline.empty())
    return usage_error("--baseline and --write-baseline: give one (write a new baseline without the old)");
  if (!args.baseline.empty()) {
    auto baseline = read_baseline(args.baseline);
    if (!baseline) return usage_error(fmt::format("--baseline {}: {}", escape_untrusted(args.baseline), baseline.error().message));
    check.baseline = *std::move(baseline);
    check.baseline_source = args.baseline;
  }
  check.write_baseline = args.write_baseline;
  check.options.require = trimmed(args.require);
  check.options.require_all = args.require_all;
  if (auto unknown = unknown_required_syscall(check.options)) {
    const auto hint = unknown_syscall_hint(unknown->name, *unknown->release);
    return usage_error(fmt::format("--require: kernel {} has no syscall '{}'{}", unknown->release->name,
                                   escape_untrusted(unknown->name), hint ? "; " + *hint : ""));
  }
  if (std::count(check.inputs.begin(), check.inputs.end(), "-") > 1)
    return usage_error("standard input (-) can be checked once per run");
  check.format = *parse_report_format(args.format);
  check.fail_on = args.fail_on ? *parse_severity(*args.fail_on) : settings.config.fail_on.value_or(Severity::Error);
  check.text.quiet = args.quiet;
  check.text.verbose = args.verbose;
  check.text.color = check.format == ReportFormat::Text && want_color(args.color);
  {
    // Fingerprints, SARIF's URIs and annotations name files relative to
    // one directory.
    auto base = sarif_base_dir(args.base_dir);
    if (!base) return usage_error(base.error().message);
    check.root = *base;
    if (check.format == ReportFormat::Sarif || check.format == ReportFormat::Github) check.text.base_dir = *base;
  }
  check.validate = args.validate;
  check.jobs = args.jobs;
  check.config = std::move(settings.config);
  if (check.text.verbose && check.format == ReportFormat::Text) {
    write_stdout("astrid-abi: " + settings.origin + "\n");
    for (const auto& [id, setting] : check.config.rules)
      write_stdout(fmt::format("astrid-abi: {}: rule {} is {}{}\n", escape_untrusted(setting.source), id,
                               setting.severity ? to_string(*setting.severity) : "off",
                               setting.reason.empty() ? "" : ": " + escape_untrusted(setting.reason)));
  }
  auto reporter = make_reporter(check.format, check.text, stdout);
  return run_check(check, *reporter);
}

int caps_command(const CapsArgs& args) {
  if (auto status = one_release(args, "caps")) return *status;
  auto loaded = load_settings(args);
  if (auto* status = std::get_if<int>(&loaded)) return *status;
  auto prepared = prepare(args, std::get<Settings>(loaded));
  if (auto* status = std::get_if<int>(&prepared)) return *status;
  CheckCommand& command = std::get<CheckCommand>(prepared);
  // --port reads the syscalls on an Extism-era release and ports them to a
  // component-era one: --abi names either (the other is the era's default).
  const ComponentRelease* port_to = default_release(Era::Component).component;
  if (args.port) {
    const KernelRelease* named = command.core_releases.size() == 1 ? command.core_releases.front() : nullptr;
    ReleaseChoice read_on;
    read_on.named.push_back(named && named->era == Era::Extism ? named : &default_release(Era::Extism));
    if (named && named->era == Era::Component) port_to = named->component;
    command.set_releases(read_on);
  }
  auto result = check_one(args.input, command);
  if (auto* status = std::get_if<int>(&result)) return *status;
  const InputResult& r = std::get<InputResult>(result);
  if (args.port) {
    if (component_of(r))
      return usage_error(fmt::format("{}: a component already: --port lists what replaces an Extism-era capsule's syscalls",
                                     escape_untrusted(display_path(args.input))));
    if (args.emit_manifest || !args.merge.empty()) return usage_error("--port prints a list; give it alone");
    if (args.format == "json") write_stdout(render_port_json(r, *port_to), OutputKind::Json);
    else write_stdout(render_port_text(r, *port_to));
    return kExitClean;
  }
  if (!args.merge.empty()) {
    if (args.emit_manifest) return usage_error("--merge prints the merged manifest; give it without --emit-manifest");
    auto text = read_text_file(args.merge, kMaxManifestBytes);
    if (!text) return usage_error(fmt::format("{}: {}", escape_untrusted(args.merge), text.error().message));
    auto merged = merge_manifest_lines(*text, manifest_lines(r));
    if (!merged) {
      const InputError& e = merged.error();
      return usage_error(fmt::format("{}{}: {}", escape_untrusted(args.merge),
                                     e.line ? fmt::format(":{}:{}", e.line, e.column) : std::string(),
                                     escape_untrusted(e.message)));  // it may quote a key of the file
    }
    write_stdout(merged->text);
    std::string summary;
    for (const std::string& k : merged->added) summary += fmt::format("astrid-abi: added {}\n", escape_untrusted(k));
    for (const std::string& k : merged->renamed)
      summary += fmt::format("astrid-abi: renamed {} (check says whether it grants enough)\n", escape_untrusted(k));
    for (const std::string& k : merged->kept)
      summary += fmt::format("astrid-abi: kept {}, already there (check says whether it grants enough)\n", escape_untrusted(k));
    write_stderr(summary);
    return kExitClean;
  }
  if (!args.emit_manifest && args.format == "json") write_stdout(render_caps_json(r), OutputKind::Json);
  else write_stdout(args.emit_manifest ? emit_manifest(r) : render_caps_text(r));
  return kExitClean;
}

int diff_command(const DiffArgs& args) {
  if (auto status = one_release(args, "diff")) return *status;
  auto loaded = load_settings(args);
  if (auto* status = std::get_if<int>(&loaded)) return *status;
  auto prepared = prepare(args, std::get<Settings>(loaded));
  if (auto* status = std::get_if<int>(&prepared)) return *status;
  const CheckCommand& command = std::get<CheckCommand>(prepared);
  auto before = check_one(args.old_input, command);
  if (auto* status = std::get_if<int>(&before)) return *status;
  auto after = check_one(args.new_input, command);
  if (auto* status = std::get_if<int>(&after)) return *status;
  const InputResult& old_result = std::get<InputResult>(before);
  const InputResult& new_result = std::get<InputResult>(after);
  const auto changes = diff_inputs(old_result, new_result);
  if (args.format == "json") write_stdout(render_diff_json(old_result, new_result, changes), OutputKind::Json);
  else write_stdout(render_diff_text(changes, want_color(args.color)));
  return args.fail_on_new_capability && adds_capability(changes) ? kExitFindings : kExitClean;
}

int table_command(const TableArgs& args) {
  const TableFormat format = *parse_table_format(args.format);
  if (args.releases) {
    if (!args.abi.empty()) return usage_error("--releases lists every release; give no --abi");
    if (format != TableFormat::Text && format != TableFormat::Json)
      return usage_error("--releases prints text or json");
    write_stdout(format_release_list(format), format == TableFormat::Json ? OutputKind::Json : OutputKind::Text);
    return kExitClean;
  }
  const KernelRelease* release = args.abi.empty() ? &kernel_release(default_release()) : find_kernel_release(args.abi);
  if (!release)
    return usage_error(fmt::format("unknown kernel release '{}'; known: {}", escape_untrusted(args.abi),
                                   kernel_release_names(", ")));
  if (release->extism) {
    if (format == TableFormat::Wit)
      return usage_error(fmt::format("kernel {} runs Extism core modules: --format wit is for component-era "
                                     "releases (v0.6.0 and later)",
                                     release->name));
    write_stdout(format_table(*release->extism, format), format == TableFormat::Json ? OutputKind::Json : OutputKind::Text);
    return kExitClean;
  }
  if (format == TableFormat::Wat || format == TableFormat::C)
    return usage_error(fmt::format("kernel {} links components: --format {} is for the Extism era's syscalls; "
                                   "use wit",
                                   release->name, args.format));
  write_stdout(format_table(*release->component, format), format == TableFormat::Json ? OutputKind::Json : OutputKind::Text);
  return kExitClean;
}

namespace {

// Where `rules ID` wraps: $COLUMNS, else the terminal's width, else 80
// (and never narrower than 40).
size_t text_width() {
  if (const char* columns = std::getenv("COLUMNS"))
    if (const long n = std::strtol(columns, nullptr, 10); n > 0) return static_cast<size_t>(std::max(40L, std::min(n, 1000L)));
  struct winsize ws {};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return std::max<size_t>(40, ws.ws_col);
  return 80;
}

}  // namespace

int rules_command(const std::string& rule_id, const std::string& format) {
  if (rule_id.empty()) {
    write_stdout(format == "markdown" ? render_rules_markdown()
                 : format == "man"    ? render_rules_roff()
                 : format == "json"   ? render_rules_json()
                                      : render_rule_list(),
                 format == "json" ? OutputKind::Json : OutputKind::Text);
    return kExitClean;
  }
  const Rule* r = find_rule(rule_id);
  if (!r) {
    const auto near = closest_name(rule_id, rule_ids());
    return usage_error(fmt::format("no rule '{}'{}; `astrid-abi rules` lists them", escape_untrusted(rule_id),
                                   near ? fmt::format(" (did you mean '{}'?)", *near) : std::string()));
  }
  if (format == "man") return usage_error("--format man prints the whole catalogue; give no rule");
  write_stdout(format == "markdown" ? render_rule_page(*r)
               : format == "json"   ? render_rule_json(*r)
                                    : render_rule(*r, text_width()),
               format == "json" ? OutputKind::Json : OutputKind::Text);
  return kExitClean;
}

}  // namespace astrid
