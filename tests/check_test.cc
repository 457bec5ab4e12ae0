#include "check.h"

#include <catch2/catch.hpp>

#include "module_reader.h"
#include "rules.h"
#include "wat.h"

using namespace astrid;

namespace {

Report check_wat(const std::string& wat, CheckOptions options = {}) {
  MemorySource source(test::wat_to_wasm(wat));
  auto read = read_module(source);
  REQUIRE(std::holds_alternative<Module>(read));
  return check_module(std::get<Module>(read), options);
}

std::vector<std::string_view> rule_ids(const Report& r) {
  std::vector<std::string_view> ids;
  for (const Finding& f : r.findings) ids.push_back(f.rule->id);
  return ids;
}

std::string tool(const std::string& imports) {
  return "(module " + imports + " (func (export \"astrid_tool_call\") (result i32) (i32.const 0)))";
}

// A module importing every syscall of a release, written from the data.
std::string all_imports(const Release& r) {
  std::string imports;
  for (const Syscall* s : r.syscalls)
    imports += "(import \"extism:host/user\" \"" + std::string(s->name) + "\" (func " + format_wat(s->signature()) +
               "))\n";
  return tool(imports);
}

}  // namespace

TEST_CASE("a correct capsule has no findings and a summary") {
  Report r = check_wat(tool(R"(
    (import "extism:host/user" "astrid_write_file" (func (param i64 i64)))
    (import "extism:host/user" "astrid_read_file" (func (param i64) (result i64)))
    (import "extism:host/user" "astrid_identity_resolve" (func (param i64) (result i64)))
    (import "extism:host/user" "astrid_identity_create_user" (func (param i64) (result i64)))
    (import "extism:host/user" "astrid_log" (func (param i64 i64))))"));
  CHECK(r.findings.empty());
  CHECK_FALSE(r.reaches(Severity::Note));
  REQUIRE(r.syscalls.size() == 5);
  CHECK(r.syscalls[0].syscall->name == "astrid_read_file");  // by number
  CHECK(r.syscalls[0].number == 5);
  REQUIRE(r.capabilities.size() == 3);
  CHECK(r.capabilities[0].capability == Capability::FsRead);
  CHECK(r.capabilities[1].capability == Capability::FsWrite);
  CHECK(r.capabilities[2].capability == Capability::Identity);
  CHECK(r.capabilities[2].identity == IdentityLevel::Admin);  // the highest needed
  CHECK(r.roles == std::vector<std::string_view>{"tool"});
}

TEST_CASE("unknown syscalls get a suggestion or the release that has them") {
  Report r = check_wat(tool(R"(
    (import "extism:host/user" "astrid_read_fle" (func (param i64) (result i64)))
    (import "extism:host/user" "astrid_http_stream_close" (func (param i64)))
    (import "extism:host/user" "read_file" (func (param i64) (result i64)))
    (import "extism:host/user" "zzz" (func)))"));
  REQUIRE(rule_ids(r) == std::vector<std::string_view>(4, "unknown-syscall"));
  CHECK(r.findings[0].notes == std::vector<std::string>{"did you mean 'astrid_read_file'?"});
  REQUIRE(r.findings[1].notes.size() == 1);
  CHECK(r.findings[1].notes[0].find("added in v0.4.0") != std::string::npos);
  CHECK(r.findings[2].notes == std::vector<std::string>{"did you mean 'astrid_read_file'?"});
  CHECK(r.findings[3].notes.empty());
  CHECK(r.syscalls.empty());

  CheckOptions v050;
  v050.releases = {find_release("v0.5.0")};
  Report removed = check_wat(tool(R"((import "extism:host/user" "astrid_cron_cancel" (func (param i64))))"), v050);
  REQUIRE(removed.findings.size() == 1);
  CHECK(removed.findings[0].notes[0] == "'astrid_cron_cancel' was removed in v0.5.0; the last release with it is v0.4.0");
}

TEST_CASE("mis-typed syscalls carry both signatures") {
  Report r = check_wat(tool(R"((import "extism:host/user" "astrid_kv_set" (func (param i32 i32) (result i32))))"));
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.rule->id == "mistyped-syscall");
  CHECK(f.expected == "(i64, i64) -> ()");
  CHECK(f.actual == "(i32, i32) -> i32");
  CHECK(f.module == "extism:host/user");
  CHECK(f.name == "astrid_kv_set");
  CHECK(f.notes[0] == "declare it as (import \"extism:host/user\" \"astrid_kv_set\" (func (param i64 i64)))");
  // The syscall is still counted as used, for the capability summary.
  CHECK(r.syscalls.size() == 1);
}

TEST_CASE("require-all passes for a capsule importing the whole table, per release") {
  for (const Release& release : releases()) {
    CheckOptions options;
    options.releases = {&release};
    options.require_all = true;
    Report full = check_wat(all_imports(release), options);
    INFO(release.name);
    // astrid_elicit is in every table, and this capsule has no install hook.
    CHECK(rule_ids(full) == std::vector<std::string_view>{"elicit-outside-install"});
    CHECK_FALSE(full.reaches(Severity::Error));
    CHECK(full.syscalls.size() == release.syscalls.size());
  }
  CheckOptions options;
  options.require_all = true;
  Report partial = check_wat(tool(R"((import "extism:host/user" "astrid_log" (func (param i64 i64))))"), options);
  CHECK(partial.findings.size() == 47);
  CHECK(rule_ids(partial) == std::vector<std::string_view>(47, "missing-syscall"));
  CHECK_FALSE(partial.findings[0].offset.has_value());
  CHECK(partial.findings[0].module == "extism:host/user");
  CHECK(partial.findings[0].name == "astrid_fs_exists");
}

TEST_CASE("required names are checked against the release") {
  CheckOptions options;
  options.require = {"astrid_log", "astrid_http_stream_start", "nope"};
  auto unknown = unknown_required_syscall(options);
  REQUIRE(unknown);
  CHECK(unknown->name == "astrid_http_stream_start");
  CHECK(unknown->release->name == "v0.2.0");
  options.releases = {find_release("v0.4.0")};
  CHECK(unknown_required_syscall(options)->name == "nope");
  options.require = {"astrid_log", "astrid_http_stream_start"};
  CHECK_FALSE(unknown_required_syscall(options));
  // With several releases, a name must be in every one of them.
  options.releases = {find_release("v0.4.0"), find_release("v0.5.0")};
  options.require = {"astrid_cron_cancel"};
  CHECK(unknown_required_syscall(options)->release->name == "v0.5.0");
}

TEST_CASE("imports the kernel cannot link") {
  Report r = check_wat(tool(R"(
    (import "env" "astrid_log" (func (param i64 i64)))
    (import "extism:host/env" "memory" (memory 1))
    (import "extism:host/env" "alloc" (func (param i32) (result i32)))
    (import "extism:host/env" "astrid_log" (func (param i64 i64)))
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))))"));
  CHECK(rule_ids(r) == std::vector<std::string_view>{"unknown-import-module", "non-function-import",
                                                     "mistyped-host-function", "unknown-host-function"});
  CHECK(r.findings[0].notes == std::vector<std::string>{"'astrid_log' is a syscall: import it from 'extism:host/user'"});
  CHECK(r.findings[3].notes == std::vector<std::string>{"'astrid_log' is a syscall: import it from 'extism:host/user'"});
}

TEST_CASE("a JavaScript capsule is recognised and not held to run-loop rules") {
  Report r = check_wat(R"((module
    (import "shim" "__invokeHostFunc" (func (param i32 i64 i64 i64 i64 i64) (result i64)))
    (func (export "run") (result i32) (i32.const 0))))");
  CHECK(r.javascript);
  CHECK(rule_ids(r) == std::vector<std::string_view>{"javascript-capsule"});
  CHECK(r.findings[0].severity == Severity::Note);
}

TEST_CASE("entry points, roles and lifecycle rules") {
  Report r = check_wat(R"((module
    (import "extism:host/user" "astrid_elicit" (func (param i64) (result i64)))
    (memory 1025)
    (func (export "astrid_hook_trigger") (result i64) (i64.const 0))
    (func (export "run") (result i32) (i32.const 0))))");
  CHECK(rule_ids(r) == std::vector<std::string_view>{"elicit-outside-install", "memory-limit", "mistyped-entry-point",
                                                     "missing-signal-ready"});
  CHECK(r.roles == std::vector<std::string_view>{"run-loop", "interceptor"});
  CHECK(r.findings[2].expected == "() -> i32");
  CHECK(r.findings[2].actual == "() -> i64");
  CHECK(r.reaches(Severity::Error));

  Report library = check_wat(R"((module (func (export "helper"))))");
  CHECK(rule_ids(library) == std::vector<std::string_view>{"no-entry-point"});
  CHECK_FALSE(library.reaches(Severity::Warning));
  CHECK(library.reaches(Severity::Note));
}

TEST_CASE("findings come in file order, module-wide ones last") {
  CheckOptions options;
  options.require = {"astrid_log"};
  Report r = check_wat(R"((module
    (import "extism:host/user" "astrid_zzz" (func))
    (import "nope" "x" (func))
    (func (export "run") (result i32) (i32.const 0))))",
                       options);
  REQUIRE(r.findings.size() == 4);
  for (size_t i = 1; i + 1 < r.findings.size(); ++i) CHECK(*r.findings[i - 1].offset <= *r.findings[i].offset);
  CHECK(r.findings.back().rule->id == "missing-syscall");
}
