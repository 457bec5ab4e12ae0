// astrid-abi's command line: it declares the commands and their options,
// parses the arguments, and hands over to the driver (lib/driver/), which
// does everything else.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <new>
#include <string>

#include "driver/check_command.h"
#include "driver/commands.h"
#include "support/output.h"

namespace {

using namespace astrid;

// What every command's help ends with: the exit statuses CI acts on.
constexpr const char* kExitStatuses =
    "Exit status: 0 no finding reached --fail-on (diff: no new capability); 1 a finding reached --fail-on "
    "(diff: a new capability, with --fail-on-new-capability); 2 a usage error, an input that could not be read, "
    "or output that could not be written.";

// --abi, --manifest, --config and --no-config, which check, caps and diff
// share; caps and diff take `one` release.
void add_common(CLI::App* cmd, CommonArgs& args, bool one = false) {
  // One value an occurrence (a comma-separated list, or the option
  // repeated): the inputs that follow are never taken for releases.
  cmd->add_option("--abi", args.abi, one ? release_help() : releases_help())
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--manifest", args.manifest, "the Capsule.toml of a .wasm input (default: the one beside it)");
  cmd->add_option("--config", args.config, "the configuration file (default: the nearest .astrid-abi.toml)");
  cmd->add_flag("--no-config", args.no_config, "ignore any .astrid-abi.toml");
}

// -o FILE, which every command has, and the exit statuses under its help.
void add_output(CLI::App* cmd, std::string& output) {
  cmd->footer(kExitStatuses);
  cmd->add_option("-o,--output", output, "write the output to FILE (whole, or not at all) instead of standard output");
}

int run(int argc, char** argv) {
  CLI::App app{"astrid-abi: check Astrid OS capsules against the kernel's host ABI"};
  app.name("astrid-abi");
  app.require_subcommand(1);
  app.footer(kExitStatuses);
  app.set_version_flag("--version", "astrid-abi " + std::string(ASTRID_ABI_VERSION));

  std::string output;
  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", "Check capsules: would the kernel link them, and what do they need?");
  check_cmd->add_option("CAPSULE", check.inputs, ".wasm modules, .capsule archives, directories, or - for stdin")
      ->required();
  add_common(check_cmd, check);
  check_cmd->add_option("--require", check.require, "syscalls the capsule must import (comma-separated)")
      ->delimiter(',')
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  check_cmd->add_flag("--require-all", check.require_all, "the capsule must import every syscall of --abi");
  check_cmd->add_option("--exclude", check.exclude, "skip files and directories matching GLOB in directories (repeatable)")
      ->expected(1)
      ->allow_extra_args(false);
  check_cmd->add_option("--baseline", check.baseline, "fail only on findings not recorded in FILE (--write-baseline)");
  check_cmd->add_option("--write-baseline", check.write_baseline, "record this run's findings in FILE and exit 0");
  check_cmd->add_option("--base-dir", check.base_dir,
                        "SARIF, github and fingerprints: name files relative to DIR (default: the repository root)");
  check_cmd->add_option("--wit", check.wit,
                        "a kernel checkout's WIT directory, checked as the release 'wit' (with any --abi releases)");
  check_cmd->add_option("--format", check.format, "text, json, sarif or github")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  check_cmd->add_option("--fail-on", check.fail_on, "lowest severity that exits 1: error, warning or note")
      ->check(CLI::IsMember({"error", "warning", "note"}));
  check_cmd->add_option("--color", check.color, "auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  check_cmd->add_flag("-q,--quiet", check.quiet, "print findings only, no summary");
  check_cmd->add_flag("-v,--verbose", check.verbose, "also show the findings the configuration turned off, and why");
  check_cmd->add_flag("--validate", check.validate, "also validate whole modules, function bodies included, with wabt");
  check_cmd->add_option("-j,--jobs", check.jobs, "inputs checked at once (default: one per core)");
  add_output(check_cmd, output);

  CapsArgs caps;
  auto* caps_cmd = app.add_subcommand("caps", "Print the capabilities a capsule needs, or the manifest table for them");
  caps_cmd->add_option("CAPSULE", caps.input, "a .wasm module, a .capsule archive, a capsule directory, or -")
      ->required();
  add_common(caps_cmd, caps, /*one=*/true);
  caps_cmd->add_flag("--emit-manifest", caps.emit_manifest, "print the smallest [capabilities] table, ready to paste");
  caps_cmd->add_flag("--port", caps.port, "for an Extism-era capsule: the component-era function replacing each syscall");
  caps_cmd->add_option("--merge", caps.merge, "print this Capsule.toml with the missing grants added under its tables");
  caps_cmd->add_option("--format", caps.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  add_output(caps_cmd, output);

  DiffArgs diff;
  auto* diff_cmd = app.add_subcommand("diff", "Show the syscalls and capabilities added and removed between two builds");
  diff_cmd->add_option("OLD", diff.old_input, "the old build: a .wasm module, a .capsule archive or a capsule directory")
      ->required();
  diff_cmd->add_option("NEW", diff.new_input, "the new build")->required();
  add_common(diff_cmd, diff, /*one=*/true);
  diff_cmd->add_flag("--fail-on-new-capability", diff.fail_on_new_capability,
                     "exit 1 when the new build needs or grants a capability the old one did not");
  diff_cmd->add_option("--format", diff.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  diff_cmd->add_option("--color", diff.color, "colour + and - lines: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  add_output(diff_cmd, output);

  TableArgs table;
  auto* table_cmd = app.add_subcommand("table", "Print a kernel release's syscall table or interfaces");
  table_cmd->add_option("--abi", table.abi, table_release_help());
  table_cmd->add_option("--format", table.format, "text, json, markdown, wat or c (Extism), wit (components)")
      ->check(CLI::IsMember({"text", "json", "markdown", "wat", "c", "wit"}));
  table_cmd->add_flag("--releases", table.releases, "list every kernel release instead (text or json)");
  add_output(table_cmd, output);

  std::string rule_id, rules_format = "text";
  auto* rules_cmd = app.add_subcommand("rules", "List the rules, or explain one");
  rules_cmd->add_option("RULE", rule_id, "a rule id, e.g. unknown-syscall");
  rules_cmd->add_option("--format", rules_format, "text, markdown or json (one rule, or the catalogue), man (the catalogue)")
      ->check(CLI::IsMember({"text", "markdown", "man", "json"}));
  add_output(rules_cmd, output);

  if (argc < 2) {
    write_stderr(app.help());
    return kExitInput;
  }
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) commands.push_back(sub->get_name());
  auto command = [&](std::string_view name) -> CLI::App* {
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
      if (sub->get_name() == name) return sub;
    return nullptr;
  };
  // `astrid-abi help [COMMAND]`, as git and cargo have it.
  if (std::string_view(argv[1]) == "help") {
    if (argc == 2) return write_stdout(app.help()), kExitClean;
    if (CLI::App* sub = command(argv[2])) return write_stdout(sub->help()), kExitClean;
    return unknown_command(argv[2], commands);
  }
  if (argv[1][0] != '-' && !command(argv[1])) return unknown_command(argv[1], commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    CLI::App* sub = argv[1][0] != '-' ? command(argv[1]) : nullptr;
    std::vector<std::string> options;
    for (const CLI::Option* o : (sub ? sub : &app)->get_options())
      for (const std::string& n : o->get_lnames()) options.push_back("--" + n);
    return parse_error(e.what(), sub ? sub->get_name() : "", std::vector<std::string>(argv + 1, argv + argc), options);
  }

  if (!output.empty() && output != "-") set_output_file(output);
  if (*check_cmd) return check_command(check);
  if (*caps_cmd) return caps_command(caps);
  if (*diff_cmd) return diff_command(diff);
  if (*table_cmd) return table_command(table);
  return rules_command(rule_id, rules_format);
}

}  // namespace

int main(int argc, char** argv) {
  guard_standard_streams();
  int status = kExitInput;
  try {
    status = run(argc, argv);
  } catch (const std::bad_alloc&) {
    // Whatever command ran out: an input too large for the memory this
    // process may take (ulimit -v, a container's limit), never a bug. The
    // text is a literal, as allocating may fail again.
    write_stderr("astrid-abi: out of memory: the input needs more memory than this process may use\n");
  } catch (const std::exception& e) {
    // A bug: say so instead of aborting.
    write_stderr(std::string("astrid-abi: internal error: ") + e.what() + "\n");
  }
  return finish_output(status);
}
