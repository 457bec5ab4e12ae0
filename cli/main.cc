// astrid-abi's command line: parse arguments, hand over to the library.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>

#include "abi.h"
#include "check_command.h"
#include "rules.h"
#include "table_format.h"

namespace {

using namespace astrid;

int usage_error(const std::string& message) {
  fmt::print(stderr, "astrid-abi: error: {}\n", message);
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
    for (const Rule& r : rules()) fmt::print("{:<24} {:<8} {}\n", r.id, to_string(r.severity), r.summary);
    return kExitClean;
  }
  const Rule* r = find_rule(id);
  if (!r) return usage_error(fmt::format("no rule '{}'; `astrid-abi rules` lists them", id));
  fmt::print("{} ({})\n  {}\n\nWhy: {}\n\nFix: {}\n", r->id, to_string(r->severity), r->summary, r->rationale,
             r->example);
  return kExitClean;
}

int run(int argc, char** argv) {
  CLI::App app{"astrid-abi: check Astrid OS capsules against the kernel's host ABI"};
  app.name("astrid-abi");
  app.require_subcommand(1);
  app.set_version_flag("--version", "astrid-abi " + std::string(PROJECT_VERSION));
  const std::string releases_help = "kernel release: " + release_names(", ") + " (default " +
                                    std::string(default_release().name) + ")";

  std::string abi = std::string(default_release().name);
  std::string format = "text";

  CheckCommand check;
  std::string fail_on = "error";
  std::string color = "auto";
  auto* check_cmd = app.add_subcommand("check", "Check capsules: would the kernel link them, and what do they need?");
  check_cmd->add_option("CAPSULE", check.inputs, "capsule .wasm files")->required();
  check_cmd->add_option("--abi", abi, releases_help);
  check_cmd->add_option("--require", check.options.require, "syscalls the capsule must import (comma-separated)")
      ->delimiter(',');
  check_cmd->add_flag("--require-all", check.options.require_all, "the capsule must import every syscall of --abi");
  check_cmd->add_option("--format", format, "text or json")->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_option("--fail-on", fail_on, "lowest severity that exits 1: error, warning or note")
      ->check(CLI::IsMember({"error", "warning", "note"}));
  check_cmd->add_option("--color", color, "auto, always or never")->check(CLI::IsMember({"auto", "always", "never"}));
  check_cmd->add_flag("-q,--quiet", check.text.quiet, "print findings only, no summary");

  std::string table_format = "text";
  auto* table_cmd = app.add_subcommand("table", "Print a kernel release's syscall table");
  table_cmd->add_option("--abi", abi, releases_help);
  table_cmd->add_option("--format", table_format, "text, json, markdown, wat or c")
      ->check(CLI::IsMember({"text", "json", "markdown", "wat", "c"}));

  std::string rule_id;
  auto* rules_cmd = app.add_subcommand("rules", "List the rules, or explain one");
  rules_cmd->add_option("RULE", rule_id, "a rule id, e.g. unknown-syscall");

  if (argc < 2) {
    fmt::print(stderr, "{}", app.help());
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

  const Release* release = find_release(abi);
  if (!release) return usage_error(fmt::format("unknown kernel release '{}'; known: {}", abi, release_names(", ")));

  if (*rules_cmd) return print_rules(rule_id);

  if (*table_cmd) {
    const std::string text = format_table(*release, *parse_table_format(table_format));
    std::fwrite(text.data(), 1, text.size(), stdout);
    return kExitClean;
  }

  check.options.release = release;
  for (const std::string& name : unknown_required_syscalls(check.options)) {
    const auto hint = unknown_syscall_hint(name, *release);
    return usage_error(fmt::format("--require: kernel {} has no syscall '{}'{}", release->name, name,
                                   hint ? "; " + *hint : ""));
  }
  check.format = format == "json" ? ReportFormat::Json : ReportFormat::Text;
  check.fail_on = *parse_severity(fail_on);
  check.text.color = want_color(color);
  return run_check(check, stdout);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    // Out of memory, or a bug: say so instead of aborting.
    fmt::print(stderr, "astrid-abi: internal error: {}\n", e.what());
    return kExitInput;
  }
}
