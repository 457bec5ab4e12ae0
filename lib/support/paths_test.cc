#include "support/paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catch.h"
#include "support/output.h"

namespace astrid {
namespace {

namespace fs = std::filesystem;

// A scratch repository: root/.git, root/dist/app.wasm, and the working
// directory set to `cwd` (relative to root) for the test's duration.
struct ScratchRepo {
  fs::path root;
  fs::path old_cwd = fs::current_path();
  ScratchRepo() {
    root = fs::weakly_canonical(fs::temp_directory_path()) / ("astrid-abi-paths-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / ".git");
    fs::create_directories(root / "dist");
    std::ofstream(root / "dist/app.wasm") << "x";
  }
  ~ScratchRepo() {
    fs::current_path(old_cwd);
    fs::remove_all(root);
  }
};

TEST_CASE("repository_path: every spelling of one file, from anywhere in the repository") {
  ScratchRepo repo;
  fs::current_path(repo.root);
  const std::string root = repository_root();
  CHECK(root == repo.root.string());
  CHECK(repository_path("dist/app.wasm", root) == "dist/app.wasm");
  CHECK(repository_path("./dist/app.wasm", root) == "dist/app.wasm");
  CHECK(repository_path("dist/../dist/./app.wasm", root) == "dist/app.wasm");
  CHECK(repository_path((repo.root / "dist/app.wasm").string(), root) == "dist/app.wasm");
  fs::current_path(repo.root / "dist");
  CHECK(repository_root() == root);  // found upwards
  CHECK(repository_path("app.wasm", root) == "dist/app.wasm");
  CHECK(repository_path("../dist/app.wasm", root) == "dist/app.wasm");
  // A linked folder names the same files.
  fs::create_directory_symlink(repo.root / "dist", repo.root / "linked");
  CHECK(repository_path((repo.root / "linked/app.wasm").string(), root) == "dist/app.wasm");
  // Outside the repository: absolute. Standard input: itself.
  CHECK(repository_path("/etc/hostname", root) == "/etc/hostname");
  CHECK(repository_path("-", root) == "-");
}

TEST_CASE("write_file_atomically keeps the mode and writes through a link") {
  ScratchRepo repo;
  const fs::path file = repo.root / "base.json";
  std::ofstream(file) << "old";
  ::chmod(file.c_str(), 0600);
  REQUIRE(write_file_atomically(file.string(), "new"));
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  fs::create_symlink("base.json", repo.root / "link.json");
  REQUIRE(write_file_atomically((repo.root / "link.json").string(), "through"));
  CHECK(fs::is_symlink(repo.root / "link.json"));
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text == "through");
  // A link loop, or a directory in the way: refused, nothing written.
  fs::create_symlink("loop.json", repo.root / "loop.json");
  CHECK_FALSE(write_file_atomically((repo.root / "loop.json").string(), "x"));
  CHECK_FALSE(write_file_atomically((repo.root / "dist").string(), "x"));
}

}  // namespace
}  // namespace astrid
