#include "capsule/manifest.h"

#include "catch.h"


using namespace astrid;

namespace {

Manifest parse_ok(std::string_view text) {
  auto parsed = parse_manifest(text);
  if (auto* error = (parsed ? nullptr : &parsed.error())) FAIL(error->message);
  return *parsed;
}

InputError parse_error(std::string_view text) {
  auto parsed = parse_manifest(text);
  REQUIRE(!parsed);
  return parsed.error();
}

}  // namespace

TEST_CASE("grants: non-empty lists, with the line of their key") {
  const Manifest m = parse_ok(R"([package]
name = "x"

[capabilities]
net = []
fs_read = ["cwd://src", "*"]
identity = ["resolve", "admin"]
kv = ["k"]
uplink = true
something_new = 3
)");
  CHECK(m.package == "x");
  CHECK(m.grant(Capability::Net) == nullptr);  // empty: denied, not granted
  const Grant* fs = m.grant(Capability::FsRead);
  REQUIRE(fs);
  CHECK(fs->values == std::vector<std::string>{"cwd://src", "*"});
  CHECK(fs->position.line == 6);
  CHECK(fs->position.column == 1);
  REQUIRE(m.grant(Capability::Identity));
  CHECK(m.grant(Capability::Identity)->identity == IdentityLevel::Admin);
  CHECK(m.grant(Capability::Uplink) == nullptr);  // only [[uplink]] entries grant it
}

TEST_CASE("[[component]] entrypoint is another name for file") {
  const Manifest m = parse_ok("[[component]]\nentrypoint = \"a.wasm\"\n");
  REQUIRE(m.components.size() == 1);
  CHECK(m.components[0].file == "a.wasm");
  auto both = parse_manifest("[[component]]\nfile = \"a.wasm\"\nentrypoint = \"b.wasm\"\n");
  REQUIRE(!both);
  CHECK(both.error().line == 3);
}

TEST_CASE("components, entries and uplinks") {
  const Manifest m = parse_ok(R"(
[[component]]
id = "a"
file = "./a.wasm"
capabilities = { net = ["h"] }

[[component]]
id = "b"
file = "b.wasm"

[[tool]]
name = "t"

[[interceptor]]

[[uplink]]
name = "discord"

[env.TOKEN]
type = "secret"
)");
  REQUIRE(m.components.size() == 2);
  CHECK(m.component_for("a.wasm") == &m.components[0]);
  CHECK(m.component_for("./b.wasm") == &m.components[1]);
  CHECK(m.component_for("c.wasm") == nullptr);
  REQUIRE(find_grant(m.components[0].grants, Capability::Net));
  CHECK(m.components[0].position.line == 2);
  // [env.TOKEN] needs no export: the kernel's onboarding asks the user.
  REQUIRE(m.entry_needs.size() == 2);
  CHECK(m.entry_needs[0].what == "[[tool]] t");
  CHECK(m.entry_needs[0].entry_point == "astrid_tool_call");
  CHECK(m.entry_needs[1].entry_point == "astrid_hook_trigger");
  REQUIRE(m.grant(Capability::Uplink));
  CHECK(m.grant(Capability::Uplink)->values == std::vector<std::string>{"discord"});
}

TEST_CASE("invalid TOML and wrong types are one error with line and column") {
  InputError e = parse_error("[capabilities]\nnet = [\"a\",\n");
  CHECK(e.message.rfind("invalid TOML: ", 0) == 0);
  CHECK(e.line >= 2);  // toml++ places the end of the file on the last line

  e = parse_error("[capabilities]\nfs_read = \"cwd://\"\n");
  CHECK(e.message == "'fs_read' must be an array of strings, not a string");
  CHECK(e.line == 2);
  CHECK(e.column == 11);

  e = parse_error("[capabilities]\nnet = [\"a\", 3]\n");
  CHECK(e.message == "'net[]' must be a string, not an integer");
  CHECK(e.column == 13);

  e = parse_error("[capabilities]\nidentity = [\"root\"]\n");
  CHECK(e.message == "identity level 'root' is not resolve, link or admin");

  e = parse_error("[[component]]\nid = \"x\"\n");
  CHECK(e.message == "[[component]] has no 'file' (or 'entrypoint')");
  CHECK(e.line == 1);

  e = parse_error("tool = \"x\"\n");
  CHECK(e.message == "'tool' must be an array of tables ([[tool]]), not a string");

  e = parse_error("[capabilities]\nuplink = \"yes\"\n");
  CHECK(e.message == "'uplink' must be a boolean, not a string");
}

TEST_CASE("a manifest larger than the limit is refused before parsing") {
  const std::string big(kMaxManifestBytes + 1, '#');
  CHECK(parse_error(big).message.find("KiB a manifest may take") != std::string::npos);
}

TEST_CASE("deeply nested values do not exhaust the stack") {
  std::string text = "x = ";
  for (int i = 0; i < 100000; ++i) text += '[';
  auto parsed = parse_manifest(text);
  CHECK(!parsed);
}

TEST_CASE("non-ASCII characters where whitespace may stand are plain errors") {
  // U+FEF6 and U+00A1 at the start of a line: toml++ 3.3.0 reached
  // __builtin_unreachable here (see lib/toml_parser.h).
  for (std::string_view text : {"\xef\xbb\xb6" "0.5.1asse\n", "\xc2\xa1 = 1\n", "a = 1 \xe3\x80\x81\n"}) {
    INFO(text);
    auto parsed = parse_manifest(text);
    REQUIRE(!parsed);
    CHECK(parsed.error().message.rfind("invalid TOML", 0) == 0);
  }
}
