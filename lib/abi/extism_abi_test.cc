#include "abi/extism_abi.h"

#include <map>
#include <set>

#include "catch.h"

using namespace astrid;

TEST_CASE("each release has the reference's number of syscalls") {
  std::map<std::string_view, size_t> expected = {
      {"v0.2.0", 48}, {"v0.3.0", 48}, {"v0.4.0", 51}, {"v0.5.0", 49}, {"v0.5.1", 49}};
  REQUIRE(releases().size() == expected.size());
  for (const Release& r : releases()) CHECK(r.syscalls.size() == expected.at(r.name));
  CHECK(default_release().name == "v0.2.0");
}

TEST_CASE("v0.2.0 has the group sizes and signature shapes astrid-sys documents") {
  const Release& r = *find_release("v0.2.0");
  std::map<Group, int> groups;
  int no_result = 0;
  std::map<size_t, int> by_arity;
  for (const Syscall* s : r.syscalls) {
    ++groups[s->group];
    no_result += s->returns_bytes ? 0 : 1;
    ++by_arity[s->args.size()];
  }
  CHECK(groups == std::map<Group, int>{{Group::Filesystem, 7}, {Group::IPC, 7}, {Group::Storage, 7},
                                       {Group::Network, 7}, {Group::Identity, 5}, {Group::Process, 4},
                                       {Group::Lifecycle, 5}, {Group::System, 6}});
  CHECK(no_result == 13);
  CHECK(by_arity[0] == 4);
  CHECK(by_arity[2] == 6);
  CHECK(by_arity[3] == 3);
  CHECK(by_arity[1] == 48 - 4 - 6 - 3);
}

TEST_CASE("syscall numbers follow each release's table") {
  const Release& v020 = *find_release("v0.2.0");
  const Release& v040 = *find_release("v0.4.0");
  const Release& v050 = *find_release("v0.5.0");
  CHECK(v020.number_of("astrid_fs_exists") == 0u);
  CHECK(v020.number_of("astrid_net_poll_accept") == 47u);
  CHECK(v040.number_of("astrid_http_stream_start") == 48u);
  CHECK(v040.number_of("astrid_http_stream_close") == 50u);
  CHECK(!v050.find("astrid_cron_schedule"));
  CHECK(!v050.find("astrid_cron_cancel"));
  CHECK(!v020.find("astrid_http_stream_read"));
  // From astrid_spawn_host on, v0.5.0 numbers are two lower than v0.4.0's.
  for (size_t n = *v040.number_of("astrid_spawn_host"); n < v040.syscalls.size(); ++n)
    CHECK(v050.number_of(v040.syscalls[n]->name) == n - 2);
}

TEST_CASE("every syscall's signature is i64 arguments and at most one i64 result") {
  for (const Syscall& s : all_syscalls()) {
    const FuncSig sig = s.signature();
    CHECK(sig.params == std::vector<ValType>(s.args.size(), ValType::I64));
    CHECK(sig.results.size() == (s.returns_bytes ? 1u : 0u));
  }
  CHECK(format_arrow(find_any_syscall("astrid_write_file")->signature()) == "(i64, i64) -> ()");
  CHECK(format_wat(find_any_syscall("astrid_read_file")->signature()) == "(param i64) (result i64)");
}

TEST_CASE("release names are accepted with or without the v") {
  CHECK(find_release("0.4.0") == find_release("v0.4.0"));
  CHECK(find_release("v0.5.1")->name == "v0.5.1");
  CHECK(find_release("0.2") == nullptr);
  CHECK(find_release("") == nullptr);
  CHECK(find_release("v") == nullptr);
}

TEST_CASE("the other host modules have the reference's functions") {
  CHECK(host_module_functions(kExtismEnvModule).size() == 32);
  CHECK(host_module_functions(kWasiModule).size() == 45);
  CHECK(host_module_functions(kShimModule).size() == 3);
  CHECK(host_module_functions("env").empty());
  CHECK(is_host_module(kSyscallModule));
  CHECK_FALSE(is_host_module("env"));
  for (const HostFunction& fn : host_module_functions(kWasiModule)) {
    const std::vector<ValType> expected = fn.name == "proc_exit" ? std::vector<ValType>{} : std::vector{ValType::I32};
    CHECK(fn.signature.results == expected);
  }
}

TEST_CASE("names are unique within each module") {
  std::set<std::string_view> syscalls;
  for (const Syscall& s : all_syscalls()) CHECK(syscalls.insert(s.name).second);
  for (std::string_view m : {kExtismEnvModule, kWasiModule, kShimModule}) {
    std::set<std::string_view> names;
    for (const HostFunction& fn : host_module_functions(m)) CHECK(names.insert(fn.name).second);
  }
}

TEST_CASE("gates read as the reference writes them") {
  CHECK(describe_gate(find_any_syscall("astrid_read_file")->gate) == "fs_read");
  CHECK(describe_gate(find_any_syscall("astrid_http_request")->gate) == "net (host allowlist)");
  CHECK(describe_gate(find_any_syscall("astrid_identity_create_user")->gate) == "identity: admin");
  CHECK(describe_gate(find_any_syscall("astrid_kv_get")->gate) == "— (KV is scoped per capsule)");
  CHECK(describe_gate(find_any_syscall("astrid_log")->gate) == "—");
  CHECK(describe_gate(find_any_syscall("astrid_elicit")->gate) == "only inside the install/upgrade hooks");
}
