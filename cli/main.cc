// astrid-abi's command line: parse arguments, hand over to the library.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

#include "abi/extism_abi.h"
#include "report/caps.h"
#include "driver/check_command.h"
#include "driver/config.h"
#include "report/diff.h"
#include "report/escape.h"
#include "support/output.h"
#include "check/rules.h"
#include "report/table_format.h"

namespace {

using namespace astrid;

int usage_error(const std::string& message) {
  write_stderr(fmt::format("astrid-abi: error: {}\n", message));
  return kExitInput;
}

// --color auto: colour only on a terminal, and never when NO_COLOR is set
// to anything non-empty (no-color.org); always/never override both.
bool want_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

int print_rules(const std::string& id) {
  if (id.empty()) {
    for (const Rule& r : rules()) write_stdout(fmt::format("{:<24} {:<8} {}\n", r.id, to_string(r.severity), r.summary));
    return kExitClean;
  }
  const Rule* r = find_rule(id);
  if (!r) return usage_error(fmt::format("no rule '{}'; `astrid-abi rules` lists them", id));
  write_stdout(fmt::format("{} ({}{})\n  {}\n\nWhy: {}\n\nFix: {}\n", r->id, to_string(r->severity),
             r->blocks_load ? ", the capsule does not load" : "", r->summary, r->rationale, r->example));
  return kExitClean;
}

void write(const std::string& text) { write_stdout(text); }

// The one input of caps and diff, checked without rule settings.
std::variant<InputResult, int> check_one(const std::string& path, const CheckCommand& command) {
  const std::vector<InputSpec> specs = expand_inputs({path});
  if (specs.size() != 1)
    return usage_error(fmt::format("'{}' holds {} capsules; give one", escape_untrusted(path), specs.size()));
  InputResult result = check_input(specs.front(), command);
  if (result.unreadable()) {
    TextOptions quiet;
    quiet.quiet = true;
    write_stderr(render_text(result, quiet));
    return kExitInput;
  }
  return result;
}

int run(int argc, char** argv) {
  CLI::App app{"astrid-abi: check Astrid OS capsules against the kernel's host ABI"};
  app.name("astrid-abi");
  app.require_subcommand(1);
  app.set_version_flag("--version", "astrid-abi " + std::string(ASTRID_ABI_VERSION));
  const std::string releases_help = "kernel releases, comma-separated, or all: " + release_names(", ") +
                                    " (default " + std::string(default_release().name) + ")";

  std::vector<std::string> abi;
  std::string manifest;
  std::string config_path;
  bool no_config = false;

  CheckCommand check;
  std::string format = "text";
  std::string fail_on = "error";
  std::string color = "auto";
  auto* check_cmd = app.add_subcommand("check", "Check capsules: would the kernel link them, and what do they need?");
  check_cmd->add_option("CAPSULE", check.inputs, ".wasm modules, .capsule archives, directories, or - for stdin")
      ->required();
  auto* check_abi = check_cmd->add_option("--abi", abi, releases_help)->delimiter(',');
  check_cmd->add_option("--manifest", manifest, "the Capsule.toml of a .wasm input (default: the one beside it)");
  check_cmd->add_option("--require", check.options.require, "syscalls the capsule must import (comma-separated)")
      ->delimiter(',');
  check_cmd->add_flag("--require-all", check.options.require_all, "the capsule must import every syscall of --abi");
  check_cmd->add_option("--format", format, "text, json, sarif or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  auto* check_fail_on = check_cmd->add_option("--fail-on", fail_on, "lowest severity that exits 1: error, warning or note")
                            ->check(CLI::IsMember({"error", "warning", "note"}));
  check_cmd->add_option("--color", color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
  check_cmd->add_flag("-q,--quiet", check.text.quiet, "print findings only, no summary");
  check_cmd->add_flag("-v,--verbose", check.text.verbose, "also show the findings the configuration turned off, and why");
  check_cmd->add_flag("--validate", check.validate, "also validate whole modules, function bodies included, with wabt");
  check_cmd->add_option("-j,--jobs", check.jobs, "inputs checked at once (default: one per core)");

  std::string caps_input;
  bool emit = false;
  std::string caps_format = "text";
  auto* caps_cmd = app.add_subcommand("caps", "Print the capabilities a capsule needs, or the manifest table for them");
  caps_cmd->add_option("CAPSULE", caps_input, "a .wasm module, a .capsule archive, a capsule directory, or -")
      ->required();
  auto* caps_abi = caps_cmd->add_option("--abi", abi, releases_help)->delimiter(',');
  caps_cmd->add_option("--manifest", manifest, "the Capsule.toml of a .wasm input (default: the one beside it)");
  caps_cmd->add_flag("--emit-manifest", emit, "print the smallest [capabilities] table, ready to paste");
  caps_cmd->add_option("--format", caps_format, "text or json")->check(CLI::IsMember({"text", "json"}));

  std::string old_input, new_input;
  bool fail_on_new = false;
  std::string diff_format = "text";
  auto* diff_cmd = app.add_subcommand("diff", "Show the syscalls and capabilities added and removed between two builds");
  diff_cmd->add_option("OLD", old_input, "the old build: a .wasm module, a .capsule archive or a capsule directory")
      ->required();
  diff_cmd->add_option("NEW", new_input, "the new build")->required();
  auto* diff_abi = diff_cmd->add_option("--abi", abi, releases_help)->delimiter(',');
  diff_cmd->add_flag("--fail-on-new-capability", fail_on_new,
                     "exit 1 when the new build needs or grants a capability the old one did not");
  diff_cmd->add_option("--format", diff_format, "text or json")->check(CLI::IsMember({"text", "json"}));

  // The configuration is read by every command that checks capsules.
  for (CLI::App* cmd : {check_cmd, caps_cmd, diff_cmd}) {
    cmd->add_option("--config", config_path, "the configuration file (default: the nearest .astrid-abi.toml)");
    cmd->add_flag("--no-config", no_config, "ignore any .astrid-abi.toml");
  }

  std::string table_format = "text";
  auto* table_cmd = app.add_subcommand("table", "Print a kernel release's syscall table");
  std::string table_abi = std::string(default_release().name);
  table_cmd->add_option("--abi", table_abi, "kernel release: " + release_names(", ") + " (default " +
                                                std::string(default_release().name) + ")");
  table_cmd->add_option("--format", table_format, "text, json, markdown, wat or c")
      ->check(CLI::IsMember({"text", "json", "markdown", "wat", "c"}));

  std::string rule_id;
  auto* rules_cmd = app.add_subcommand("rules", "List the rules, or explain one");
  rules_cmd->add_option("RULE", rule_id, "a rule id, e.g. unknown-syscall");

  if (argc < 2) {
    write_stderr(app.help());
    return kExitInput;
  }
  if (argv[1][0] != '-') {
    std::string known;
    bool found = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      found = found || sub->get_name() == argv[1];
      known += (known.empty() ? "" : ", ") + sub->get_name();
    }
    if (!found) return usage_error(fmt::format("unknown command '{}'; the commands are {}", argv[1], known));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(std::string(e.what()) + "; see astrid-abi --help");
  }

  if (*rules_cmd) return print_rules(rule_id);

  if (*table_cmd) {
    const Release* release = find_release(table_abi);
    if (!release)
      return usage_error(fmt::format("unknown kernel release '{}'; known: {}", table_abi, release_names(", ")));
    write(format_table(*release, *parse_table_format(table_format)));
    return kExitClean;
  }

  // The configuration: --config, else the nearest .astrid-abi.toml.
  Config config;
  std::string config_note;
  if (!no_config) {
    std::optional<std::string> path;
    if (config_path.empty()) {
      const ConfigSearch search = find_config(".");
      path = search.path;
      if (!path) config_note = "no " + std::string(kConfigName) + " up to " + escape_untrusted(search.stopped_at);
    } else {
      path = config_path;
    }
    if (path) {
      auto loaded = load_config(*path);
      if (!loaded) {
        const InputError& error = loaded.error();
        std::string where = escape_untrusted(*path);
        if (error.line) where += fmt::format(":{}:{}", error.line, error.column);
        return usage_error(fmt::format("{}: {}", where, escape_untrusted(error.message)));
      }
      config = *std::move(loaded);
    }
  }

  const bool abi_given = check_abi->count() || caps_abi->count() || diff_abi->count();
  if (abi_given) {
    auto parsed = parse_releases(abi);
    if (auto* bad = std::get_if<std::string>(&parsed))
      return usage_error(
          fmt::format("unknown kernel release '{}'; known: {}, or all", escape_untrusted(*bad), release_names(", ")));
    check.options.releases = std::get<std::vector<const Release*>>(parsed);
  } else if (!config.releases.empty()) {
    check.options.releases = config.releases;
  }
  if (!manifest.empty()) check.manifest = manifest;

  if (*caps_cmd) {
    auto result = check_one(caps_input, check);
    if (int* status = std::get_if<int>(&result)) return *status;
    const InputResult& r = std::get<InputResult>(result);
    write(emit ? emit_manifest(r) : caps_format == "json" ? render_caps_json(r) : render_caps_text(r));
    return kExitClean;
  }

  if (*diff_cmd) {
    auto before = check_one(old_input, check);
    if (int* status = std::get_if<int>(&before)) return *status;
    auto after = check_one(new_input, check);
    if (int* status = std::get_if<int>(&after)) return *status;
    const auto changes = diff_inputs(std::get<InputResult>(before), std::get<InputResult>(after));
    write(diff_format == "json"
              ? render_diff_json(std::get<InputResult>(before), std::get<InputResult>(after), changes)
              : render_diff_text(changes));
    return fail_on_new && adds_capability(changes) ? kExitFindings : kExitClean;
  }

  if (auto unknown = unknown_required_syscall(check.options)) {
    const auto hint = unknown_syscall_hint(unknown->name, *unknown->release);
    return usage_error(fmt::format("--require: kernel {} has no syscall '{}'{}", unknown->release->name,
                                   escape_untrusted(unknown->name), hint ? "; " + *hint : ""));
  }
  if (std::count(check.inputs.begin(), check.inputs.end(), "-") > 1)
    return usage_error("standard input (-) can be checked once per run");
  check.format = *parse_report_format(format);
  check.fail_on = check_fail_on->count() ? *parse_severity(fail_on) : config.fail_on.value_or(Severity::Error);
  check.text.color = check.format == ReportFormat::Text && want_color(color);
  check.config = std::move(config);
  if (check.text.verbose && check.format == ReportFormat::Text) {
    if (check.config.path.empty())
      write_stdout(fmt::format("astrid-abi: configuration: none ({})\n", no_config ? "--no-config" : config_note));
    else
      write_stdout(fmt::format("astrid-abi: configuration: {}\n", escape_untrusted(check.config.path)));
  }
  if (check.text.verbose && !check.config.path.empty() && check.format == ReportFormat::Text)
    for (const auto& [id, setting] : check.config.rules)
      write_stdout(fmt::format("astrid-abi: {}: rule {} is {}{}\n", escape_untrusted(setting.source), id,
                 setting.severity ? to_string(*setting.severity) : "off",
                 setting.reason.empty() ? "" : ": " + escape_untrusted(setting.reason)));
  auto reporter = make_reporter(check.format, check.text, stdout);
  return run_check(check, *reporter);
}

}  // namespace

int main(int argc, char** argv) {
  guard_standard_streams();
  int status = kExitInput;
  try {
    status = run(argc, argv);
  } catch (const std::exception& e) {
    // Out of memory, or a bug: say so instead of aborting.
    write_stderr(std::string("astrid-abi: internal error: ") + e.what() + "\n");
  }
  return finish_output(status);
}
