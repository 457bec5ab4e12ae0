#include "support/output.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "catch.h"

using namespace astrid;

TEST_CASE("a line that would start a workflow command is neutralised, wherever its text came from") {
  CHECK(neutralise_ci_commands("    ::error file=README.md,line=1::x\n") == "    \\x3a:error file=README.md,line=1::x\n");
  CHECK(neutralise_ci_commands("::add-mask::secret") == "\\x3a:add-mask::secret");
  CHECK(neutralise_ci_commands("ok\n\t::stop-commands::tok\nok\n") == "ok\n\t\\x3a:stop-commands::tok\nok\n");
  // Unicode white space and invisible code points before it, which the
  // runner trims or a reader does not see.
  CHECK(neutralise_ci_commands("\u00a0\u3000::warning::y\n") == "\u00a0\u3000\\x3a:warning::y\n");
  CHECK(neutralise_ci_commands("\ufeff::notice::z\n") == "\ufeff\\x3a:notice::z\n");
  // A carriage return ends a line for the runner as a newline does.
  CHECK(neutralise_ci_commands("ok\r::error::x\r\n::y\n") == "ok\r\\x3a:error::x\r\n\\x3a:y\n");
  // "##[" and "##vso[" anywhere, any case.
  CHECK(neutralise_ci_commands("a ##[error]b ##VSO[task.complete]\n") == "a \\x23#[error]b \\x23#VSO[task.complete]\n");
  // What is no command passes as it is.
  CHECK(neutralise_ci_commands("x ::error:: y\n: :a\n# ## [b\n") == "x ::error:: y\n: :a\n# ## [b\n");
  CHECK(neutralise_ci_commands("") == "");
}

TEST_CASE("JSON gets JSON escapes; our own workflow commands keep their leading ::") {
  CHECK(neutralise_ci_commands("{\"a\":\"##vso[x]\"}\n", OutputKind::Json) == "{\"a\":\"\\u0023#vso[x]\"}\n");
  CHECK(neutralise_ci_commands("::error file=a::m ##[x]\n  ::warning::n\n", OutputKind::WorkflowCommands) ==
        "::error file=a::m \\x23#[x]\n  ::warning::n\n");
}

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a file written whole keeps its permissions and is written through a symbolic link") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("astrid-abi-output-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path target = dir / "report.txt", link = dir / "link.txt";
  std::ofstream(target) << "old";
  ::chmod(target.c_str(), 0600);
  fs::create_symlink("report.txt", link);
  CHECK(write_file_atomically(link.string(), "new"));
  CHECK(fs::is_symlink(link));
  CHECK(slurp(target) == "new");
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  // A link to nothing is refused, and says so.
  fs::create_symlink("missing/none.txt", dir / "dangling.txt");
  std::string why;
  CHECK_FALSE(write_file_atomically((dir / "dangling.txt").string(), "x", &why));
  CHECK(why.find("symbolic link") != std::string::npos);
  // A directory is no file to write.
  CHECK_FALSE(write_file_atomically(dir.string(), "x", &why));
  fs::remove_all(dir);
}
