// The commands, as the command line hands them over once it has parsed the
// arguments: everything between the arguments and the library (the
// configuration and its precedence, usage errors, which report to write)
// lives here, so that cli/ only declares options.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "abi/extism_abi.h"
#include "driver/config.h"

namespace astrid {

// What check, caps and diff share: the releases, the manifest and the
// configuration.
struct CommonArgs {
  std::vector<std::string> abi;  // --abi, as given (empty: not given)
  std::string manifest;          // --manifest, or empty
  std::string config;            // --config, or empty
  bool no_config = false;
};

struct CheckArgs : CommonArgs {
  std::vector<std::string> inputs;
  std::vector<std::string> require;
  bool require_all = false;
  std::string format = "text";
  std::optional<std::string> fail_on;  // when given on the command line
  std::string color = "auto";
  bool quiet = false;
  bool verbose = false;
  bool validate = false;
  unsigned jobs = 0;
  std::string wit;  // --wit DIR: a kernel checkout's WIT, checked as the release "wit"
  std::vector<std::string> exclude;  // --exclude GLOB, repeatable
  std::string baseline, write_baseline;  // --baseline FILE, --write-baseline FILE
  std::string base_dir;  // --base-dir DIR: what SARIF URIs are relative to (default: the repository root)
};

struct CapsArgs : CommonArgs {
  std::string input;
  bool emit_manifest = false;
  bool port = false;  // --port: what replaces each syscall in the component era
  std::string merge;  // --merge FILE: that Capsule.toml with the lines added, on stdout
  std::string format = "text";
};

struct DiffArgs : CommonArgs {
  std::string old_input;
  std::string new_input;
  bool fail_on_new_capability = false;
  std::string format = "text";
  std::string color = "auto";  // auto, always or never
};

struct TableArgs {
  std::string abi;  // empty: the default release
  std::string format = "text";
  bool releases = false;  // --releases: list them instead
};

// The configuration in force: --config, else the nearest .astrid-abi.toml
// (none with --no-config), and what -v says of where it came from. An
// invalid one is a usage error: its exit status.
struct Settings {
  Config config;
  std::string origin;  // "configuration: PATH", or why there is none
};
std::variant<Settings, int> load_settings(const CommonArgs& args);

// The releases to check: --abi wins over the configuration's `abi`, which
// wins over the default release. An unknown name is a usage error.
std::variant<ReleaseChoice, int> choose_releases(const CommonArgs& args, const Config& config);

// Each returns the exit status.
int check_command(const CheckArgs& args);
int caps_command(const CapsArgs& args);
int diff_command(const DiffArgs& args);
int table_command(const TableArgs& args);
// `format`: text (the list, or one rule's page), markdown, man or json (the
// whole catalogue, as the README, the man page and tools take it).
int rules_command(const std::string& rule_id, const std::string& format = "text");

// A usage error: one line on standard error, and the status to exit with.
int usage_error(const std::string& message);

// The command line's own mistakes, said as a user can act on them: an
// unknown command with the nearest one; an unknown option of `command`
// (one of `options`, "--format", ...) with the nearest, and where that
// command's help is. `args` are the arguments after the command.
// Whether --color MODE colours standard output: always, never, or auto,
// which reads NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE and TERM=dumb, then
// asks whether standard output is a terminal.
bool want_color(const std::string& mode);

int unknown_command(std::string_view given, const std::vector<std::string>& commands);
int parse_error(std::string_view error, std::string_view command, const std::vector<std::string>& args,
                const std::vector<std::string>& options);

// What --abi's help says the releases are: check's (a list, or all),
// caps' and diff's (one), table's.
std::string releases_help();
std::string release_help();
std::string table_release_help();

}  // namespace astrid
