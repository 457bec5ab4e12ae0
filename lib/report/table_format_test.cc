#include "report/table_format.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "wasm/module_reader.h"
#include "check/extism_check.h"
#include "check/rules.h"
#include "wat.h"

#include "catch.h"

using namespace astrid;

namespace {

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("every format lists every syscall of the release") {
  for (const Release& r : releases()) {
    INFO(r.name);
    // The header row starts the text; every syscall row follows a newline.
    CHECK(count_of(format_table(r, TableFormat::Markdown), "\n| ") == r.syscalls.size());
    CHECK(count_of(format_table(r, TableFormat::Wat), "(import ") == r.syscalls.size());
    CHECK(count_of(format_table(r, TableFormat::C), "ASTRID_SYSCALL(astrid_") == r.syscalls.size());
    const auto j = nlohmann::json::parse(format_table(r, TableFormat::Json));
    CHECK(j["count"] == r.syscalls.size());
    CHECK(j["syscalls"].size() == r.syscalls.size());
    CHECK(j["syscalls"].back()["number"] == r.syscalls.size() - 1);
  }
}

TEST_CASE("the wat table is a module that imports the whole table correctly") {
  for (const Release& r : releases()) {
    MemorySource source(test::wat_to_wasm(format_table(r, TableFormat::Wat)));
    auto read = read_module(source);
    REQUIRE(read.has_value());
    CheckOptions options;
    options.releases = {&r};
    options.require_all = true;
    Report report = check_module(*read, options);
    // A bare import block has no entry point, so not the install hook that
    // astrid_elicit needs either; nothing else may fire.
    std::vector<std::string_view> ids;
    for (const Finding& f : report.findings) ids.push_back(f.rule->id);
    CHECK(ids == std::vector<std::string_view>{"elicit-outside-install", "no-entry-point"});
    CHECK(report.syscalls.size() == r.syscalls.size());
  }
}

TEST_CASE("the C header declares void and uint64_t functions") {
  const std::string c = format_table(default_release(), TableFormat::C);
  CHECK(c.find("ASTRID_SYSCALL(astrid_write_file) void astrid_write_file(uint64_t path, uint64_t content);") !=
        std::string::npos);
  CHECK(c.find("ASTRID_SYSCALL(astrid_get_caller) uint64_t astrid_get_caller(void);") != std::string::npos);
  CHECK(c.find("#define ASTRID_ABI_RELEASE \"v0.2.0\"") != std::string::npos);
}

TEST_CASE("the README's syscall table is the tool's markdown output") {
  std::ifstream in(SOURCE_DIR "/README.md");
  std::stringstream s;
  s << in.rdbuf();
  const std::string readme = s.str();
  const std::string table = format_table(default_release(), TableFormat::Markdown);
  CHECK(readme.find(table) != std::string::npos);
}

TEST_CASE("table formats are parsed by name") {
  CHECK(parse_table_format("markdown") == TableFormat::Markdown);
  CHECK(parse_table_format("c") == TableFormat::C);
  CHECK_FALSE(parse_table_format("xml"));
}
