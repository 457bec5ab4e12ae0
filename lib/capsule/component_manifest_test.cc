#include "capsule/component_manifest.h"

#include "catch.h"


namespace astrid {
namespace {

TEST_CASE("component_manifest: keys are recorded where they are, type errors are the manifest's error") {
  auto m = parse_component_manifest(
      "[package]\nname = \"a\"\nversion = \"1.0.0\"\n[capabilities]\nfs_wirte = [\"x\"]\nnet = [\"h\"]\n"
      "[[component]]\nfile = \"a.wasm\"\ncapabilities = { identity = [\"link\"] }\n"
      "[subscribe]\n\"a.b\" = { wit = \"opaque\", handler = \"on\" }\n[imports.astrid]\nsearch = \"^1\"\n");
  REQUIRE(m);
  CHECK(m->capabilities.find("net"));
  CHECK_FALSE(m->capabilities.find("fs_wirte"));
  REQUIRE(m->subscribe.size() == 1);
  CHECK(m->subscribe[0].handler == "on");
  REQUIRE(m->imports.size() == 1);
  CHECK(m->imports[0].ns == "astrid");
  bool typo = false, component_identity = false;
  for (const ManifestKeyUse& k : m->keys) {
    typo |= k.table == "capabilities" && k.key == "fs_wirte" && k.position.line == 5;
    component_identity |= k.table == "component.capabilities" && k.key == "identity";
  }
  CHECK(typo);
  CHECK(component_identity);
  CHECK_FALSE(parse_component_manifest("[capabilities]\nnet = \"h\"\n"));
  CHECK_FALSE(parse_component_manifest("[capabilities]\nallow_persistent = 1\n"));
  CHECK_FALSE(parse_component_manifest("[subscribe]\n\"a\" = { handler = \"x\" }\n"));  // wit is required
  CHECK_FALSE(parse_component_manifest("[[tool]]\ndescription_for_llm = \"x\"\n"));     // name is required
}

}  // namespace
}  // namespace astrid
