#include "driver/commands.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "driver/check_command.h"
#include "report/rule_docs.h"

using namespace astrid;

namespace {

std::vector<std::string_view> names(const std::variant<std::vector<const Release*>, int>& chosen) {
  REQUIRE(std::holds_alternative<std::vector<const Release*>>(chosen));
  std::vector<std::string_view> out;
  for (const Release* r : std::get<std::vector<const Release*>>(chosen)) out.push_back(r->name);
  return out;
}

}  // namespace

TEST_CASE("releases: --abi wins over the configuration, which wins over the default") {
  Config config;
  CommonArgs args;
  CHECK(names(choose_releases(args, config)) == std::vector<std::string_view>{default_release().name});
  config.releases = {find_release("v0.4.0")};
  CHECK(names(choose_releases(args, config)) == std::vector<std::string_view>{"v0.4.0"});
  args.abi = {"0.5.1", "v0.2.0"};
  CHECK(names(choose_releases(args, config)) == std::vector<std::string_view>{"v0.2.0", "v0.5.1"});
  args.abi = {"v9"};
  CHECK(std::get<int>(choose_releases(args, config)) == kExitInput);
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
