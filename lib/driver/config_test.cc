#include "driver/config.h"


#include <filesystem>
#include <fstream>

#include "check/rules.h"

#include "catch.h"

using namespace astrid;

namespace {

Config parse_ok(std::string_view text) {
  auto parsed = parse_config(text, "c.toml");
  if (auto* error = (parsed ? nullptr : &parsed.error())) FAIL(error->message);
  return *parsed;
}

InputError parse_error(std::string_view text) {
  auto parsed = parse_config(text, "c.toml");
  REQUIRE(!parsed);
  return parsed.error();
}

Finding finding(std::string_view rule_id) {
  Finding f;
  f.rule = &rule(rule_id);
  f.severity = f.rule->severity;
  return f;
}

}  // namespace

TEST_CASE("a configuration sets releases, fail-on and rule levels") {
  const Config c = parse_ok(R"(abi = ["v0.5.1", "0.4.0"]
fail-on = "warning"
[rules]
no-entry-point = "off"
missing-signal-ready = { level = "error", reason = "we ship daemons" }
)");
  REQUIRE(c.releases.named.size() == 2);
  CHECK(c.releases.named[0]->name == "v0.4.0");  // oldest first
  CHECK(c.fail_on == Severity::Warning);
  CHECK_FALSE(c.rules.at("no-entry-point").severity);
  CHECK(c.rules.at("missing-signal-ready").severity == Severity::Error);
  CHECK(c.rules.at("missing-signal-ready").reason == "we ship daemons");
  CHECK(c.rules.at("missing-signal-ready").source == "c.toml:5");
  CHECK(parse_ok("abi = \"all\"").releases.all);
  CHECK(parse_ok("abi = \"v0.9.1\"").releases.named.front()->era == Era::Component);
}

TEST_CASE("unknown keys, rules and values are errors with a position") {
  InputError e = parse_error("fail_on = \"warning\"\n");
  CHECK(e.message ==
        "unknown key 'fail_on' (did you mean 'fail-on'?): the keys are abi, fail-on, exclude, [rules] and [[override]]");
  CHECK(e.line == 1);
  e = parse_error("[rules]\nno-such-rule = \"off\"\n");
  CHECK(e.message == "no rule 'no-such-rule'; `astrid-abi rules` lists them");
  CHECK(e.line == 2);
  e = parse_error("[rules]\nunused-capabilty = \"off\"\n");
  CHECK(e.message == "no rule 'unused-capabilty' (did you mean 'unused-capability'?); `astrid-abi rules` lists them");
  e = parse_error("[[override]]\npath = [\"x\"]\n");
  CHECK(e.message.find("unknown key 'path' in [[override]] (did you mean 'paths'?)") == 0);
  e = parse_error("fail-on = \"eror\"\n");
  CHECK(e.message == "'fail-on' is 'eror', not error, warning or note (did you mean 'error'?)");
  e = parse_error("[rules]\nno-entry-point = \"loud\"\n");
  CHECK(e.message.find("not error, warning, note or off") != std::string::npos);
  e = parse_error("[rules]\nno-entry-point = { reason = \"x\" }\n");
  CHECK(e.message.find("needs a level") != std::string::npos);
  e = parse_error("[rules]\nno-entry-point = { level = \"off\", why = \"x\" }\n");
  CHECK(e.message.find("unknown key 'why'") != std::string::npos);
  e = parse_error("abi = \"v9\"\n");
  CHECK(e.message.find("unknown kernel release 'v9'") != std::string::npos);
  e = parse_error("abi = [\n");
  CHECK(e.message.rfind("invalid TOML", 0) == 0);
}

TEST_CASE("rule settings change severities and set findings aside") {
  const Config c = parse_ok("[rules]\nno-entry-point = \"off\"\nmissing-signal-ready = \"error\"\n");
  std::vector<Finding> findings = {finding("no-entry-point"), finding("missing-signal-ready"),
                                   finding("unknown-syscall")};
  std::vector<Finding> off;
  apply_rule_settings(c, "a.wasm", findings, off);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].severity == Severity::Error);
  CHECK(findings[0].rule->id == "missing-signal-ready");
  REQUIRE(off.size() == 1);
  CHECK(off[0].rule->id == "no-entry-point");
}

TEST_CASE("[[override]]: rule settings for the paths a glob matches, the last one winning") {
  const Config c = parse_ok(
      "[rules]\nno-entry-point = \"off\"\n"
      "[[override]]\npaths = [\"examples/*\"]\nrules = { no-entry-point = \"error\", unknown-syscall = \"off\" }\n"
      "[[override]]\npaths = [\"examples/old/*.wasm\"]\nrules = { no-entry-point = \"warning\" }\n");
  auto level_of = [&](const std::string& path, std::string_view rule) {
    const RuleSetting* s = rule_setting(c, path, rule);
    return s ? (s->severity ? std::string(to_string(*s->severity)) : "off") : "default";
  };
  CHECK(level_of("a.wasm", "no-entry-point") == "off");
  CHECK(level_of("examples/a.wasm", "no-entry-point") == "error");
  CHECK(level_of("./examples/a.wasm", "unknown-syscall") == "off");
  CHECK(level_of("examples/old/b.wasm", "no-entry-point") == "warning");
  CHECK(level_of("examples/old/b.wasm", "unknown-syscall") == "off");
  CHECK(level_of("a.wasm", "unknown-syscall") == "default");
  // An archive's members by the archive's path.
  CHECK(level_of("examples/app.capsule(Capsule.provenance.json)", "unknown-syscall") == "off");
  // examples/old/*.wasm names neither the member nor the archive; examples/* both.
  CHECK(level_of("examples/old/app.capsule(x.wasm)", "no-entry-point") == "error");
  CHECK(level_of("(x.wasm)", "no-entry-point") == "off");
  // A glob naming the archive covers its members when the archive is given;
  // names with parentheses of their own are not split.
  const Config d = parse_ok("[[override]]\npaths = [\"dist/*.capsule\"]\nrules = { no-entry-point = \"off\" }\n");
  CHECK(rule_setting(d, "dist/app (1).capsule(x (2).wasm)", "no-entry-point", "dist/app (1).capsule"));
  CHECK(rule_setting(d, "dist/app.capsule(Capsule.toml)", "no-entry-point", "dist/app.capsule"));
  CHECK_FALSE(rule_setting(d, "dist/app.capsule(Capsule.toml)", "no-entry-point"));
  CHECK_FALSE(rule_setting(d, "dist/app.wasm", "no-entry-point"));
  CHECK(parse_error("[[override]]\nrules = {}\n").message.find("needs paths") != std::string::npos);
  CHECK(parse_error("[[override]]\npaths = [\"x\"]\nlevel = 1\n").message.find("unknown key 'level'") != std::string::npos);
  CHECK(parse_error("[[override]]\npaths = [\"x\"]\nrules = { nope = \"off\" }\n").message.find("no rule 'nope'") !=
        std::string::npos);
}

TEST_CASE("the configuration is found upwards, and named relative to here") {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "astrid-abi-config-test";
  fs::remove_all(root);
  fs::create_directories(root / "repo" / "a" / "b");
  fs::create_directories(root / "repo" / ".git");
  std::ofstream(root / "repo" / "a" / kConfigName) << "fail-on = \"note\"\n";
  const std::string a = (root / "repo" / "a").string();
  CHECK(find_config(a + "/b").path == a + "/b/../" + kConfigName);
  CHECK(find_config(a).path == a + "/" + kConfigName);

  // From ".", one level up is "../", not "../../" ("/cwd/." once made
  // every step one too many: the parent's file was never found).
  const fs::path here = fs::current_path();
  fs::current_path(root / "repo" / "a" / "b");
  CHECK(find_config(".").path == std::string("../") + kConfigName);
  fs::current_path(root / "repo" / "a");
  CHECK(find_config(".").path == kConfigName);

  // Above the repository root nothing is read: a file in the repository's
  // parent cannot turn rules off.
  fs::remove(root / "repo" / "a" / kConfigName);
  std::ofstream(root / kConfigName) << "[rules]\nunknown-syscall = \"off\"\n";
  const ConfigSearch none = find_config(".");
  CHECK_FALSE(none.path);
  CHECK(none.stopped_at == fs::canonical(root / "repo").string());
  fs::current_path(here);
  fs::remove_all(root);
}

TEST_CASE("settings that changed no finding are unused-suppression findings on their lines") {
  const Config c = parse_ok("[rules]\nno-entry-point = \"off\"\nmissing-signal-ready = \"error\"\n"
                            "[[override]]\npaths = [\"dist/*\"]\nrules = { stub-export = \"off\" }\n");
  std::set<const RuleSetting*> used = {&c.rules.at("no-entry-point")};
  const auto unused = unused_rule_settings(c, used);
  REQUIRE(unused.size() == 2);
  CHECK(unused[0].rule->id == "unused-suppression");
  CHECK(unused[0].line == 3);
  CHECK(message(unused[0]) ==
        "[rules] sets missing-signal-ready to error, but no missing-signal-ready finding of this run was on a file it covers");
  CHECK(unused[1].line == 6);
  CHECK(message(unused[1]).find("[[override]] 1 (dist/*) sets stub-export to off") == 0);
  used.insert(&c.rules.at("missing-signal-ready"));
  used.insert(&c.overrides[0].rules.at("stub-export"));
  CHECK(unused_rule_settings(c, used).empty());
}
