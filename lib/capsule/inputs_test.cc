#include "capsule/inputs.h"


#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "catch.h"

namespace astrid {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> paths(const std::vector<InputSpec>& specs) {
  std::vector<std::string> out;
  for (const InputSpec& s : specs) out.push_back(s.path + (s.error ? " ! " + s.error->message : ""));
  return out;
}

TEST_CASE("inputs: a walk skips version control, dependencies and --exclude globs") {
  char tmpl[] = "/tmp/astrid-inputs-XXXXXX";
  REQUIRE(::mkdtemp(tmpl));
  const fs::path root = tmpl;
  for (const char* f : {"app.wasm", ".git/objects/x.wasm", "node_modules/pkg/dep.wasm", "web/node_modules/a.wasm",
                        "build/out.wasm", "build/keep/tool.wasm", "tests/fixture.capsule", ".hg/y.wasm"}) {
    fs::create_directories((root / f).parent_path());
    std::ofstream(root / f) << "x";
  }
  const std::string dir = root.string();
  CHECK(paths(expand_inputs({dir})) == std::vector<std::string>{dir + "/app.wasm", dir + "/build/keep/tool.wasm",
                                                                   dir + "/build/out.wasm", dir + "/tests/fixture.capsule"});
  // A glob on the name, and one on the path below the directory given.
  CHECK(paths(expand_inputs({dir}, {"*.capsule", "build/k*"})) ==
        std::vector<std::string>{dir + "/app.wasm", dir + "/build/out.wasm"});
  // Nothing left: said, with what was skipped.
  const auto none = paths(expand_inputs({dir + "/node_modules"}, {"pkg"}));
  REQUIRE(none.size() == 1);
  CHECK(none[0] == dir + "/node_modules ! no .wasm or .capsule file under it, outside the 1 entry skipped (.git, "
                         "node_modules, --exclude)");
  // An argument is checked even when a rule would skip it.
  CHECK(paths(expand_inputs({dir + "/node_modules/pkg/dep.wasm"}, {"*"})) ==
        std::vector<std::string>{dir + "/node_modules/pkg/dep.wasm"});
  fs::remove_all(root);
}

}  // namespace
}  // namespace astrid
