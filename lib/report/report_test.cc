#include "report/report.h"

#include <nlohmann/json.hpp>

#include <filesystem>

#include "wasm/module_reader.h"
#include "wat.h"

#include "catch.h"

using namespace astrid;

namespace {

FileResult check_wat(const std::string& path, const std::string& wat) {
  MemorySource source(test::wat_to_wasm(wat));
  auto read = read_module(source);
  REQUIRE(read.has_value());
  return {path, check_module(*read, {})};
}

}  // namespace

TEST_CASE("text findings are one line each, with file, offset, severity and rule") {
  FileResult result = check_wat("cap.wasm", R"((module
    (import "extism:host/user" "astrid_read_fle" (func (param i64) (result i64)))
    (func (export "astrid_tool_call") (result i32) (i32.const 0))))");
  const std::string text = render_text(result, {});
  CHECK(text.rfind("cap.wasm:0x17: error: unknown syscall 'astrid_read_fle': not registered by kernel v0.2.0, so "
                   "the capsule will not load [unknown-syscall]\n    note: did you mean 'astrid_read_file'?\n",
                   0) == 0);
  CHECK(text.find("1 error, 0 warnings, 0 notes") != std::string::npos);
  CHECK(text.find("\x1b") == std::string::npos);
  const std::string quiet = render_text(result, {false, true, false});
  CHECK(quiet.find("capabilities") == std::string::npos);
  const std::string colored = render_text(result, {true, false, false});
  CHECK(colored.find("\x1b[1;31merror\x1b[0m") != std::string::npos);
}

TEST_CASE("the JSON document has the documented fields") {
  FileResult result = check_wat("cap.wasm", R"((module
    (import "extism:host/user" "astrid_kv_set" (func (param i32 i32)))
    (import "extism:host/user" "astrid_http_request" (func (param i64) (result i64)))
    (func (export "astrid_tool_call") (result i32) (i32.const 0))))");
  InputResult input{"cap.wasm", std::nullopt, std::nullopt, "", "", "", std::nullopt, {}, std::nullopt, {}, {result}, {}};
  const auto doc = nlohmann::json::parse(render_json(input));
  CHECK(doc["version"] == kJsonVersion);
  CHECK(doc["input"] == "cap.wasm");
  CHECK(doc["manifest"].is_null());
  CHECK(doc["error"].is_null());
  CHECK(doc["summary"]["errors"] == 1);
  REQUIRE(doc["modules"].size() == 1);
  const auto& j = doc["modules"][0];
  CHECK(j["file"] == "cap.wasm");
  CHECK(j["abi"] == "v0.2.0");
  CHECK(j["kind"] == nlohmann::json::array({"tool"}));
  REQUIRE(j["findings"].size() == 1);
  const auto& f = j["findings"][0];
  CHECK(f["rule"] == "mistyped-syscall");
  CHECK(f["severity"] == "error");
  CHECK(f["module"] == "extism:host/user");
  CHECK(f["name"] == "astrid_kv_set");
  CHECK(f["offset"].is_number_unsigned());
  CHECK(f["expected"] == "(i64, i64) -> ()");
  CHECK(f["actual"] == "(i32, i32) -> ()");
  CHECK(j["syscalls"].size() == 2);
  CHECK(j["syscalls"][0]["number"] == 15);
  CHECK(j["capabilities"][0]["capability"] == "net");
  CHECK(j["summary"]["errors"] == 1);
}

TEST_CASE("JSON stays valid whatever the bytes of a name") {
  InputError error{7, "bad \xff name \x1b[31m"};
  InputResult result{"odd\xfe\npath.wasm", InputFailure{"odd\xfe\npath.wasm", error}, std::nullopt, "", "", "", std::nullopt, {}, {}, {}};
  const std::string line = render_json(result);
  CHECK(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);  // one line
  const auto j = nlohmann::json::parse(line);
  CHECK(j["error"]["offset"] == 7);
  CHECK(j["input"] == "odd\xef\xbf\xbd\npath.wasm");
}

TEST_CASE("input errors render as one text line with the file name escaped") {
  FileResult result{"a\x1b[2Jb.wasm", InputError{std::nullopt, "is a directory"}};
  CHECK(render_text(result, {}) == "a\\x1b[2Jb.wasm: error: is a directory\n");
}

TEST_CASE("CI formats name a file relative to the base, however the path was spelt") {
  const std::string cwd = std::filesystem::current_path().lexically_normal().generic_string();
  const std::string base = std::filesystem::path(cwd).parent_path().generic_string();
  const std::string leaf = std::filesystem::path(cwd).filename().generic_string();
  for (const std::string& spelling : {std::string("dist/app.wasm"), std::string("./dist/app.wasm"),
                                      std::string("dist/../dist/./app.wasm"), cwd + "/dist/app.wasm",
                                      std::string("../") + leaf + "/dist/app.wasm"}) {
    CHECK(repository_path(spelling, base) == leaf + "/dist/app.wasm");
  }
  // Outside the base: absolute. Standard input: as given.
  CHECK(repository_path("/elsewhere/app.wasm", base) == "/elsewhere/app.wasm");
  CHECK(repository_path("-", base) == "-");
}

TEST_CASE("a finding's details: listed under -v in text, always in JSON, never as a CI command") {
  FileResult result = check_wat("cap.wasm", R"((module
    (import "extism:host/user" "astrid_read_fle" (func (param i64) (result i64)))
    (func (export "astrid_tool_call") (result i32) (i32.const 0))))");
  auto& report = std::get<Report>(result.outcome);
  REQUIRE(report.findings.size() == 1);
  report.findings[0].details = {"'fs-copy': placeholder", "::error file=x::injected"};
  const std::string plain = render_text(result, {});
  CHECK(plain.find("fs-copy") == std::string::npos);
  const std::string verbose = render_text(result, {false, false, true});
  CHECK(verbose.find("\n    - 'fs-copy': placeholder\n    - ::error file=x::injected\n") != std::string::npos);
  InputResult input{"cap.wasm", std::nullopt, std::nullopt, "", "", "", std::nullopt, {}, std::nullopt, {}, {result}, {}};
  const auto doc = nlohmann::json::parse(render_json(input));
  CHECK(doc["modules"][0]["findings"][0]["details"] ==
        nlohmann::json::array({"'fs-copy': placeholder", "::error file=x::injected"}));
}
