#include "capsule/manifest_edit.h"


#include "capsule/component_manifest.h"

#include "catch.h"

namespace astrid {
namespace {

const std::vector<ManifestLine> kLines = {
    {"capabilities", "net", "net = [\"api.example.com\"]  # http-request"},
    {"publish", "app.events.*", "\"app.events.*\" = \"opaque\""},
};

TEST_CASE("manifest_edit: lines go under the table's own header, new tables at the end") {
  auto merged = merge_manifest_lines("[package]\nname = \"a\"\n\n[capabilities]  # mine\nkv = []\n", kLines);
  REQUIRE(merged);
  CHECK(merged->text ==
        "[package]\nname = \"a\"\n\n[capabilities]  # mine\nnet = [\"api.example.com\"]  # http-request\nkv = []\n"
        "\n[publish]\n\"app.events.*\" = \"opaque\"\n");
  CHECK(merged->added == std::vector<std::string>{"capabilities.net", "publish.app.events.*"});
  auto parsed = parse_component_manifest(merged->text);
  REQUIRE(parsed);
  CHECK(parsed->capabilities.find("net"));
}

TEST_CASE("manifest_edit: a key already there is kept, whatever it holds") {
  auto merged = merge_manifest_lines("[capabilities]\nnet = []\n", {kLines[0]});
  REQUIRE(merged);
  CHECK(merged->text == "[capabilities]\nnet = []\n");
  CHECK(merged->kept == std::vector<std::string>{"capabilities.net"});
}

TEST_CASE("manifest_edit: CRLF stays CRLF, a file without a final newline gets one before a new table") {
  auto merged = merge_manifest_lines("[package]\r\nname = \"a\"", kLines);
  REQUIRE(merged);
  CHECK(merged->text == "[package]\r\nname = \"a\"\r\n\r\n[capabilities]\r\nnet = [\"api.example.com\"]  # http-request\r\n"
                        "\r\n[publish]\r\n\"app.events.*\" = \"opaque\"\r\n");
}

TEST_CASE("manifest_edit: what cannot take a line is refused, never broken") {
  CHECK_FALSE(merge_manifest_lines("capabilities = { kv = [] }\n", kLines));     // inline
  CHECK_FALSE(merge_manifest_lines("capabilities.kv = []\n", kLines));           // dotted keys
  CHECK_FALSE(merge_manifest_lines("[capabilities\n", kLines));                  // invalid TOML
  // A header inside a multi-line string is not the table's: the check after
  // the merge finds the line did not land in [capabilities].
  CHECK_FALSE(merge_manifest_lines("x = \"\"\"\n[capabilities]\n\"\"\"\n[capabilities]\nkv = []\n", {kLines[0]}));
}

TEST_CASE("manifest_edit: a needed key written misspelt is renamed, keeping its values, never written twice") {
  const ManifestLine fs_write{"capabilities", "fs_write", "fs_write = [\"<path, e.g. cwd://data>\"]  # write-file"};
  auto merged = merge_manifest_lines("[capabilities]\nfs_wirte = [\"cwd://out\"]  # mine\n", {fs_write});
  REQUIRE(merged);
  CHECK(merged->text == "[capabilities]\nfs_write = [\"cwd://out\"]  # mine\n");
  CHECK(merged->renamed == std::vector<std::string>{"capabilities.fs_wirte to fs_write"});
  CHECK(merged->added.empty());
  // Quoted, too; and once the right key is there, the typo is left alone
  // (the check says to remove it) and nothing is added.
  merged = merge_manifest_lines("[capabilities]\n\"fs_wirte\" = []\n", {fs_write});
  REQUIRE(merged);
  CHECK(merged->text == "[capabilities]\n\"fs_write\" = []\n");
  merged = merge_manifest_lines("[capabilities]\nfs_wirte = []\nfs_write = [\"a\"]\n", {fs_write});
  REQUIRE(merged);
  CHECK(merged->text == "[capabilities]\nfs_wirte = []\nfs_write = [\"a\"]\n");
  CHECK(merged->kept == std::vector<std::string>{"capabilities.fs_write"});
  // A key the kernel reads is no typo: net is not renamed to net_bind.
  merged = merge_manifest_lines("[capabilities]\nnet = []\n", {{"capabilities", "net_bind", "net_bind = []"}});
  REQUIRE(merged);
  CHECK(merged->renamed.empty());
}

}  // namespace
}  // namespace astrid

TEST_CASE("merge: a typo renamed keeps its value, so a value of the wrong type is refused, not written") {
  const std::string text = "[e]\n\n\n[capabilities]#fasd/\"]\nnetz = \"\"\n";
  REQUIRE(astrid::parse_component_manifest(text));
  auto merged = astrid::merge_manifest_lines(text, {{"capabilities", "net", "net = [\"a.example\"]"}});
  REQUIRE_FALSE(merged);
  CHECK(merged.error().message.find("one the kernel cannot read") != std::string::npos);
}
