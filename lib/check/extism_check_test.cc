#include "check/extism_check.h"


#include "wasm/module_reader.h"
#include "check/rules.h"
#include "wat.h"

#include "catch.h"

using namespace astrid;

namespace {

Report check_wat(const std::string& wat, CheckOptions options = {}) {
  MemorySource source(test::wat_to_wasm(wat));
  auto read = read_module(source);
  REQUIRE(read.has_value());
  return check_module(*read, options);
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
  // v0.5 calls no astrid_tool_call, so this tool capsule has no entry point there.
  REQUIRE(rule_ids(removed) == std::vector<std::string_view>{"unknown-syscall", "no-entry-point"});
  CHECK(removed.findings[0].notes[0] == "'astrid_cron_cancel' was removed in v0.5.0; the last release with it is v0.4.0");
}

TEST_CASE("mis-typed syscalls carry both signatures") {
  Report r = check_wat(tool(R"((import "extism:host/user" "astrid_kv_set" (func (param i32 i32) (result i32))))"));
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.rule->id == "mistyped-syscall");
  // As values, rendered late.
  REQUIRE(f.expected);
  REQUIRE(f.actual);
  CHECK(std::get<FuncSig>(*f.expected) == FuncSig{{ValType::I64, ValType::I64}, {}});
  CHECK(std::get<FuncSig>(*f.actual) == FuncSig{{ValType::I32, ValType::I32}, {ValType::I32}});
  CHECK(to_text(*f.expected) == "(i64, i64) -> ()");
  CHECK(to_text(*f.actual) == "(i32, i32) -> i32");
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
    // astrid_elicit is in every table, and this capsule has no install
    // hook; from v0.5.0 on, its astrid_tool_call is no entry point.
    const std::vector<std::string_view> expected =
        release.index < find_release("v0.5.0")->index
            ? std::vector<std::string_view>{"elicit-outside-install"}
            : std::vector<std::string_view>{"elicit-outside-install", "no-entry-point"};
    CHECK(rule_ids(full) == expected);
    CHECK_FALSE(full.reaches(Severity::Error));
    CHECK(full.syscalls.size() == release.syscalls.size());
  }
  CheckOptions options;
  options.require_all = true;
  Report partial = check_wat(tool(R"((import "extism:host/user" "astrid_log" (func (param i64 i64))))"), options);
  // 47 = the reference's 48 syscalls of v0.2.0 less astrid_log, written
  // out on purpose: a cross-check of the table that does not come from it.
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
    (import "extism:host/env" "table" (table 1 funcref))
    (import "extism:host/env" "alloc" (func (param i32) (result i32)))
    (import "extism:host/env" "astrid_log" (func (param i64 i64)))
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))))"));
  CHECK(rule_ids(r) == std::vector<std::string_view>{"unknown-import-module", "non-function-import",
                                                     "mistyped-host-function", "unknown-host-function"});
  CHECK(r.findings[0].notes == std::vector<std::string>{"'astrid_log' is a syscall: import it from 'extism:host/user'"});
  CHECK(r.findings[3].notes == std::vector<std::string>{"'astrid_log' is a syscall: import it from 'extism:host/user'"});
  // Extism's kernel instance exports its memory: importing it links.
  CHECK(r.findings[1].name == "table");
}

TEST_CASE("wasi_unstable links, unchecked: one note for all its imports") {
  Report r = check_wat(tool(R"(
    (import "wasi_unstable" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
    (import "wasi_unstable" "anything" (func)))"));
  CHECK(rule_ids(r) == std::vector<std::string_view>{"unchecked-import"});
  CHECK(r.findings[0].severity == Severity::Note);
  CHECK_FALSE(r.findings[0].rule->blocks_load);
}

TEST_CASE("findings past the per-rule cap are summed up in one") {
  std::string imports;
  for (size_t i = 0; i < kMaxFindingsPerRule + 7; ++i)
    imports += "(import \"extism:host/user\" \"nope" + std::to_string(i) + "\" (func))\n";
  Report r = check_wat(tool(imports));
  CHECK(r.findings.size() == kMaxFindingsPerRule + 1);
  const Finding& last = r.findings.back();
  CHECK(last.rule->id == "unknown-syscall");
  CHECK(!last.offset);
  CHECK(message(last) == "7 more unknown-syscall findings in this module are not listed");
}

TEST_CASE("with several releases, one finding per problem, naming its releases") {
  CheckOptions all;
  for (const Release& r : releases()) all.releases.push_back(&r);
  Report r = check_wat(tool(R"((import "extism:host/user" "astrid_cron_cancel" (func (param i64)))
                               (import "extism:host/user" "astrid_http_stream_close" (func (param i64))))"),
                       all);
  std::vector<std::string> messages;
  for (const Finding& f : r.findings) messages.push_back(message(f));
  CHECK(messages == std::vector<std::string>{
                        "unknown syscall 'astrid_cron_cancel': not registered by kernels v0.5.0 and v0.5.1, so the "
                        "capsule will not load",
                        "unknown syscall 'astrid_http_stream_close': not registered by kernels v0.2.0 and v0.3.0, so "
                        "the capsule will not load",
                        "the capsule exports no entry point that kernels v0.5.0 and v0.5.1 call (run, "
                        "astrid_hook_trigger, astrid_install, astrid_upgrade)"});
  CHECK(blockers(r, kernel_release(*find_release("v0.4.0"))).empty());
  CHECK(blockers(r, kernel_release(*find_release("v0.2.0"))).size() == 1);
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
  CHECK(to_text(*r.findings[2].expected) == "() -> i32");
  CHECK(to_text(*r.findings[2].actual) == "() -> i64");
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
