#include "driver/commands.h"

#include <filesystem>
#include <fstream>

#include "driver/check_command.h"
#include "report/rule_docs.h"

#include "catch.h"

using namespace astrid;

namespace {

// The releases a binary of `era` is checked against, by name.
std::vector<std::string_view> names(const std::variant<ReleaseChoice, int>& chosen, Era era = Era::Extism) {
  REQUIRE(std::holds_alternative<ReleaseChoice>(chosen));
  std::vector<std::string_view> out;
  for (const KernelRelease* r : releases_for(std::get<ReleaseChoice>(chosen), era)) out.push_back(r->name);
  return out;
}

}  // namespace

TEST_CASE("releases: --abi wins over the configuration, which wins over the default") {
  Config config;
  CommonArgs args;
  CHECK(names(choose_releases(args, config)) == std::vector<std::string_view>{"v0.2.0"});
  CHECK(names(choose_releases(args, config), Era::Component) == std::vector<std::string_view>{"v0.10.4"});
  config.releases = std::get<ReleaseChoice>(parse_release_choice({"v0.4.0"}));
  CHECK(names(choose_releases(args, config)) == std::vector<std::string_view>{"v0.4.0"});
  args.abi = {"0.5.1", "v0.2.0"};
  CHECK(names(choose_releases(args, config)) == std::vector<std::string_view>{"v0.2.0", "v0.5.1"});
  args.abi = {"v9"};
  CHECK(std::get<int>(choose_releases(args, config)) == kExitInput);
}

TEST_CASE("releases: `all` is every tagged release of the binary's era; names of the other era stay") {
  CommonArgs args;
  args.abi = {"all"};
  const auto all = choose_releases(args, Config{});
  CHECK(names(all) == std::vector<std::string_view>{"v0.2.0", "v0.3.0", "v0.4.0", "v0.5.0", "v0.5.1"});
  const auto components = names(all, Era::Component);
  // 13 tagged releases from v0.6.0 to v0.10.4, written out on purpose: a
  // cross-check of the release list that does not come from it.
  CHECK(components.size() == 13);
  CHECK(components.front() == "v0.6.0");
  CHECK(components.back() == "v0.10.4");
  args.abi = {"v0.9.1", "v0.4.0", "main"};
  CHECK(names(choose_releases(args, Config{})) == std::vector<std::string_view>{"v0.4.0", "v0.9.1", "main"});
}

TEST_CASE("settings: --no-config, --config, and the one found upwards") {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "astrid-abi-settings-test";
  fs::remove_all(root);
  fs::create_directories(root / ".git");
  std::ofstream(root / ".astrid-abi.toml") << "fail-on = \"warning\"\n";
  std::ofstream(root / "bad.toml") << "fail-on = 3\n";
  const fs::path here = fs::current_path();
  fs::current_path(root);

  CommonArgs args;
  auto found = load_settings(args);
  REQUIRE(std::holds_alternative<Settings>(found));
  CHECK(std::get<Settings>(found).config.fail_on == Severity::Warning);
  CHECK(std::get<Settings>(found).origin == "configuration: .astrid-abi.toml");

  args.no_config = true;
  auto none = load_settings(args);
  CHECK_FALSE(std::get<Settings>(none).config.fail_on);
  CHECK(std::get<Settings>(none).origin == "configuration: none (--no-config)");

  args.no_config = false;
  args.config = "bad.toml";
  CHECK(std::get<int>(load_settings(args)) == kExitInput);

  fs::current_path(here);
  fs::remove_all(root);
}

TEST_CASE("rules render as a list, and each as its own page") {
  const std::string list = render_rule_list();
  CHECK(list.rfind("unknown-syscall          error    ", 0) == 0);
  CHECK(std::count(list.begin(), list.end(), '\n') == static_cast<long>(rules().size()));
  const std::string page = render_rule(rule("memory-limit"));
  CHECK(page.rfind("memory-limit (error, the capsule does not load)\n", 0) == 0);
  CHECK(page.find("\nWhy: ") != std::string::npos);
  CHECK(page.find("\nFix: ") != std::string::npos);
}

TEST_CASE("colour: auto reads NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE and TERM") {
  for (const char* name : {"NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM"}) unsetenv(name);
  CHECK(want_color("always"));
  CHECK_FALSE(want_color("never"));
  CHECK_FALSE(want_color("auto"));  // the tests' standard output is not a terminal
  setenv("FORCE_COLOR", "1", 1);
  CHECK(want_color("auto"));
  setenv("FORCE_COLOR", "0", 1);
  CHECK_FALSE(want_color("auto"));
  setenv("CLICOLOR_FORCE", "1", 1);
  CHECK(want_color("auto"));
  setenv("NO_COLOR", "1", 1);  // wins over both
  CHECK_FALSE(want_color("auto"));
  CHECK(want_color("always"));
  for (const char* name : {"NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"}) unsetenv(name);
  setenv("TERM", "dumb", 1);
  CHECK_FALSE(want_color("auto"));
  unsetenv("TERM");
}
